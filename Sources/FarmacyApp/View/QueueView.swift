import FarmacyStore
import Foundation
import TerminalKit

/// The outbox, live: jobs by state with attempts, age, next attempt and last error.
enum QueueView {
  static func stateName(_ state: OutboxJob.State) -> String {
    switch state {
    case .pending: "pending"
    case .inFlight: "in flight"
    case .deferred: "waiting"
    case .done: "done"
    case .dead: "dead"
    }
  }

  static func render(_ state: AppState, theme: Theme, focused: Bool, in area: Rect, buffer: inout Buffer) {
    let queue = state.queue
    var title = "Sync queue"
    if queue.isPaused { title += " · paused" }
    if queue.isSyncing { title += " · syncing" }
    let block = AppView.paneBlock(title, theme: theme, focused: focused)
    block.render(in: area, buffer: &buffer)
    let inner = block.inner(area)
    guard inner.height > 0 else { return }
    var counts: [Span] = []
    for jobState in [OutboxJob.State.pending, .inFlight, .deferred, .dead] {
      let count = queue.counts[jobState] ?? 0
      let style: Style = jobState == .dead && count > 0 ? theme[.error] : count > 0 ? theme[.header] : theme[.dim]
      counts.append(Span("\(stateName(jobState)) \(count)", style: style))
      counts.append(Span("  "))
    }
    if let oldest = queue.oldest[.pending] ?? queue.oldest[.deferred] {
      counts.append(Span("oldest \(Formatting.age(from: oldest, to: state.now))", style: theme[.dim]))
    }
    buffer.setLine(Line(counts), in: inner.row(0))
    var top = inner.y + 1
    if AppLayout(state: state).queueBarRows > 0, let pull = queue.pull {
      renderPull(pull, theme: theme, in: inner.row(1), buffer: &buffer)
      top += 1
    }
    let preview = queue.retryFilter.map { _ in retryCandidates(queue) }
    if let preview, top < inner.bottom {
      let dead = queue.jobs.filter { $0.state == .dead }.count
      let filter = queue.retryFilter?.text ?? ""
      let text =
        "Retry preview: \(preview.count) of \(dead) dead job(s)"
        + (filter.isEmpty ? "" : " match \"\(filter)\"") + " · "
        + Formatting.hint([(state.keys.retryPreview.retry, "retries them"), (state.keys.retryPreview.cancel, "cancels")])
      buffer.setLine(Line(text, style: theme[.warning]), in: Rect(x: inner.x, y: top, width: inner.width, height: 1))
      top += 1
    }
    let tableArea = Rect(x: inner.x, y: top, width: inner.width, height: max(0, inner.bottom - top))
    let jobs = preview ?? queue.jobs
    guard !jobs.isEmpty else {
      if preview != nil {
        buffer.setLine(Line("No dead job matches.", style: theme[.dim]), in: tableArea.row(1), alignment: .center)
        return
      }
      let text =
        queue.isLoading && queue.jobs.isEmpty ? "Loading…" : "Nothing waiting: every saved change has reached Odoo."
      buffer.setLine(Line(text, style: theme[.dim]), in: tableArea.row(1), alignment: .center)
      return
    }
    let rows = jobs.map { job -> TableRow in
      let stateStyle: Style =
        switch job.state {
        case .dead: theme[.error]
        case .deferred: theme[.warning]
        case .inFlight: theme[.info]
        default: .plain
        }
      let detail: Line
      if let error = job.lastError {
        let prefix =
          job.state == .deferred ? "retry \(Formatting.countdown(to: job.nextAttemptAt, from: state.now)): " : ""
        detail = Line(prefix + error, style: job.state == .dead ? theme[.error] : theme[.dim])
      } else {
        detail = Line(job.action.map { "\($0.verb)" } ?? "", style: theme[.dim])
      }
      return TableRow([
        Line("\(job.id)"), Line(job.orderReference), Line(job.kind.rawValue),
        Line(stateName(job.state), style: stateStyle),
        Line("\(job.attempts)"), Line(Formatting.age(from: job.createdAt, to: state.now)), detail,
      ])
    }
    var table = preview == nil ? queue.table : TableState(selected: nil)
    Table(
      columns: [
        TableColumn("Job", width: .fixed(6)), TableColumn("Order", width: .fixed(8)),
        TableColumn("Kind", width: .fixed(6)),
        TableColumn("State", width: .fixed(9)), TableColumn("Tries", width: .fixed(5), alignment: .right),
        TableColumn("Age", width: .fixed(4), alignment: .right), TableColumn("Next / last error", width: .fill(1)),
      ], rows: rows
    ).headerStyle(theme[.header]).highlightStyle(focused ? theme[.selection] : .plain)
      .render(in: tableArea, buffer: &buffer, state: &table)
  }

  /// The progress bar of a first pull: the model being read, and how far.
  private static func renderPull(_ pull: PullProgress, theme: Theme, in area: Rect, buffer: inout Buffer) {
    let what = pull.model.isEmpty ? "starting" : pull.model
    let count = pull.total.map { "\(Formatting.count(pull.done)) of \(Formatting.count($0))" } ?? Formatting.count(pull.done)
    let label = "First pull: \(what) \(count)"
    guard let ratio = pull.ratio else {
      buffer.setLine(Line(label, style: theme[.info]), in: area)
      return
    }
    Gauge(ratio: ratio).label(label + " (\(Int((ratio * 100).rounded(.down)))%)").filledStyle(theme[.selection])
      .style(theme[.dim]).render(in: area, buffer: &buffer)
  }
}

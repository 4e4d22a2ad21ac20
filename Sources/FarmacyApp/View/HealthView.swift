import Foundation
import TerminalKit

/// The Odoo connection, live: the circuit breaker, failures, transitions, latency, throughput.
enum HealthView {
  static func render(_ state: AppState, theme: Theme, focused: Bool, in area: Rect, buffer: inout Buffer) {
    let health = state.health
    let sample = health.sample
    let block = AppView.paneBlock("Health", theme: theme, focused: focused)
    block.render(in: area, buffer: &buffer)
    let inner = block.inner(area).inset(horizontal: 1, vertical: 0)
    guard inner.height > 0 else { return }
    let breakerHeight = inner.height >= 14 ? 3 : 1
    let parts = Layout.vertical([.fixed(breakerHeight), .fixed(2), .fixed(4), .fixed(4), .fill(1)]).split(inner)

    // The breaker, large and coloured.
    let breakerStyle = Formatting.breakerStyle(sample.breakerState, theme: theme)
    buffer.fill(parts[0], with: Cell(" ", style: breakerStyle))
    let label = "CIRCUIT \(sample.breakerState.uppercased())"
    let explanation =
      switch sample.breakerState {
      case "open": " — Odoo calls are refused for now"
      case "half-open": " — trying Odoo again"
      default: " — Odoo calls go through"
      }
    buffer.setLine(
      Line(label + explanation, style: breakerStyle), in: parts[0].row(parts[0].height / 2), alignment: .center)

    let failureStyle = sample.consecutiveFailures > 0 ? theme[.warning] : theme[.dim]
    buffer.setLine(
      Line([
        Span("Failures ", style: theme[.dim]),
        Span("\(sample.consecutiveFailures) / \(sample.failureThreshold)", style: failureStyle),
        Span(" in a row · rate \(Int((sample.failureRate * 100).rounded()))%", style: theme[.dim]),
      ]), in: parts[1].row(0))
    var server = [Span("Server ", style: theme[.dim]), Span(sample.server)]
    if let version = sample.version { server.append(Span(" · Odoo \(version)")) }
    if let protocolName = sample.protocolName { server.append(Span(" · \(protocolName)")) }
    buffer.setLine(Line(server), in: parts[1].row(1))

    let metrics = sample.metrics
    let latencyTitle = String(
      format: " Push latency p50 %.0f · p90 %.0f · p99 %.0f ms ", metrics.latencyP50Ms, metrics.latencyP90Ms,
      metrics.latencyP99Ms)
    Sparkline(health.latencyHistory).style(theme[.sparkline])
      .block(Block().borders(.top).title(Line(latencyTitle, style: theme[.header])).borderStyle(theme[.border]))
      .render(in: parts[2], buffer: &buffer)
    let pushed = metrics.throughputPerMinute.reduce(0, +)
    Sparkline(metrics.throughputPerMinute).style(theme[.sparkline])
      .block(
        Block().borders(.top).title(
          Line(" Pushed per minute, last 30 min: \(pushed) (\(metrics.succeeded) in all) ", style: theme[.header])
        )
        .borderStyle(theme[.border])
      )
      .render(in: parts[3], buffer: &buffer)

    var lines = [Line(" Breaker history", style: theme[.header])]
    if health.transitions.isEmpty {
      lines.append(
        Line("No transitions yet" + (health.lastPull.map { "; last pull: \($0)" } ?? ""), style: theme[.dim]))
    }
    for transition in health.transitions.reversed() {
      lines.append(
        Line([
          Span(Formatting.age(from: transition.at, to: state.now) + " ago ", style: theme[.dim]),
          Span(transition.from), Span(" → "),
          Span(transition.to, style: Formatting.breakerStyle(transition.to, theme: theme)),
          Span(" " + transition.reason, style: theme[.dim]),
        ]))
    }
    Paragraph(lines).render(in: parts[4], buffer: &buffer)
  }
}

import TerminalKit

/// Where each part of the screen goes for a state's size, layout and pane. Shared by the views
/// and the reducer (which needs the number of visible rows for paging and scrolling).
package struct AppLayout: Equatable {
  package var header = Rect.zero
  package var body = Rect.zero
  package var banner: Rect?
  package var status = Rect.zero
  package var panes: [Pane: Rect] = [:]
  /// Rows of the queue pane above its table given to the first pull's progress bar.
  package var queueBarRows = 0

  package init(state: AppState) {
    let area = Rect(origin: Position(x: 0, y: 0), size: state.size)
    guard state.layout != .tooSmall else {
      body = area
      return
    }
    let rows = Layout.vertical([.fixed(1), .fill(1), .fixed(state.connection.isDemo ? 1 : 0), .fixed(1)]).split(area)
    header = rows[0]
    body = rows[1]
    banner = state.connection.isDemo ? rows[2] : nil
    status = rows[3]
    if state.layout == .dashboard && state.pane != .conflicts {
      let columns = Layout.horizontal([.percent(58), .fill(1)]).split(body)
      let right = Layout.vertical([.percent(50), .fill(1)]).split(columns[1])
      panes = [.orders: columns[0], .queue: right[0], .health: right[1]]
    } else {
      panes = [state.pane: body]
    }
    // The bar shows during a first pull when the pane has room for it (see QueueView).
    if let queue = panes[.queue], state.queue.pull?.isFull == true, queue.height - 2 > 4 { queueBarRows = 1 }
  }

  /// Order rows visible in the list: the pane less its borders and the header row.
  package var ordersVisibleRows: Int { max(0, (panes[.orders]?.height ?? 0) - 3) }
  /// Job rows visible in the queue: the pane less its borders, the counts line and the header.
  package var queueVisibleRows: Int { max(0, (panes[.queue]?.height ?? 0) - 4 - queueBarRows) }
}

import Testing
import TerminalKit
import TerminalKitTestSupport

/// Whole screens composed from several widgets, checked against golden files.
@Suite struct ScreenSnapshotTests {
  private func orderScreen(width: Int, height: Int) -> Buffer {
    var buffer = Buffer(width: width, height: height)
    let rows = Layout.vertical([.fixed(1), .fill(1), .fixed(1)]).split(buffer.area)
    Tabs(["Orders", "Queue", "Health", "Conflicts"]).select(0).render(in: rows[0], buffer: &buffer)
    let body = Layout.horizontal([.percent(65), .fill(1)]).split(rows[1])
    let orders = ComputedRows(count: 1000) { index in
      TableRow(["PO-\(String(format: "%04d", index))", index % 3 == 0 ? "Vetpharma GmbH" : "動物薬品 株式会社", "\(index * 7).50"])
    }
    var state = TableState(selected: 2)
    Table(columns: [
      TableColumn("Order", width: .fixed(8)),
      TableColumn("Vendor", width: .fill(1)),
      TableColumn("Total", width: .fixed(9), alignment: .right),
    ], rows: orders).sort(SortIndicator(column: 0)).highlightSymbol("▶ ")
      .block(.bordered(title: "Purchase orders"))
      .render(in: body[0], buffer: &buffer, state: &state)
    let side = Layout.vertical([.fill(1), .fixed(3), .fixed(3)]).split(body[1])
    Paragraph("Vendor: Vetpharma GmbH\nNote: deliver before 10:00 \u{1B}[31m(urgent)\nStatus: draft 🐶")
      .wrap().block(.bordered(title: "Details")).render(in: side[0], buffer: &buffer)
    Sparkline([1, 3, 2, 5, 8, 6, 4, 7, 9, 3, 2, 6]).block(.bordered(title: "req/s")).render(in: side[1], buffer: &buffer)
    Gauge(ratio: 0.42).block(.bordered(title: "Sync")).render(in: side[2], buffer: &buffer)
    StatusBar("3 orders pending sync").hint("? help  q quit").render(in: rows[2], buffer: &buffer)
    return buffer
  }

  @Test func orderScreen80x24() throws {
    try expectSnapshot(of: orderScreen(width: 80, height: 24), named: "orderScreen80x24")
  }

  @Test func orderScreen20x5() throws {
    try expectSnapshot(of: orderScreen(width: 20, height: 5), named: "orderScreen20x5")
  }
}

import TerminalKit

/// Measurements of TerminalKit's own work for one frame, used by the TerminalKit benchmarks
/// (`scripts/bench`).
public enum RenderBenchmark {
  /// A large order list computed on demand: what the orders screen shows.
  public struct Orders: TableRowSource {
    public let rowCount: Int
    /// A row whose content differs, to simulate one order changing.
    public var changedRow: Int?

    public init(rowCount: Int, changedRow: Int? = nil) {
      self.rowCount = rowCount
      self.changedRow = changedRow
    }

    public func row(at index: Int) -> TableRow {
      let states = ["draft", "sent", "confirmed", "cancelled"]
      let changed = index == changedRow
      return TableRow([
        Line("PO-\(index)"),
        Line(index % 5 == 0 ? "動物薬品 株式会社" : "Vetpharma GmbH"),
        Line(changed ? "synced" : states[index % 4], style: Style().foreground(changed ? .green : .yellow)),
        Line("\(index * 37 % 10_000).\(changed ? 99 : index % 100)"),
      ])
    }
  }

  /// The table of the orders screen.
  public static func table(_ rows: Orders) -> Table<Orders> {
    Table(columns: [
      TableColumn("Order", width: .fixed(10)),
      TableColumn("Vendor", width: .fill(1)),
      TableColumn("State", width: .fixed(10)),
      TableColumn("Total", width: .fixed(10), alignment: .right),
    ], rows: rows).sort(SortIndicator(column: 0)).highlightSymbol("▶ ").block(.bordered(title: "Purchase orders"))
  }

  /// Renders the whole screen (table plus status bar) into a new buffer.
  public static func renderScreen(size: Size, rows: Orders, state: inout TableState) -> Buffer {
    var buffer = Buffer(size: size)
    let parts = Layout.vertical([.fill(1), .fixed(1)]).split(buffer.area)
    table(rows).render(in: parts[0], buffer: &buffer, state: &state)
    StatusBar("\(rows.rowCount) orders").hint("q quit").render(in: parts[1], buffer: &buffer)
    return buffer
  }

  /// The timings of ``renderAndDiff(size:rowCount:runs:)``, in nanoseconds.
  public struct Timings: Sendable {
    public var median: Int64
    public var p90: Int64
    public var min: Int64
    public var runs: Int
    /// Cells the last diff returned (the selection moves down a row per run, and since it sits
    /// on the last visible row, the whole table scrolls).
    public var changedCells: Int
  }

  /// Times rendering a full frame of a `rowCount`-row table and diffing it against the frame
  /// before, `runs` times, moving the selection one row each run (which scrolls the table).
  public static func renderAndDiff(size: Size = Size(width: 200, height: 60), rowCount: Int = 100_000, runs: Int = 200) -> Timings {
    let clock = ContinuousClock()
    let rows = Orders(rowCount: rowCount)
    var state = TableState(selected: rowCount / 2)
    var previous = renderScreen(size: size, rows: rows, state: &state)
    var samples: [Int64] = []
    var changed = 0
    for _ in 0..<max(1, runs) {
      state.selectNext(count: rowCount)
      let start = clock.now
      let frame = renderScreen(size: size, rows: rows, state: &state)
      let updates = frame.diff(from: previous)
      let elapsed = start.duration(to: clock.now)
      samples.append(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
      changed = updates.count
      previous = frame
    }
    samples.sort()
    return Timings(
      median: samples[samples.count / 2], p90: samples[samples.count * 9 / 10], min: samples[0], runs: samples.count,
      changedCells: changed)
  }
}

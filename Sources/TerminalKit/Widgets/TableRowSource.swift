/// Supplies a ``Table``'s rows on demand, so a table of 100,000 orders costs what one screen
/// costs: the table asks only for the rows it is about to draw.
///
/// ```swift
/// struct OrderRows: TableRowSource {
///   let orders: [PurchaseOrder]
///   var rowCount: Int { orders.count }
///   func row(at index: Int) -> TableRow {
///     let order = orders[index]
///     return TableRow([order.name, order.vendorName, order.total.formatted()])
///   }
/// }
/// ```
public protocol TableRowSource {
  var rowCount: Int { get }
  /// The row at `index`, `0 ..< rowCount`. Called only for visible rows, once per frame.
  func row(at index: Int) -> TableRow
}

/// One table row: a styled line per column, and a style for the whole row.
public struct TableRow: Hashable, Sendable {
  public var cells: [Line]
  public var style: Style

  public init(_ cells: [Line], style: Style = .plain) {
    self.cells = cells
    self.style = style
  }

  public init(_ cells: [String], style: Style = .plain) {
    self.init(cells.map { Line($0) }, style: style)
  }
}

/// Rows held in memory.
extension Array: TableRowSource where Element == TableRow {
  public var rowCount: Int { count }
  public func row(at index: Int) -> TableRow { self[index] }
}

/// Rows computed by a closure, for sources that live elsewhere (a database window, a cache).
public struct ComputedRows: TableRowSource {
  public let rowCount: Int
  private let make: (Int) -> TableRow

  public init(count: Int, _ make: @escaping (Int) -> TableRow) {
    self.rowCount = count
    self.make = make
  }

  public func row(at index: Int) -> TableRow { make(index) }
}

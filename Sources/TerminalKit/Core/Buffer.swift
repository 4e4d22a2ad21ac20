/// A grid of cells that widgets draw into, one frame's worth of screen.
///
/// Widgets never talk to the terminal: they write into a `Buffer`, the ``Terminal`` compares it
/// with the previous frame (``diff(from:)``) and hands only the changed cells to the backend.
/// Tests compare buffers directly:
///
/// ```swift
/// var buffer = Buffer(width: 10, height: 1)
/// buffer.setString("Ready", x: 0, y: 0)
/// #expect(buffer == Buffer(lines: ["Ready     "]))
/// ```
///
/// Every string written is sanitised (see ``TextSanitizer``) and measured with
/// ``DisplayWidth``; writes outside the grid are clipped. A wide character that would straddle
/// the right edge of the area being written is not drawn.
public struct Buffer: Hashable, Sendable {
  public private(set) var width: Int
  public private(set) var height: Int
  private var cells: [Cell]

  /// An empty (all spaces) buffer.
  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    self.cells = Array(repeating: .blank, count: self.width * self.height)
  }

  public init(size: Size) { self.init(width: size.width, height: size.height) }

  /// A buffer holding `lines`, one per row, as wide as the widest line; shorter lines are
  /// padded with spaces. The natural way to write the expected screen in a test.
  public init(lines: [String]) {
    let width = lines.map { DisplayWidth.of($0) }.max() ?? 0
    self.init(width: width, height: lines.count)
    for (row, line) in lines.enumerated() {
      setString(line, x: 0, y: row)
    }
  }

  /// The whole buffer as a rectangle at the origin.
  public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }
  public var size: Size { Size(width: width, height: height) }

  // MARK: - Reading and writing cells

  /// The cell at column `x`, row `y`. Reading outside the grid returns a blank cell; writing
  /// outside it does nothing. Writing keeps wide characters whole: see ``Cell``.
  public subscript(x: Int, y: Int) -> Cell {
    get {
      guard contains(x: x, y: y) else { return .blank }
      return cells[y * width + x]
    }
    set {
      guard contains(x: x, y: y) else { return }
      if newValue.isContinuation {
        // A continuation cell only makes sense next to its leader; keep the grid consistent.
        put(.space(style: newValue.style), x: x, y: y)
      } else {
        put(newValue, x: x, y: y)
      }
    }
  }

  private func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

  /// Writes a leading (or narrow) cell, repairing any wide character it breaks.
  private mutating func put(_ cell: Cell, x: Int, y: Int) {
    let rowStart = y * width
    let index = rowStart + x
    // Overwriting the right half of a wide character: its left half becomes a space.
    if cells[index].isContinuation, x > 0 {
      cells[index - 1] = .space(style: cells[index - 1].style)
    }
    // Overwriting the left half of a wide character: its right half becomes a space.
    if cells[index].width == 2, x + 1 < width {
      cells[index + 1] = .space(style: cells[index + 1].style)
    }
    if cell.width == 2 {
      guard x + 1 < width else {
        cells[index] = .space(style: cell.style)
        return
      }
      if cells[index + 1].width == 2, x + 2 < width {
        cells[index + 2] = .space(style: cells[index + 2].style)
      }
      cells[index + 1] = .continuation(style: cell.style)
    }
    cells[index] = cell
  }

  /// Writes `text` from column `x` of row `y`, at most `maxWidth` columns, and returns the
  /// column after the last one written.
  ///
  /// Each cell's style is its old style patched with `style` (see ``Style/patched(with:)``),
  /// so text keeps a background already painted. Nothing is drawn outside the grid; a wide
  /// character that does not fit in the remaining width is left out.
  @discardableResult
  public mutating func setString(
    _ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int = .max
  ) -> Int {
    guard y >= 0, y < height, maxWidth > 0 else { return x }
    let limit = min(width, x.addingReportingOverflow(maxWidth).overflow ? width : x + maxWidth)
    var column = x
    // Printable ASCII, most of what is drawn, is one cell per byte: no grapheme breaking.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
      for byte in text.utf8 {
        if column + 1 > limit { break }
        if column >= 0 {
          let old = cells[y * width + column].style
          put(.ascii(byte, style: old.patched(with: style)), x: column, y: y)
        }
        column += 1
      }
      return column
    }
    for character in TextSanitizer.sanitize(text) {
      let w = DisplayWidth.of(character)
      if w == 0 { continue }
      if column + w > limit { break }
      if column >= 0 {
        let old = cells[y * width + column].style
        put(.trusted(character, width: w, style: old.patched(with: style)), x: column, y: y)
      }
      column += w
    }
    return column
  }

  /// Writes a styled line from column `x` of row `y`, at most `maxWidth` columns; returns the
  /// column after the last one written. The line's alignment is not applied here.
  @discardableResult
  public mutating func setLine(_ line: Line, x: Int, y: Int, maxWidth: Int = .max) -> Int {
    var column = x
    for span in line.spans {
      let remaining = maxWidth == .max ? .max : maxWidth - (column - x)
      guard remaining > 0 else { break }
      column = setString(span.content, x: column, y: y, style: line.style.patched(with: span.style), maxWidth: remaining)
    }
    return column
  }

  /// Draws `line` inside `area` (its first row), aligned by the line's own alignment or
  /// `alignment`, truncated with an ellipsis when it is too wide.
  public mutating func setLine(_ line: Line, in area: Rect, alignment: Alignment = .left) {
    guard !area.isEmpty else { return }
    let fitted = line.truncated(toWidth: area.width)
    let gap = max(0, area.width - fitted.width)
    let offset: Int
    switch line.alignment ?? alignment {
    case .left: offset = 0
    case .center: offset = gap / 2
    case .right: offset = gap
    }
    setLine(fitted, x: area.x + offset, y: area.y, maxWidth: area.width - offset)
  }

  /// Lays `style` over every cell of `area` (clipped to the grid).
  public mutating func setStyle(_ style: Style, in area: Rect) {
    let clipped = area.intersection(self.area)
    guard !clipped.isEmpty else { return }
    for y in clipped.y..<clipped.bottom {
      for x in clipped.x..<clipped.right {
        cells[y * width + x].style = cells[y * width + x].style.patched(with: style)
      }
    }
  }

  /// Sets every cell of `area` to `cell` (clipped to the grid).
  public mutating func fill(_ area: Rect, with cell: Cell) {
    let clipped = area.intersection(self.area)
    guard !clipped.isEmpty else { return }
    for y in clipped.y..<clipped.bottom {
      var x = clipped.x
      while x < clipped.right {
        if cell.width == 2 && x + 1 >= clipped.right {
          put(.space(style: cell.style), x: x, y: y)
        } else {
          put(cell, x: x, y: y)
        }
        x += max(1, cell.width)
      }
    }
  }

  /// Blanks `area`: spaces in the default style. Popups clear what is under them first.
  public mutating func clear(_ area: Rect) { fill(area, with: .blank) }

  /// Blanks the whole buffer.
  public mutating func reset() {
    for index in cells.indices { cells[index] = .blank }
  }

  /// Changes the size; the buffer is blanked.
  public mutating func resize(to size: Size) {
    self = Buffer(size: size)
  }

  // MARK: - Comparing frames

  /// The cells that differ from `previous`, row by row, left to right.
  ///
  /// When the sizes differ every cell is returned. When only the right half of a wide
  /// character changed (its style, say) the leading cell is returned too, because a terminal
  /// can only redraw a wide character whole.
  public func diff(from previous: Buffer) -> [CellUpdate] {
    var updates: [CellUpdate] = []
    let sameSize = previous.width == width && previous.height == height
    for index in cells.indices {
      let cell = cells[index]
      if sameSize && previous.cells[index] == cell { continue }
      let x = index % width
      let y = index / width
      if cell.isContinuation {
        if x > 0, updates.last.map({ $0.x != x - 1 || $0.y != y }) ?? true {
          updates.append(CellUpdate(x: x - 1, y: y, cell: cells[index - 1]))
        }
        continue
      }
      updates.append(CellUpdate(x: x, y: y, cell: cell))
    }
    return updates
  }

  /// Applies updates produced by ``diff(from:)``; ``TestBackend`` uses this to mirror a screen.
  public mutating func apply(_ updates: [CellUpdate]) {
    for update in updates where contains(x: update.x, y: update.y) {
      put(update.cell, x: update.x, y: update.y)
    }
  }
}

/// A rectangle of cells: the area a widget draws into.
///
/// Widths and heights are never negative; operations that would shrink a rectangle past
/// nothing return an empty one, so widgets can compute sub-areas without guarding every step.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public init(origin: Position = Position(x: 0, y: 0), size: Size) {
    self.init(x: origin.x, y: origin.y, width: size.width, height: size.height)
  }

  public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

  public var description: String { "Rect(x: \(x), y: \(y), width: \(width), height: \(height))" }

  /// One past the last column.
  public var right: Int { x + width }
  /// One past the last row.
  public var bottom: Int { y + height }
  public var isEmpty: Bool { width == 0 || height == 0 }
  public var area: Int { width * height }
  public var size: Size { Size(width: width, height: height) }

  public func contains(_ position: Position) -> Bool {
    position.x >= x && position.x < right && position.y >= y && position.y < bottom
  }

  /// The part of both rectangles, empty when they do not meet.
  public func intersection(_ other: Rect) -> Rect {
    let left = max(x, other.x)
    let top = max(y, other.y)
    let newRight = min(right, other.right)
    let newBottom = min(bottom, other.bottom)
    guard newRight > left, newBottom > top else { return Rect(x: left, y: top, width: 0, height: 0) }
    return Rect(x: left, y: top, width: newRight - left, height: newBottom - top)
  }

  /// Shrinks the rectangle by `horizontal` columns on the left and right and `vertical` rows at
  /// the top and bottom.
  public func inset(horizontal: Int = 0, vertical: Int = 0) -> Rect {
    let newWidth = width - 2 * horizontal
    let newHeight = height - 2 * vertical
    guard newWidth > 0, newHeight > 0 else {
      return Rect(x: x + min(horizontal, width / 2), y: y + min(vertical, height / 2), width: 0, height: 0)
    }
    return Rect(x: x + horizontal, y: y + vertical, width: newWidth, height: newHeight)
  }

  /// Shrinks the rectangle by `amount` on every side.
  public func inset(by amount: Int) -> Rect { inset(horizontal: amount, vertical: amount) }

  /// A rectangle of at most `width`×`height` centred in this one, as popups use.
  public func centered(width: Int, height: Int) -> Rect {
    let w = min(width, self.width)
    let h = min(height, self.height)
    return Rect(x: x + (self.width - w) / 2, y: y + (self.height - h) / 2, width: w, height: h)
  }

  /// The row `offset` rows down, one cell high; empty past the bottom.
  public func row(_ offset: Int) -> Rect {
    guard offset >= 0, offset < height else { return Rect(x: x, y: y + offset, width: 0, height: 0) }
    return Rect(x: x, y: y + offset, width: width, height: 1)
  }
}

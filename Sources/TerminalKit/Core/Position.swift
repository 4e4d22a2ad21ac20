/// A cell position: column `x`, row `y`, both counted from 0 at the top left.
public struct Position: Hashable, Sendable, CustomStringConvertible {
  public var x: Int
  public var y: Int
  public init(x: Int, y: Int) {
    self.x = x
    self.y = y
  }
  public var description: String { "(\(x), \(y))" }
}

/// How much room one part of a ``Layout`` asks for.
public enum Constraint: Hashable, Sendable {
  /// Exactly this many cells (less only when there is not enough room).
  case fixed(Int)
  /// This percentage of the room available, rounded down.
  case percent(Int)
  /// At least this many cells; grows like `fill(1)` when no `fill` takes the rest.
  case min(Int)
  /// A share of what is left, in proportion to its weight.
  case fill(Int)
}

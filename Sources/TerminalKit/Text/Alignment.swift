/// Horizontal alignment of text within its area.
public enum Alignment: Hashable, Sendable {
  case left, center, right
}

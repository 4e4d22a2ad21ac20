/// A mouse click, release or wheel step at a cell.
public struct MouseEvent: Hashable, Sendable {
  public enum Button: Hashable, Sendable { case left, middle, right }

  public enum Kind: Hashable, Sendable {
    case pressed(Button)
    case released(Button)
    case wheelUp, wheelDown
  }

  public var kind: Kind
  public var position: Position
  public var modifiers: KeyModifiers

  public init(_ kind: Kind, at position: Position, modifiers: KeyModifiers = []) {
    self.kind = kind
    self.position = position
    self.modifiers = modifiers
  }
}

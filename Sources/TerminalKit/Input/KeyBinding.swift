/// A named action's keys and its help text, as key maps and the help overlay use them.
///
/// ```swift
/// struct OrderListKeyMap: KeyMap {
///   var moveDown = KeyBinding([.init(.down), .character("j")], help: "down")
///   var sync = KeyBinding([.init(.function(5))], help: "sync now")
///   var bindings: [KeyBinding] { [moveDown, sync] }
/// }
/// if keyMap.sync.matches(event) { … }
/// ```
public struct KeyBinding: Hashable, Sendable {
  public var keys: [KeyEvent]
  /// What the action does, e.g. "sync now".
  public var help: String
  /// How the keys are shown in help; derived from ``keys`` unless given.
  public var keyLabel: String
  /// A disabled binding neither matches nor shows in help.
  public var isEnabled: Bool

  public init(_ keys: [KeyEvent], help: String, keyLabel: String? = nil, isEnabled: Bool = true) {
    self.keys = keys
    self.help = help
    self.keyLabel = keyLabel ?? keys.map(\.description).joined(separator: "/")
    self.isEnabled = isEnabled
  }

  public func matches(_ event: KeyEvent) -> Bool { isEnabled && keys.contains(event) }

  public func matches(_ event: InputEvent) -> Bool {
    if case .key(let key) = event { return matches(key) }
    return false
  }
}

/// A screen's or component's key bindings, in the order help should list them.
public protocol KeyMap {
  var bindings: [KeyBinding] { get }
}

import CNCurses
import TerminalKit

/// Turns a curses mouse report (`getmouse`) into a ``MouseEvent``.
///
/// With `mouseinterval(0)` curses reports presses and releases as they come; buttons 4 and
/// 5 are the wheel. A report with no bit we know (a motion report, say) gives `nil`.
enum MouseDecoder {
  static func decode(buttonState: mmask_t, x: Int32, y: Int32) -> MouseEvent? {
    let kind: MouseEvent.Kind
    let buttons: [(Int32, MouseEvent.Button)] = [(1, .left), (2, .middle), (3, .right)]
    if buttonState & cn_button_pressed(4) != 0 {
      kind = .wheelUp
    } else if buttonState & cn_button_pressed(5) != 0 {
      kind = .wheelDown
    } else if let (_, button) = buttons.first(where: { buttonState & (cn_button_pressed($0.0) | cn_button_clicked($0.0)) != 0 }) {
      kind = .pressed(button)
    } else if let (_, button) = buttons.first(where: { buttonState & cn_button_released($0.0) != 0 }) {
      kind = .released(button)
    } else {
      return nil
    }
    var modifiers: KeyModifiers = []
    if buttonState & cn_button_shift() != 0 { modifiers.insert(.shift) }
    if buttonState & cn_button_alt() != 0 { modifiers.insert(.alt) }
    if buttonState & cn_button_ctrl() != 0 { modifiers.insert(.control) }
    return MouseEvent(kind, at: Position(x: Int(x), y: Int(y)), modifiers: modifiers)
  }
}

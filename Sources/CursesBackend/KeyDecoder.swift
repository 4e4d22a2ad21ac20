import CNCurses
import TerminalKit

/// One item read from curses: a character (`wget_wch` returned `OK`) or a key code
/// (`KEY_CODE_YES`).
enum CursesInput: Hashable {
  case character(UInt32)
  case keyCode(Int32)
}

/// Turns what `wget_wch` returns into ``KeyEvent``s. Pure, so every mapping is testable
/// without a terminal.
///
/// - Key codes: arrows, Home/End, PgUp/PgDn, Insert/Delete, Backspace, Enter, BackTab and
///   F1–F12 map directly; F13–F60 are xterm's modified F-keys (Shift, Ctrl, Ctrl+Shift, Alt);
///   codes curses creates for modified cursor keys are recognised by their terminfo names
///   (`kUP5` is Ctrl+Up: the digit minus one is a Shift=1, Alt=2, Ctrl=4 bit set).
/// - Characters: CR/LF are Enter, TAB is Tab, DEL/BS are Backspace, other C0 bytes are Control
///   with a letter (`0x13` is Ctrl+S), ESC followed at once by another key is Alt with that
///   key, and an ESC alone is Escape. Zero-width characters join the character before them.
struct KeyDecoder {
  /// Looks up the terminfo name of an extended key code (curses' `keyname`).
  var keyName: (Int32) -> String?

  func decode(_ inputs: [CursesInput]) -> [KeyEvent] {
    var events: [KeyEvent] = []
    var index = 0
    while index < inputs.count {
      let input = inputs[index]
      index += 1
      if case .character(0x1B) = input {
        if index < inputs.count, var next = single(inputs[index]) {
          index += 1
          next.modifiers.insert(.alt)
          events.append(next)
        } else {
          events.append(KeyEvent(.escape))
        }
        continue
      }
      guard let event = single(input) else { continue }
      // A combining mark typed after a letter belongs to that letter's grapheme cluster.
      if case .character(let value) = input, let scalar = Unicode.Scalar(value),
        DisplayWidth.of(scalar) == 0, let last = events.last, last.modifiers.isEmpty,
        case .character(let base) = last.key
      {
        let merged = String(base) + String(Character(scalar))
        if merged.count == 1, let character = merged.first {
          events[events.count - 1] = .character(character)
          continue
        }
      }
      events.append(event)
    }
    return events
  }

  /// One input on its own, without looking at its neighbours.
  func single(_ input: CursesInput) -> KeyEvent? {
    switch input {
    case .character(let value): return Self.character(value)
    case .keyCode(let code): return keyCode(code)
    }
  }

  static func character(_ value: UInt32) -> KeyEvent? {
    switch value {
    case 0x0D, 0x0A: return KeyEvent(.enter)
    case 0x09: return KeyEvent(.tab)
    case 0x7F, 0x08: return KeyEvent(.backspace)
    case 0x1B: return KeyEvent(.escape)
    case 0x00: return KeyEvent(.character(" "), modifiers: .control)
    case 0x01...0x1A:
      return Unicode.Scalar(0x60 + value).map { KeyEvent(.character(Character($0)), modifiers: .control) }
    case 0x1C...0x1F:
      return Unicode.Scalar(0x40 + value).map { KeyEvent(.character(Character($0)), modifiers: .control) }
    default:
      guard let scalar = Unicode.Scalar(value), TextSanitizer.replacement(for: scalar) == nil else { return nil }
      return .character(Character(scalar))
    }
  }

  func keyCode(_ code: Int32) -> KeyEvent? {
    switch code {
    case KEY_UP: return KeyEvent(.up)
    case KEY_DOWN: return KeyEvent(.down)
    case KEY_LEFT: return KeyEvent(.left)
    case KEY_RIGHT: return KeyEvent(.right)
    case KEY_HOME: return KeyEvent(.home)
    case KEY_END: return KeyEvent(.end)
    case KEY_PPAGE: return KeyEvent(.pageUp)
    case KEY_NPAGE: return KeyEvent(.pageDown)
    case KEY_IC: return KeyEvent(.insert)
    case KEY_DC: return KeyEvent(.delete)
    case KEY_BACKSPACE: return KeyEvent(.backspace)
    case KEY_ENTER: return KeyEvent(.enter)
    case KEY_BTAB: return KeyEvent(.backTab)
    case KEY_SR: return KeyEvent(.up, modifiers: .shift)
    case KEY_SF: return KeyEvent(.down, modifiers: .shift)
    case KEY_SLEFT: return KeyEvent(.left, modifiers: .shift)
    case KEY_SRIGHT: return KeyEvent(.right, modifiers: .shift)
    case KEY_SHOME: return KeyEvent(.home, modifiers: .shift)
    case KEY_SEND: return KeyEvent(.end, modifiers: .shift)
    case KEY_SPREVIOUS: return KeyEvent(.pageUp, modifiers: .shift)
    case KEY_SNEXT: return KeyEvent(.pageDown, modifiers: .shift)
    case KEY_SDC: return KeyEvent(.delete, modifiers: .shift)
    case KEY_SIC: return KeyEvent(.insert, modifiers: .shift)
    case cn_key_f(1)...cn_key_f(60):
      let number = Int(code - cn_key_f(0))
      let base = (number - 1) % 12 + 1
      let modifiers: [KeyModifiers] = [[], .shift, .control, [.control, .shift], .alt]
      return KeyEvent(.function(base), modifiers: modifiers[(number - 1) / 12])
    default:
      return keyName(code).flatMap(Self.modifiedKey(named:))
    }
  }

  /// Decodes terminfo names of modified cursor keys, e.g. `kUP5` (Ctrl+Up), `kLFT3` (Alt+Left).
  static func modifiedKey(named name: String) -> KeyEvent? {
    let bases: [(String, Key)] = [
      ("kUP", .up), ("kDN", .down), ("kLFT", .left), ("kRIT", .right), ("kHOM", .home),
      ("kEND", .end), ("kNXT", .pageDown), ("kPRV", .pageUp), ("kDC", .delete), ("kIC", .insert),
    ]
    for (prefix, key) in bases where name.hasPrefix(prefix) {
      let rest = name.dropFirst(prefix.count)
      guard rest.count == 1, let digit = Int(rest), (2...8).contains(digit) else { continue }
      let bits = digit - 1
      var modifiers: KeyModifiers = []
      if bits & 1 != 0 { modifiers.insert(.shift) }
      if bits & 2 != 0 { modifiers.insert(.alt) }
      if bits & 4 != 0 { modifiers.insert(.control) }
      return KeyEvent(key, modifiers: modifiers)
    }
    return nil
  }
}

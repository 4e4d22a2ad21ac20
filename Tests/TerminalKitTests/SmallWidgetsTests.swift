import Testing
import TerminalKit
import TerminalKitTestSupport

@Suite struct StatusBarTests {
  @Test func rendersMessageLeft_andHintRight() {
    let buffer = render(StatusBar("Ready").hint("q quit").style(.plain), width: 20, height: 1)
    expectBuffer(buffer, equals: Buffer(lines: ["Ready         q quit"]))
  }

  @Test func cutsMessage_keepsHint() {
    let buffer = render(StatusBar("Synchronising orders").hint("q quit").style(.plain), width: 16, height: 1)
    expectBuffer(buffer, equals: Buffer(lines: ["Synchron… q quit"]))
  }

  @Test func isReversed_byDefault() {
    let buffer = render(StatusBar("x"), width: 3, height: 1)
    #expect(buffer[2, 0].style == Style().reversed())
  }
}

@Suite struct SparklineTests {
  @Test func oneRow_usesEighthBlocks() {
    let buffer = render(Sparkline([0, 1, 2, 4, 8]), width: 5, height: 1)
    expectBuffer(buffer, equals: Buffer(lines: [" ▁▂▄█"]))
  }

  @Test func twoRows_stackBars_andShowNewestOnRight() {
    let buffer = render(Sparkline([99, 0, 8, 16]).max(16), width: 3, height: 2)
    expectBuffer(buffer, equals: Buffer(lines: ["  █", " ██"]))
  }

  @Test func tinyNonZeroValue_isVisible() {
    let buffer = render(Sparkline([1, 1000]), width: 2, height: 1)
    expectBuffer(buffer, equals: Buffer(lines: ["▁█"]))
  }
}

@Suite struct GaugeTests {
  @Test func fillsRatio_withLabel() {
    let buffer = render(Gauge(ratio: 0.5), width: 10, height: 1)
    expectBuffer(buffer, equals: Buffer(lines: ["   50%    "]).withStyle(Style().reversed(), in: Rect(x: 0, y: 0, width: 5, height: 1)))
  }

  @Test func partialCell_atFillEdge() {
    let buffer = render(Gauge(ratio: 0.25).label(""), width: 10, height: 1)
    expectBuffer(buffer, equals: Buffer(lines: ["  ▌       "]).withStyle(Style().reversed(), in: Rect(x: 0, y: 0, width: 2, height: 1)))
  }

  @Test func clampsRatio() {
    let buffer = render(Gauge(ratio: 7).label(""), width: 4, height: 1)
    #expect(buffer[3, 0].style == Style().reversed())
    expectBuffer(render(Gauge(ratio: .nan), width: 4, height: 1), equals: Buffer(lines: [" 0% "]))
  }
}

@Suite struct PopupTests {
  @Test func dialog_centred_withButtons() {
    var buffer = Buffer(lines: Array(repeating: "xxxxxxxxxxxxxxxxxxxxxxxx", count: 7))
    Dialog(title: "Quit", message: "Leave Farmacy?").buttons(["Yes", "No"]).selectedButton(1).width(20)
      .render(in: buffer.area, buffer: &buffer)
    expectBuffer(buffer, equals: Buffer(lines: [
      "xxxxxxxxxxxxxxxxxxxxxxxx",
      "xx╭ Quit ────────────╮xx",
      "xx│ Leave Farmacy?   │xx",
      "xx│                  │xx",
      "xx│ [ Yes ]  [ No ]  │xx",
      "xx╰──────────────────╯xx",
      "xxxxxxxxxxxxxxxxxxxxxxxx",
    ]).withStyle(Style().reversed(), in: Rect(x: 13, y: 4, width: 6, height: 1)))
  }

  @Test func dialog_buttonHitTesting() {
    let dialog = Dialog(title: "Quit", message: "Leave Farmacy?").buttons(["Yes", "No"]).width(20)
    let area = Rect(x: 0, y: 0, width: 24, height: 7)
    #expect(dialog.button(at: Position(x: 5, y: 4), in: area) == 0)
    #expect(dialog.button(at: Position(x: 13, y: 4), in: area) == 1)
    #expect(dialog.button(at: Position(x: 13, y: 3), in: area) == nil)
  }

  @Test func toast_inTopRightCorner() {
    let buffer = render(Toast("Synced", kind: .success), width: 16, height: 4)
    expectBuffer(buffer, equals: Buffer(lines: [
      "    ╭──────────╮",
      "    │ ✓ Synced │",
      "    ╰──────────╯",
      "                ",
    ]).withStyle(Style().foreground(.green), in: Rect(x: 4, y: 0, width: 12, height: 3))
      .withStyle(Style(), in: Rect(x: 5, y: 1, width: 10, height: 1))
      .withStyle(Style().foreground(.green).bold(), in: Rect(x: 6, y: 1, width: 1, height: 1))
      .restyled(Style(), in: Rect(x: 5, y: 1, width: 1, height: 1))
      .restyled(Style(), in: Rect(x: 7, y: 1, width: 8, height: 1)))
  }

  @Test func helpOverlay_listsEnabledBindings() {
    let bindings = [
      KeyBinding([KeyEvent(.down), .character("j")], help: "down"),
      KeyBinding([.control("s")], help: "save"),
      KeyBinding([KeyEvent(.function(5))], help: "sync", isEnabled: false),
    ]
    let buffer = render(HelpOverlay([HelpSection("Orders", bindings: bindings)]), width: 20, height: 6)
    expectBuffer(buffer, equals: Buffer(lines: [
      "  ╭ Keys ────────╮  ",
      "  │ Orders       │  ",
      "  │ ↓/j     down │  ",
      "  │ ctrl+s  save │  ",
      "  ╰──────────────╯  ",
      "                    ",
    ]).withStyle(Style().bold().underlined(), in: Rect(x: 4, y: 1, width: 6, height: 1))
      .withStyle(Style().foreground(.cyan).bold(), in: Rect(x: 4, y: 2, width: 6, height: 2)))
  }
}

extension Buffer {
  /// The buffer with the cells of `area` set to exactly `style`.
  func restyled(_ style: Style, in area: Rect) -> Buffer {
    var copy = self
    for y in area.y..<area.bottom {
      for x in area.x..<area.right {
        var cell = copy[x, y]
        cell.style = style
        copy[x, y] = cell
      }
    }
    return copy
  }

  /// The buffer cut or padded to `width` columns, for lines with wide characters.
  func resized(width: Int) -> Buffer {
    var copy = Buffer(width: width, height: height)
    for y in 0..<height { copy.setString(lines[y], x: 0, y: y) }
    return copy
  }
}

import Foundation
import Testing
import TerminalKit
import TerminalKitTestSupport

@Suite struct TerminalTests {
  @Test func firstFrame_drawsEverything_thenOnlyChanges() {
    let backend = TestBackend(width: 10, height: 2)
    let terminal = Terminal(backend: backend)
    var message = "Ready"
    let first = terminal.draw { frame in frame.render(StatusBar(message).style(.plain), in: frame.area) }
    #expect(first.wasFullRedraw)
    #expect(first.changedCells == 20)
    let same = terminal.draw { frame in frame.render(StatusBar(message).style(.plain), in: frame.area) }
    #expect(same.changedCells == 0)
    message = "Reads"
    let changed = terminal.draw { frame in frame.render(StatusBar(message).style(.plain), in: frame.area) }
    #expect(changed.changedCells == 1)
    expectBuffer(backend.buffer, equals: Buffer(lines: ["Reads     ", "          "]))
  }

  @Test func resize_redrawsWholeScreen_atNewSize() {
    let backend = TestBackend(width: 4, height: 1)
    let terminal = Terminal(backend: backend)
    terminal.draw { frame in frame.render(Paragraph("abcdef"), in: frame.area) }
    backend.resize(to: Size(width: 6, height: 1))
    let report = terminal.draw { frame in frame.render(Paragraph("abcdef"), in: frame.area) }
    #expect(report.wasFullRedraw)
    expectBuffer(backend.buffer, equals: Buffer(lines: ["abcdef"]))
  }

  @Test func cursor_isPassedToBackend() {
    let backend = TestBackend(width: 4, height: 1)
    let terminal = Terminal(backend: backend)
    terminal.draw { frame in frame.cursor = Position(x: 2, y: 0) }
    #expect(backend.cursor == Position(x: 2, y: 0))
    terminal.draw { _ in }
    #expect(backend.cursor == nil)
  }
}

@Suite struct EventLoopTests {
  @Test func handlesScriptedKeys_untilQuit() throws {
    let backend = TestBackend(width: 12, height: 1)
    backend.scriptedEvents = [
      [.key(.character("a")), .key(.character("b"))],
      [.key(KeyEvent(.backspace))],
      [.key(.control("q"))],
    ]
    var input = TextInputState()
    var frames: [String] = []
    try EventLoop(terminal: Terminal(backend: backend), inbox: Inbox<String>()).run { event in
      guard case .input(.key(let key)) = event else { return .continue }
      if key == .control("q") { return .quit }
      input.handle(key)
      return .continue
    } view: { frame in
      frame.render(Paragraph("> " + input.text), in: frame.area)
      frames.append(frame.buffer.lines[0])
    }
    #expect(frames == ["> " + String(repeating: " ", count: 10), "> ab        ", "> a         "])
  }

  @Test func messagePostedFromAnotherThread_wakesLoop() throws {
    let inbox = try Inbox<Int>()
    let backend = TestBackend(width: 8, height: 1)
    let terminal = Terminal(backend: backend)
    // The loop has no scripted input: only the inbox can wake it. A plain thread posts, as
    // the loop below blocks this one.
    Thread {
      for value in 1...3 {
        usleep(2000)
        inbox.post(value)
      }
    }.start()
    var received: [Int] = []
    try EventLoop(terminal: terminal, inbox: inbox).run { event in
      if case .message(let value) = event { received.append(value) }
      return received.count == 3 ? .quit : .continue
    } view: { frame in
      frame.render(Paragraph("\(received.count)"), in: frame.area)
    }
    #expect(received == [1, 2, 3])
  }

  @Test func messageBurst_isDrawnAtMostOncePerInterval_andItsLastStateIsDrawn() throws {
    let inbox = try Inbox<Int>()
    let backend = TestBackend(width: 8, height: 1)
    // Forty messages a millisecond apart, then, well after the interval, the one that quits.
    Thread {
      for value in 1...40 {
        usleep(1000)
        inbox.post(value)
      }
      usleep(150_000)
      inbox.post(0)
    }.start()
    var received = 0
    var frames: [String] = []
    try EventLoop(terminal: Terminal(backend: backend), inbox: inbox).run(messageFrameInterval: .milliseconds(25)) {
      event in
      guard case .message(let value) = event else { return .continue }
      if value == 0 { return .quit }
      received = value
      return .continue
    } view: { frame in
      frame.render(Paragraph("\(received)"), in: frame.area)
      frames.append(frame.buffer.lines[0].trimmingCharacters(in: .whitespaces))
    }
    #expect(frames.count < 20)
    #expect(frames.last == "40")
  }

  @Test func forgottenQuit_failsInsteadOfHanging() throws {
    let backend = TestBackend(width: 4, height: 1)
    backend.scriptedEvents = [[.key(.character("x"))]]
    backend.idleWaitLimit = .milliseconds(20)
    let loop = EventLoop(terminal: Terminal(backend: backend), inbox: try Inbox<Int>())
    #expect(throws: TestBackend.ScriptExhausted.self) {
      try loop.run(update: { _ in .continue }, view: { _ in })
    }
  }

  @Test func tick_arrivesWithoutInput() throws {
    let backend = TestBackend(width: 4, height: 1)
    var ticks = 0
    try EventLoop(terminal: Terminal(backend: backend), inbox: Inbox<Int>()).run(tick: .milliseconds(5)) { event in
      if case .tick = event { ticks += 1 }
      return ticks == 2 ? .quit : .continue
    } view: { _ in }
    #expect(ticks == 2)
  }

  @Test func inbox_drainsInOrder_andWakesOnce() throws {
    let inbox = try Inbox<String>()
    inbox.post("a")
    inbox.post("b")
    #expect(inbox.drain() == ["a", "b"])
    #expect(inbox.drain().isEmpty)
  }
}

@Suite struct KeyEventTests {
  @Test func descriptions_readLikeHelp() {
    #expect(KeyEvent.control("s").description == "ctrl+s")
    #expect(KeyEvent(.up).description == "↑")
    #expect(KeyEvent(.function(5)).description == "F5")
    #expect(KeyEvent.alt("x").description == "alt+x")
    #expect(KeyEvent(.character(" ")).description == "space")
  }

  @Test func binding_matchesOnlyWhenEnabled() {
    let binding = KeyBinding([.character("j"), KeyEvent(.down)], help: "down")
    #expect(binding.keyLabel == "j/↓")
    #expect(binding.matches(.key(KeyEvent(.down))))
    #expect(!binding.matches(.key(.character("k"))))
    var disabled = binding
    disabled.isEnabled = false
    #expect(!disabled.matches(KeyEvent(.down)))
  }
}

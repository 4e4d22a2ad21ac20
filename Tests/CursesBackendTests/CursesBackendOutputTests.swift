import Foundation
import Testing
import TerminalKit

@testable import CursesBackend

/// Drives the real ncurses library with its output going to a file (no terminal needed) and
/// checks what it would send to an xterm-256color terminal.
@Suite(.serialized) struct CursesBackendOutputTests {
  private func withHeadless<T>(
    width: Int = 40, height: Int = 5, environment: [String: String] = [:],
    _ body: (CursesBackend, Terminal<CursesBackend>) throws -> T
  ) throws -> (T, String) {
    let path = NSTemporaryDirectory() + "tk-curses-\(getpid())-\(UUID().uuidString).out"
    defer { unlink(path) }
    var options = CursesOptions()
    options.output = .file(path: path, terminalType: "xterm-256color", size: Size(width: width, height: height))
    options.environment = environment
    let result = try CursesBackend.withTerminal(options: options) { backend in
      try body(backend, Terminal(backend: backend))
    }
    let data = FileManager.default.contents(atPath: path) ?? Data()
    return (result, String(decoding: data, as: UTF8.self))
  }

  @Test func reportsConfiguredSize_andDrawsText() throws {
    let (size, output) = try withHeadless { backend, terminal in
      terminal.draw { frame in frame.render(Paragraph("Hello 注文 🐶"), in: frame.area) }
      return backend.size
    }
    #expect(size == Size(width: 40, height: 5))
    #expect(output.contains("Hello"))
    #expect(output.contains("注文"))
    #expect(output.contains("🐶"))
  }

  @Test func hostileText_neverReachesTerminalRaw() throws {
    let (_, output) = try withHeadless { _, terminal in
      terminal.draw { frame in frame.render(Paragraph("x\u{1B}]0;pwned\u{7}\u{1B}[2J\u{9B}1m\u{202E}y"), in: frame.area) }
    }
    #expect(output.contains("␛]0;pwned␇␛[2J"))
    #expect(!output.contains("\u{1B}]0;"))
    #expect(!output.contains("\u{7}"))
    #expect(!output.unicodeScalars.contains("\u{9B}"))
    #expect(!output.unicodeScalars.contains("\u{202E}"))
  }

  @Test func colours_use256Palette_andNoColorTurnsThemOff() throws {
    let render: (CursesBackend, Terminal<CursesBackend>) -> ColorMode = { backend, terminal in
      terminal.draw { frame in
        frame.render(Paragraph("red").style(Style().foreground(.rgb(255, 0, 0)).bold()), in: frame.area)
      }
      return backend.colorMode
    }
    let (mode, output) = try withHeadless(render)
    #expect(mode == .indexed256)
    #expect(output.contains("38;5;196"))
    let (plainMode, plain) = try withHeadless(environment: ["NO_COLOR": "1"], render)
    #expect(plainMode == .none)
    #expect(!plain.contains("38;5;"))
    #expect(plain.contains("\u{1B}[1m") || plain.contains("\u{1B}[0;1m"))
  }

  @Test func changingOneCell_writesFarLessThanFullRepaint() throws {
    let ((full, small), _) = try withHeadless(width: 80, height: 24) { backend, terminal in
      var text = String(repeating: "Amoxicillin 500 mg ", count: 120)
      terminal.draw { frame in frame.render(Paragraph(text).wrap(), in: frame.area) }
      let afterFirst = backend.bytesWritten ?? 0
      text = "B" + text.dropFirst()
      terminal.draw { frame in frame.render(Paragraph(text).wrap(), in: frame.area) }
      let afterSecond = backend.bytesWritten ?? 0
      return (afterFirst, afterSecond - afterFirst)
    }
    #expect(full > 1500)
    #expect(small > 0)
    #expect(small < 30)
  }

  @Test func unchangedFrame_writesNothing() throws {
    let (written, _) = try withHeadless { backend, terminal in
      terminal.draw { frame in frame.render(Paragraph("steady"), in: frame.area) }
      let before = backend.bytesWritten ?? 0
      terminal.draw { frame in frame.render(Paragraph("steady"), in: frame.area) }
      return (backend.bytesWritten ?? 0) - before
    }
    #expect(written == 0)
  }
}

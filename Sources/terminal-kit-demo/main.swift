import CursesBackend
import Foundation
import TerminalKit

// terminal-kit-demo: shows TerminalKit's widgets on the ncurses backend.
//
//   terminal-kit-demo [--rows N]
//
// Keys: Tab/1–4 switch tabs, ↑/↓/PgUp/PgDn move, ? help, p ping, t toast, d dialog,
// x throw an error, q quit. The status bar shows the size, the last key and mouse event.

var rowCount = 100_000
let arguments = CommandLine.arguments
if let index = arguments.firstIndex(of: "--rows"), index + 1 < arguments.count, let value = Int(arguments[index + 1]) {
  rowCount = value
}

let inbox: Inbox<DemoMessage>
do {
  inbox = try Inbox<DemoMessage>()
} catch {
  FileHandle.standardError.write(Data("terminal-kit-demo: \(error)\n".utf8))
  exit(1)
}
let pinger = Pinger(inbox: inbox)
let heartbeat = Task.detached {
  var count = 0
  while !Task.isCancelled {
    try? await Task.sleep(for: .seconds(1))
    count += 1
    inbox.post(.heartbeat(count))
  }
}

var termination: TerminationSignal?
do {
  try CursesBackend.withTerminal { backend in
    let app = DemoApp(rows: rowCount, pinger: pinger)
    try EventLoop(terminal: Terminal(backend: backend), inbox: inbox).run(update: app.update, view: app.render)
    termination = backend.receivedTerminationSignal
  }
} catch {
  heartbeat.cancel()
  FileHandle.standardError.write(Data("terminal-kit-demo: \(error)\n".utf8))
  exit(1)
}
heartbeat.cancel()
if let termination { termination.reraise() }
print("terminal-kit-demo: bye")

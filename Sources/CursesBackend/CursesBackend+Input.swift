import CNCurses
import Foundation
import TerminalKit

// MARK: - Input: poll, signals, keys, mouse

extension CursesBackend {
  /// Waits on the terminal's input, the signal pipe and `wakeDescriptor` together with
  /// `poll()`, then returns every event that is ready.
  ///
  /// This is where the terminal thread sleeps: no busy-waiting, and a wake-up from the inbox
  /// or a key press ends the wait at once.
  public func readEvents(timeout: Duration?, wakeDescriptor: Int32?) throws -> [InputEvent] {
    var descriptors = [pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0)]
    if let signals { descriptors.append(pollfd(fd: signals.readDescriptor, events: Int16(POLLIN), revents: 0)) }
    if let wakeDescriptor { descriptors.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)) }
    let milliseconds: Int32 = timeout.map { duration in
      let (seconds, attoseconds) = duration.components
      // Round up so a short timeout does not spin with 0 ms waits.
      return Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    } ?? -1
    let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
    if ready < 0 && errno != EINTR { throw CursesError(.systemCall("poll", errno: errno)) }

    var events: [InputEvent] = []
    if let signals {
      for signal in signals.drain() { handle(signal: signal, into: &events) }
    }
    events += readInput()
    return deduplicatedResizes(events)
  }

  private func handle(signal: Int32, into events: inout [InputEvent]) {
    switch signal {
    case SIGWINCH:
      updateSizeFromKernel()
      events.append(.resize(size))
    case SIGTSTP:
      suspend()
      events.append(.resize(size))
    case SIGCONT:
      // Continued after a stop we did not handle (SIGSTOP): curses' idea of the screen is stale.
      updateSizeFromKernel()
      clearok(cn_curscr(), true)
      events.append(.resize(size))
    default:
      if let termination = TerminationSignal(rawValue: signal) {
        receivedTerminationSignal = receivedTerminationSignal ?? termination
        events.append(.terminationRequested(termination))
      }
    }
  }

  /// Ctrl-Z: give the terminal back, stop for real, and take it again after `fg`.
  private func suspend() {
    endwin()
    fflush(outputFile)
    signals?.withDefaultAction(for: SIGTSTP) {
      _ = raise(SIGTSTP)
    }
    // Running again: the size may have changed while stopped.
    updateSizeFromKernel()
    clearok(cn_curscr(), true)
    wrefresh(cn_stdscr())
    // As at start: resuming leaves the keypad's application mode off until it is asked again.
    keypad(cn_stdscr(), true)
  }

  private func updateSizeFromKernel() {
    var rows: Int32 = 0
    var columns: Int32 = 0
    if cn_terminal_size(STDOUT_FILENO, &rows, &columns) == 0, rows > 0, columns > 0 {
      resizeterm(rows, columns)
    }
  }

  /// Reads everything curses has for us without waiting.
  private func readInput() -> [InputEvent] {
    var events: [InputEvent] = []
    var pending: [CursesInput] = []
    func flushKeys() {
      events += keyDecoder.decode(pending).map { InputEvent.key($0) }
      pending.removeAll()
    }
    while true {
      var value: wint_t = 0
      let result = wget_wch(cn_stdscr(), &value)
      if result == ERR { break }
      if result == cn_key_code_yes() {
        let code = Int32(bitPattern: value)
        if code == KEY_RESIZE {
          flushKeys()
          events.append(.resize(size))
        } else if code == KEY_MOUSE {
          flushKeys()
          var report = MEVENT()
          if getmouse(&report) == OK,
            let mouse = MouseDecoder.decode(buttonState: report.bstate, x: report.x, y: report.y)
          {
            events.append(.mouse(mouse))
          }
        } else {
          pending.append(.keyCode(code))
        }
      } else {
        pending.append(.character(value))
      }
    }
    flushKeys()
    return events
  }

  private func deduplicatedResizes(_ events: [InputEvent]) -> [InputEvent] {
    var result: [InputEvent] = []
    for event in events {
      if case .resize = event, case .resize? = result.last {
        result[result.count - 1] = event
      } else {
        result.append(event)
      }
    }
    return result
  }
}

extension TerminationSignal {
  /// Ends the process the way the signal would have, after the terminal was restored: the
  /// default action is put back and the signal raised again, so the parent sees the usual
  /// "killed by SIGTERM" status (128 + 15 in a shell).
  public func reraise() -> Never {
    signal(rawValue, SIG_DFL)
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, rawValue)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    raise(rawValue)
    exit(128 + rawValue)
  }
}

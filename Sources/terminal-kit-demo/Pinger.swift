import TerminalKit

/// A stand-in for a background actor (the sync engine): answers pings through the inbox, and
/// shows that a message from an actor reaches the screen without waiting for a key.
actor Pinger {
  private let inbox: Inbox<DemoMessage>
  private var count = 0

  init(inbox: Inbox<DemoMessage>) { self.inbox = inbox }

  func ping() {
    count += 1
    inbox.post(.pong(count))
  }
}


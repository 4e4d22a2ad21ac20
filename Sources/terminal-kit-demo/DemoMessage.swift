/// What background work tells the demo screen.
enum DemoMessage: Sendable {
  case pong(Int)
  case heartbeat(Int)
}

/// The scrolling rule shared by lists and tables: keep the selection in view, move the window
/// as little as possible, and never scroll past the end.
enum ScrollWindow {
  /// The first visible item for a window of `visible` items over `count` items.
  static func offset(current: Int, selected: Int?, visible: Int, count: Int) -> Int {
    guard visible > 0, count > 0 else { return 0 }
    var offset = current
    if let selected {
      if selected < offset { offset = selected }
      if selected >= offset + visible { offset = selected - visible + 1 }
    }
    return max(0, min(offset, count - visible))
  }
}

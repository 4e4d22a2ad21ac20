import TerminalKit

/// Renders `widget` into a fresh `width`×`height` buffer filling the whole area.
public func render(_ widget: some Widget, width: Int, height: Int) -> Buffer {
  var buffer = Buffer(width: width, height: height)
  widget.render(in: buffer.area, buffer: &buffer)
  return buffer
}

/// Renders a stateful widget into a fresh `width`×`height` buffer filling the whole area.
public func render<W: StatefulWidget>(_ widget: W, width: Int, height: Int, state: inout W.State) -> Buffer {
  var buffer = Buffer(width: width, height: height)
  widget.render(in: buffer.area, buffer: &buffer, state: &state)
  return buffer
}

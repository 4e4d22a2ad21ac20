/// Something that draws itself into a rectangle of a ``Buffer``.
///
/// Widgets are small values rebuilt for every frame and configured by chaining:
///
/// ```swift
/// Paragraph("Saved.").alignment(.center).block(Block().borders(.all).title("Order"))
///   .render(in: area, buffer: &buffer)
/// ```
///
/// A widget draws only inside `area` and never touches the terminal.
public protocol Widget {
  func render(in area: Rect, buffer: inout Buffer)
}

/// A widget whose state (selection, scroll offset, cursor) outlives a frame.
///
/// The state is a separate value owned by the app, so the widget itself can stay a throwaway
/// value and the state can be tested and stored alongside the rest of the app's state.
public protocol StatefulWidget {
  associatedtype State
  func render(in area: Rect, buffer: inout Buffer, state: inout State)
}

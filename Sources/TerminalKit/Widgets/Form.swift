/// One labelled field of a ``Form``; `error` is shown under it when set.
public struct FormField: Hashable, Sendable {
  public var label: String
  public var placeholder: String
  public var error: String?

  public init(_ label: String, placeholder: String = "", error: String? = nil) {
    self.label = label
    self.placeholder = placeholder
    self.error = error
  }
}

/// The inputs of a ``Form`` and which one has the focus.
public struct FormState: Hashable, Sendable {
  public var inputs: [TextInputState]
  public var focused: Int
  /// The first field drawn; the form moves it to keep the focused field visible.
  public var offset = 0

  public init(values: [String]) {
    self.inputs = values.map { TextInputState(text: $0) }
    self.focused = 0
  }

  public var values: [String] { inputs.map(\.text) }

  /// Tab/↓ and BackTab/↑ move the focus (wrapping around); every other key goes to the
  /// focused input. Returns whether the key was used.
  @discardableResult
  public mutating func handle(_ event: KeyEvent) -> Bool {
    guard !inputs.isEmpty else { return false }
    switch event.key {
    case .tab, .down:
      focused = (focused + 1) % inputs.count
      return true
    case .backTab, .up:
      focused = (focused + inputs.count - 1) % inputs.count
      return true
    default:
      return inputs[focused].handle(event)
    }
  }
}

/// Labelled text fields, one per row, with inline error messages under invalid fields.
///
/// Validation is the app's business: it sets ``FormField/error`` from its state and the form
/// shows it.
///
/// ```swift
/// Form([FormField("Vendor"), FormField("Quantity", error: state.quantityError)])
///   .render(in: area, buffer: &buffer, state: &state.lineForm)
/// ```
public struct Form: StatefulWidget {
  private var fields: [FormField]
  private var block: Block?
  private var labelStyle: Style = .plain
  private var focusedLabelStyle: Style = Style().bold()
  private var errorStyle: Style = Style().foreground(.red)
  private var inputStyle: Style = Style().underlined()

  public init(_ fields: [FormField]) { self.fields = fields }

  public func block(_ block: Block) -> Form { var copy = self; copy.block = block; return copy }
  public func errorStyle(_ style: Style) -> Form { var copy = self; copy.errorStyle = style; return copy }
  public func inputStyle(_ style: Style) -> Form { var copy = self; copy.inputStyle = style; return copy }
  public func focusedLabelStyle(_ style: Style) -> Form { var copy = self; copy.focusedLabelStyle = style; return copy }

  public func render(in area: Rect, buffer: inout Buffer, state: inout FormState) {
    let inner = block.renderAround(area, buffer: &buffer)
    guard !inner.isEmpty, !fields.isEmpty else { return }
    while state.inputs.count < fields.count { state.inputs.append(TextInputState()) }
    state.focused = max(0, min(state.focused, fields.count - 1))
    let labelWidth = min(fields.map { DisplayWidth.of($0.label) }.max() ?? 0, inner.width / 3)
    let heights = fields.map { $0.error == nil ? 1 : 2 }
    // Scroll so that the focused field and its error are visible.
    state.offset = min(state.offset, state.focused)
    while heights[state.offset...state.focused].reduce(0, +) > inner.height && state.offset < state.focused {
      state.offset += 1
    }
    var y = inner.y
    for index in state.offset..<fields.count {
      guard y < inner.bottom else { break }
      let field = fields[index]
      let isFocused = index == state.focused
      let label = Line(field.label, style: isFocused ? focusedLabelStyle : labelStyle)
      buffer.setLine(label, in: Rect(x: inner.x, y: y, width: labelWidth, height: 1), alignment: .right)
      let inputArea = Rect(x: inner.x + labelWidth + 2, y: y, width: inner.width - labelWidth - 2, height: 1)
      TextInput().placeholder(field.placeholder).focused(isFocused).style(inputStyle)
        .render(in: inputArea, buffer: &buffer, state: &state.inputs[index])
      y += 1
      if let error = field.error, y < inner.bottom {
        let errorLine = Line("✗ " + error, style: errorStyle)
        buffer.setLine(errorLine, in: Rect(x: inputArea.x, y: y, width: inputArea.width, height: 1))
        y += 1
      }
    }
  }
}

/// A titled group of key bindings in a ``HelpOverlay``.
public struct HelpSection: Hashable, Sendable {
  public var title: String
  public var bindings: [KeyBinding]

  public init(_ title: String, bindings: [KeyBinding]) {
    self.title = title
    self.bindings = bindings
  }

  public init(_ title: String, keyMap: some KeyMap) { self.init(title, bindings: keyMap.bindings) }
}

/// A centred popup listing key bindings, built from the screens' key maps, so the help can
/// never disagree with the keys that actually work.
///
/// ```swift
/// HelpOverlay([HelpSection("Orders", keyMap: OrderListKeyMap.default), HelpSection("Global", keyMap: GlobalKeyMap())])
///   .render(in: frame.area, buffer: &frame.buffer)
/// ```
/// Disabled bindings are left out. Rows that do not fit are cut; ``scroll(_:)`` moves through them.
public struct HelpOverlay: Widget {
  private var sections: [HelpSection]
  private var title = "Keys"
  private var scroll = 0
  private var keyStyle: Style = Style().foreground(.cyan).bold()
  private var sectionStyle: Style = Style().bold().underlined()

  public init(_ sections: [HelpSection]) { self.sections = sections }

  public func title(_ title: String) -> HelpOverlay { var copy = self; copy.title = title; return copy }
  public func scroll(_ rows: Int) -> HelpOverlay { var copy = self; copy.scroll = max(0, rows); return copy }

  public func render(in area: Rect, buffer: inout Buffer) {
    let visibleSections = sections.map { HelpSection($0.title, bindings: $0.bindings.filter(\.isEnabled)) }
      .filter { !$0.bindings.isEmpty }
    let keyWidth = visibleSections.flatMap(\.bindings).map { DisplayWidth.of($0.keyLabel) }.max() ?? 0
    let helpWidth = visibleSections.flatMap(\.bindings).map { DisplayWidth.of($0.help) }.max() ?? 0
    let titleWidth = visibleSections.map { DisplayWidth.of($0.title) }.max() ?? 0
    var lines: [Line] = []
    for (index, section) in visibleSections.enumerated() {
      if index > 0 { lines.append(Line("")) }
      lines.append(Line(section.title, style: sectionStyle))
      for binding in section.bindings {
        lines.append(Line([
          Span(DisplayWidth.fit(binding.keyLabel, toWidth: keyWidth), style: keyStyle),
          Span("  " + binding.help),
        ]))
      }
    }
    let contentWidth = max(keyWidth + 2 + helpWidth, titleWidth, DisplayWidth.of(title) + 2)
    let box = area.centered(width: contentWidth + 4, height: lines.count + 2)
    guard box.width >= 3, box.height >= 3 else { return }
    Clear().render(in: box, buffer: &buffer)
    let block = Block.bordered(title: " \(title) ").borderType(.rounded)
    block.render(in: box, buffer: &buffer)
    Paragraph(lines).scroll(scroll).render(in: block.inner(box).inset(horizontal: 1, vertical: 0), buffer: &buffer)
  }
}

/// Breaks styled text into lines that fit a width.
///
/// Words move whole to the next line when they do not fit; a word longer than the width is cut
/// between grapheme clusters, never inside one and never through a wide character. Spaces at a
/// wrap point are dropped; indentation at the start of a paragraph is kept.
public enum TextWrapper {
  /// Wraps one line to `width` columns. Returns at least one (possibly empty) line.
  public static func wrap(_ line: Line, width: Int) -> [Line] {
    guard width > 0 else { return [] }
    var output: [Line] = []
    var current: [(Character, Style, Int)] = []
    var currentWidth = 0
    var pendingSpaces: [(Character, Style, Int)] = []
    var word: [(Character, Style, Int)] = []
    var wordWidth = 0
    var atParagraphStart = true

    func finishLine() {
      output.append(makeLine(current, template: line))
      current = []
      currentWidth = 0
      atParagraphStart = false
    }

    func placeWord() {
      let spaceWidth = pendingSpaces.reduce(0) { $0 + $1.2 }
      let keepSpaces = currentWidth > 0 || atParagraphStart
      let neededSpaces = keepSpaces ? spaceWidth : 0
      if currentWidth + neededSpaces + wordWidth <= width {
        if keepSpaces { current += pendingSpaces }
        currentWidth += neededSpaces
      } else if wordWidth <= width {
        finishLine()
      } else {
        // A word longer than a whole line: start it here if at least one column is left.
        if currentWidth + neededSpaces < width {
          if keepSpaces { current += pendingSpaces }
          currentWidth += neededSpaces
        } else {
          finishLine()
        }
      }
      pendingSpaces = []
      for piece in word {
        if currentWidth + piece.2 > width { finishLine() }
        current.append(piece)
        currentWidth += piece.2
      }
      word = []
      wordWidth = 0
    }

    for span in line.spans {
      for character in TextSanitizer.sanitize(span.content) {
        let w = DisplayWidth.of(character)
        if w == 0 { continue }
        if character == " " {
          if !word.isEmpty { placeWord() }
          pendingSpaces.append((character, span.style, w))
        } else {
          word.append((character, span.style, w))
          wordWidth += w
        }
      }
    }
    if !word.isEmpty { placeWord() }
    if !current.isEmpty || output.isEmpty { finishLine() }
    return output
  }

  /// Wraps plain text to `width` columns, treating `\n` and `\r\n` as hard breaks.
  public static func wrap(_ text: String, width: Int, style: Style = .plain) -> [Line] {
    Paragraph.splitLines(text).flatMap { wrap(Line($0, style: style), width: width) }
  }

  private static func makeLine(_ pieces: [(Character, Style, Int)], template: Line) -> Line {
    var spans: [Span] = []
    for (character, style, _) in pieces {
      if let last = spans.last, last.style == style {
        spans[spans.count - 1].content.append(character)
      } else {
        spans.append(Span(String(character), style: style))
      }
    }
    return Line(spans, style: template.style, alignment: template.alignment)
  }
}

import Foundation
import TerminalKit
import Testing

@testable import FarmacyApp

@Suite struct ThemeTests {
  private var themesDirectory: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("themes")
  }

  /// The files in `themes/` are the built-in themes; a missing file is written once and fails.
  @Test func shippedFiles_matchTheBuiltInThemes() throws {
    for name in Theme.builtInNames {
      let builtIn = try #require(Theme.builtIn(named: name))
      let file = themesDirectory.appendingPathComponent("\(name).toml")
      let text = ThemeLoader.text(
        of: builtIn, comment: "Farmacy theme \"\(name)\". Copy it to ~/.config/farmacy/themes/ to make your own.")
      guard FileManager.default.fileExists(atPath: file.path) else {
        try text.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("Wrote \(file.lastPathComponent); check it and run again.")
        continue
      }
      #expect(try ThemeLoader.load(path: file.path) == builtIn, "\(name)")
    }
  }

  @Test func partialFile_keepsDefaultsForMissingRoles() throws {
    let theme = try ThemeLoader.parse(
      """
      name = "mine"
      [styles]
      selection = { fg = "#102030", bg = 236, bold = true }
      """, path: "mine.toml")
    #expect(theme.name == "mine")
    #expect(theme[.selection] == Style().foreground(.rgb(0x10, 0x20, 0x30)).background(.indexed(236)).bold())
    #expect(theme[.border] == Theme.dark[.border])
  }

  @Test func badColour_namesLineAndKey() {
    #expect(
      throws: ThemeError(
        path: "bad.toml", line: 4, key: "styles.border.fg",
        message: "not a colour; use a name (red, bright-black…), 0–255 or #rrggbb")
    ) {
      try ThemeLoader.parse("name = \"bad\"\n\n[styles]\nborder = { fg = \"blu\" }\n", path: "bad.toml")
    }
    #expect(throws: ThemeError(path: "bad.toml", line: 2, key: "styles.frame", message: "unknown style")) {
      try ThemeLoader.parse("[styles]\nframe = { fg = \"red\" }\n", path: "bad.toml")
    }
  }

  @Test func choose_fallsBackWithAWarning_andNoColorWins() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("farmacy-theme-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("farmacy/themes"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "[styles]\ntext = { wobble = true }\n".write(
      to: directory.appendingPathComponent("farmacy/themes/broken.toml"), atomically: true, encoding: .utf8)
    let environment = ["XDG_CONFIG_HOME": directory.path]

    let broken = ThemeLoader.choose(name: "broken", environment: environment)
    #expect(broken.theme == .dark)
    #expect(broken.warning?.contains("broken.toml:2 (styles.text.wobble): unknown attribute") == true)

    let unknown = ThemeLoader.choose(name: "neon", environment: environment)
    #expect(unknown.theme == .dark)
    #expect(unknown.warning?.hasPrefix("no theme \"neon\"") == true)

    #expect(ThemeLoader.choose(name: "light", environment: environment) == (.light, nil))
    #expect(ThemeLoader.choose(name: "light", environment: ["NO_COLOR": "1"]).theme == .monochrome)
  }

  @Test func monochrome_usesNoColours() {
    for role in Theme.Role.allCases {
      #expect(Theme.monochrome[role].foreground == nil && Theme.monochrome[role].background == nil, "\(role)")
    }
  }
}

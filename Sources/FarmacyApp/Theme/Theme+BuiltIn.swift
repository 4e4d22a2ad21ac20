import TerminalKit

extension Theme {
  /// The names of the themes that ship with Farmacy, default first.
  package static let builtInNames = ["default", "light", "high-contrast", "monochrome"]

  /// A theme that ships with Farmacy; the same as `themes/<name>.toml`.
  package static func builtIn(named name: String) -> Theme? {
    switch name {
    case "default": .dark
    case "light": .light
    case "high-contrast": .highContrast
    case "monochrome": .monochrome
    default: nil
    }
  }

  /// The default: light text on the terminal's dark background.
  package static let dark = Theme(
    name: "default",
    styles: [
      .text: Style(), .dim: Style().foreground(.brightBlack), .title: Style().foreground(.cyan).bold(),
      .border: Style().foreground(.brightBlack), .focusedBorder: Style().foreground(.cyan).bold(),
      .header: Style().foreground(.brightWhite).bold(), .selection: Style().foreground(.black).background(.cyan),
      .statusBar: Style().foreground(.black).background(.white),
      .banner: Style().foreground(.black).background(.yellow),
      .tabActive: Style().foreground(.black).background(.cyan).bold(),
      .info: Style().foreground(.cyan), .success: Style().foreground(.green), .warning: Style().foreground(.yellow),
      .error: Style().foreground(.red).bold(),
      .badgeSynced: Style().foreground(.green), .badgePending: Style().foreground(.yellow),
      .badgeConflict: Style().foreground(.magenta).bold(), .badgeFailed: Style().foreground(.red).bold(),
      .stateDraft: Style().foreground(.yellow), .stateSent: Style().foreground(.cyan),
      .stateToApprove: Style().foreground(.magenta), .statePurchase: Style().foreground(.green),
      .stateLocked: Style().foreground(.blue), .stateCancelled: Style().foreground(.red),
      .breakerClosed: Style().foreground(.black).background(.green).bold(),
      .breakerOpen: Style().foreground(.white).background(.red).bold(),
      .breakerHalfOpen: Style().foreground(.black).background(.yellow).bold(),
      .diffChanged: Style().foreground(.black).background(.yellow),
      .diffConflict: Style().foreground(.white).background(.red).bold(),
      .diffAdded: Style().foreground(.black).background(.green),
      .diffRemoved: Style().foreground(.black).background(.red),
      .sparkline: Style().foreground(.green),
    ])

  /// Dark text for terminals with a light background.
  package static let light = Theme(
    name: "light",
    styles: [
      .text: Style(), .dim: Style().foreground(.brightBlack), .title: Style().foreground(.blue).bold(),
      .border: Style().foreground(.brightBlack), .focusedBorder: Style().foreground(.blue).bold(),
      .header: Style().foreground(.black).bold(), .selection: Style().foreground(.white).background(.blue),
      .statusBar: Style().foreground(.white).background(.black),
      .banner: Style().foreground(.black).background(.brightYellow),
      .tabActive: Style().foreground(.white).background(.blue).bold(),
      .info: Style().foreground(.blue), .success: Style().foreground(.green), .warning: Style().foreground(.magenta),
      .error: Style().foreground(.red).bold(),
      .badgeSynced: Style().foreground(.green), .badgePending: Style().foreground(.magenta),
      .badgeConflict: Style().foreground(.red).bold(), .badgeFailed: Style().foreground(.red).bold().underlined(),
      .stateDraft: Style().foreground(.magenta), .stateSent: Style().foreground(.blue),
      .stateToApprove: Style().foreground(.magenta).bold(), .statePurchase: Style().foreground(.green),
      .stateLocked: Style().foreground(.blue).bold(), .stateCancelled: Style().foreground(.red),
      .breakerClosed: Style().foreground(.white).background(.green).bold(),
      .breakerOpen: Style().foreground(.white).background(.red).bold(),
      .breakerHalfOpen: Style().foreground(.black).background(.brightYellow).bold(),
      .diffChanged: Style().foreground(.black).background(.brightYellow),
      .diffConflict: Style().foreground(.white).background(.red).bold(),
      .diffAdded: Style().foreground(.black).background(.brightGreen),
      .diffRemoved: Style().foreground(.white).background(.red),
      .sparkline: Style().foreground(.blue),
    ])

  /// Bright colours and bold text only, for low vision and washed-out projectors.
  package static let highContrast = Theme(
    name: "high-contrast",
    styles: [
      .text: Style().foreground(.brightWhite), .dim: Style().foreground(.white),
      .title: Style().foreground(.brightYellow).bold(),
      .border: Style().foreground(.brightWhite), .focusedBorder: Style().foreground(.brightYellow).bold(),
      .header: Style().foreground(.brightWhite).bold().underlined(),
      .selection: Style().foreground(.black).background(.brightYellow).bold(),
      .statusBar: Style().foreground(.black).background(.brightWhite).bold(),
      .banner: Style().foreground(.black).background(.brightYellow).bold(),
      .tabActive: Style().foreground(.black).background(.brightYellow).bold(),
      .info: Style().foreground(.brightCyan).bold(), .success: Style().foreground(.brightGreen).bold(),
      .warning: Style().foreground(.brightYellow).bold(), .error: Style().foreground(.brightRed).bold(),
      .badgeSynced: Style().foreground(.brightGreen).bold(), .badgePending: Style().foreground(.brightYellow).bold(),
      .badgeConflict: Style().foreground(.brightMagenta).bold(), .badgeFailed: Style().foreground(.brightRed).bold(),
      .stateDraft: Style().foreground(.brightYellow), .stateSent: Style().foreground(.brightCyan),
      .stateToApprove: Style().foreground(.brightMagenta), .statePurchase: Style().foreground(.brightGreen),
      .stateLocked: Style().foreground(.brightBlue), .stateCancelled: Style().foreground(.brightRed),
      .breakerClosed: Style().foreground(.black).background(.brightGreen).bold(),
      .breakerOpen: Style().foreground(.brightWhite).background(.red).bold(),
      .breakerHalfOpen: Style().foreground(.black).background(.brightYellow).bold(),
      .diffChanged: Style().foreground(.black).background(.brightYellow).bold(),
      .diffConflict: Style().foreground(.brightWhite).background(.red).bold(),
      .diffAdded: Style().foreground(.black).background(.brightGreen).bold(),
      .diffRemoved: Style().foreground(.brightWhite).background(.red).bold(),
      .sparkline: Style().foreground(.brightGreen),
    ])

  /// No colours at all: bold, underline and reverse video carry the meaning. Chosen by itself
  /// when `NO_COLOR` is set.
  package static let monochrome = Theme(
    name: "monochrome",
    styles: [
      .text: Style(), .dim: Style().dim(), .title: Style().bold(), .border: Style(), .focusedBorder: Style().bold(),
      .header: Style().bold().underlined(), .selection: Style().reversed(), .statusBar: Style().reversed(),
      .banner: Style().reversed().bold(), .tabActive: Style().reversed().bold(),
      .info: Style(), .success: Style().bold(), .warning: Style().bold(), .error: Style().bold().underlined(),
      .badgeSynced: Style(), .badgePending: Style().bold(), .badgeConflict: Style().bold().underlined(),
      .badgeFailed: Style().reversed(),
      .stateDraft: Style(), .stateSent: Style(), .stateToApprove: Style().bold(), .statePurchase: Style().bold(),
      .stateLocked: Style().dim(), .stateCancelled: Style().dim(),
      .breakerClosed: Style().reversed(), .breakerOpen: Style().reversed().bold().underlined(),
      .breakerHalfOpen: Style().reversed().bold(),
      .diffChanged: Style().underlined(), .diffConflict: Style().reversed().bold(), .diffAdded: Style().bold(),
      .diffRemoved: Style().dim(), .sparkline: Style(),
    ])
}

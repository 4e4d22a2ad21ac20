import Foundation
import TerminalKit

/// Generated purchase orders: a virtual row source, so the table costs one screen whatever the
/// row count. Some vendors are hostile on purpose (escape sequences, bidi overrides) to show
/// they are drawn harmlessly.
struct DemoOrders: TableRowSource {
  let rowCount: Int
  var sortDescending = false

  private static let vendors = [
    "Vetpharma GmbH", "動物薬品 株式会社", "Animedica 🐶", "Café Vétérinaire", "Bad\u{1B}[2JVendor",
    "Flag Co 🇪🇸", "evil\u{202E}gnp.exe", "한국 동물약품",
  ]
  private static let states = ["draft", "sent", "confirmed", "cancelled"]

  func row(at index: Int) -> TableRow {
    let number = sortDescending ? rowCount - 1 - index : index
    let state = Self.states[number % Self.states.count]
    let stateStyle: Style =
      switch state {
      case "confirmed": Style().foreground(.green)
      case "cancelled": Style().foreground(.red)
      case "sent": Style().foreground(.cyan)
      default: Style().foreground(.yellow)
      }
    return TableRow([
      Line(String(format: "PO-%06d", number)),
      Line(Self.vendors[number % Self.vendors.count]),
      Line(state, style: stateStyle),
      Line(String(format: "%d.%02d", (number * 37) % 10_000, number % 100)),
    ])
  }
}

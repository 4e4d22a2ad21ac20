import ArgumentParser
import FarmacyDomain
import FarmacyStore
import Foundation

/// The shared body of `farmacy orders confirm|cancel|send|approve|lock|unlock|reset`.
protocol OrderWorkflowCommand: ParsableCommand {
  static var action: OrderAction { get }
  var global: GlobalOptions { get }
  var reference: String { get }
  var json: Bool { get }
}

extension OrderWorkflowCommand {
  func run() throws {
    try reportingFailures(json: json) {
      let store = try global.openStore()
      let stored = try store.findOrder(reference)
      let saved = try store.perform(Self.action, orderID: stored.order.id, actor: global.actorName, now: Date())
      try OrderChangeReport.print(saved, store: store, json: json, verb: Self.action.pastTense)
    }
  }
}

struct OrdersConfirm: OrderWorkflowCommand {
  static let configuration = CommandConfiguration(
    commandName: "confirm", abstract: "Confirm an RFQ (Odoo's Confirm Order); large orders may need approval.")
  static let action = OrderAction.confirm
  @OptionGroup var global: GlobalOptions
  @Argument(help: "The order's reference or id.") var reference: String
  @Flag(help: "Print JSON.") var json = false
}

struct OrdersCancel: OrderWorkflowCommand {
  static let configuration = CommandConfiguration(
    commandName: "cancel", abstract: "Cancel an order (refused once billed or received).")
  static let action = OrderAction.cancel
  @OptionGroup var global: GlobalOptions
  @Argument(help: "The order's reference or id.") var reference: String
  @Flag(help: "Print JSON.") var json = false
}

struct OrdersSend: OrderWorkflowCommand {
  static let configuration = CommandConfiguration(commandName: "send", abstract: "Mark an RFQ as sent to the vendor.")
  static let action = OrderAction.send
  @OptionGroup var global: GlobalOptions
  @Argument(help: "The order's reference or id.") var reference: String
  @Flag(help: "Print JSON.") var json = false
}

struct OrdersApprove: OrderWorkflowCommand {
  static let configuration = CommandConfiguration(
    commandName: "approve", abstract: "Approve an order waiting for a second approval.")
  static let action = OrderAction.approve
  @OptionGroup var global: GlobalOptions
  @Argument(help: "The order's reference or id.") var reference: String
  @Flag(help: "Print JSON.") var json = false
}

struct OrdersLock: OrderWorkflowCommand {
  static let configuration = CommandConfiguration(commandName: "lock", abstract: "Lock a confirmed order.")
  static let action = OrderAction.lock
  @OptionGroup var global: GlobalOptions
  @Argument(help: "The order's reference or id.") var reference: String
  @Flag(help: "Print JSON.") var json = false
}

struct OrdersUnlock: OrderWorkflowCommand {
  static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Unlock a locked order.")
  static let action = OrderAction.unlock
  @OptionGroup var global: GlobalOptions
  @Argument(help: "The order's reference or id.") var reference: String
  @Flag(help: "Print JSON.") var json = false
}

struct OrdersResetToDraft: OrderWorkflowCommand {
  static let configuration = CommandConfiguration(
    commandName: "reset", abstract: "Reset a cancelled order to an RFQ.")
  static let action = OrderAction.resetToDraft
  @OptionGroup var global: GlobalOptions
  @Argument(help: "The order's reference or id.") var reference: String
  @Flag(help: "Print JSON.") var json = false
}

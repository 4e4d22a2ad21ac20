import ArgumentParser
import FarmacyDomain
import FarmacyStore
import Foundation

/// One workflow step as a subcommand: its name and help.
protocol WorkflowStep {
  static var action: OrderAction { get }
  static var commandName: String { get }
  static var abstract: String { get }
}

/// `farmacy orders confirm|cancel|send|approve|lock|unlock|reset REF`: one command type for every
/// step, so they parse, report and fail alike.
struct OrderStepCommand<Step: WorkflowStep>: ParsableCommand {
  static var configuration: CommandConfiguration {
    CommandConfiguration(commandName: Step.commandName, abstract: Step.abstract)
  }

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The order's reference or id.") var reference: String
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    try reportingFailures(json: json) {
      let store = try global.openStore()
      let stored = try store.findOrder(reference)
      let saved = try store.perform(Step.action, orderID: stored.order.id, actor: global.actorName, now: Date())
      try OrderChangeReport.print(saved, store: store, json: json, verb: Step.action.pastTense)
    }
  }
}

enum ConfirmStep: WorkflowStep {
  static let action = OrderAction.confirm
  static let commandName = "confirm"
  static let abstract = "Confirm an RFQ (Odoo's Confirm Order); large orders may need approval."
}

enum CancelStep: WorkflowStep {
  static let action = OrderAction.cancel
  static let commandName = "cancel"
  static let abstract = "Cancel an order (refused once billed or received)."
}

enum SendStep: WorkflowStep {
  static let action = OrderAction.send
  static let commandName = "send"
  static let abstract = "Mark an RFQ as sent to the vendor."
}

enum ApproveStep: WorkflowStep {
  static let action = OrderAction.approve
  static let commandName = "approve"
  static let abstract = "Approve an order waiting for a second approval."
}

enum LockStep: WorkflowStep {
  static let action = OrderAction.lock
  static let commandName = "lock"
  static let abstract = "Lock a confirmed order."
}

enum UnlockStep: WorkflowStep {
  static let action = OrderAction.unlock
  static let commandName = "unlock"
  static let abstract = "Unlock a locked order."
}

enum ResetStep: WorkflowStep {
  static let action = OrderAction.resetToDraft
  static let commandName = "reset"
  static let abstract = "Reset a cancelled order to an RFQ."
}

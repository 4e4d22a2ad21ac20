import ArgumentParser

/// `farmacy orders`: browse and change purchase orders.
struct OrdersCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "orders",
    abstract: "List, show, create, edit, confirm and cancel purchase orders.",
    subcommands: [
      OrdersList.self, OrdersShow.self, OrdersCreate.self, OrdersEdit.self, OrderStepCommand<ConfirmStep>.self,
      OrderStepCommand<CancelStep>.self, OrderStepCommand<SendStep>.self, OrderStepCommand<ApproveStep>.self,
      OrderStepCommand<LockStep>.self, OrderStepCommand<UnlockStep>.self, OrderStepCommand<ResetStep>.self,
    ],
    defaultSubcommand: OrdersList.self
  )
}

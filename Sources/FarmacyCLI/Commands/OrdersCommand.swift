import ArgumentParser

/// `farmacy orders`: browse and change purchase orders.
struct OrdersCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "orders",
    abstract: "List, show, create, edit, confirm and cancel purchase orders.",
    subcommands: [
      OrdersList.self, OrdersShow.self, OrdersCreate.self, OrdersEdit.self, OrdersConfirm.self, OrdersCancel.self,
      OrdersSend.self, OrdersApprove.self, OrdersLock.self, OrdersUnlock.self, OrdersResetToDraft.self,
    ],
    defaultSubcommand: OrdersList.self
  )
}

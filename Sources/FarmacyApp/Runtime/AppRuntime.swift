import FarmacyStore
import Foundation
import SyncEngine
import TerminalKit

/// Runs the app on a terminal: feeds events to ``reduce(_:_:)``, performs the effects it asks
/// for off the terminal thread, and draws the state after every batch of events.
///
/// Lives on the terminal thread. Effects run as tasks on Swift's pool and come back as actions
/// through the ``Inbox``, so a slow query or a slow Odoo never freezes the screen.
package final class AppRuntime {
  package private(set) var state: AppState
  package let inbox: Inbox<AppAction>
  private let services: AppServices
  private var quitRequested = false
  private let now: @Sendable () -> Date

  package init(
    state: AppState, services: AppServices, inbox: Inbox<AppAction>,
    now: @escaping @Sendable () -> Date = Date.init
  ) {
    self.state = state
    self.services = services
    self.inbox = inbox
    self.now = now
  }

  /// Runs until the person quits or a termination signal arrives.
  package func run<Backend: TerminalBackend>(terminal: Terminal<Backend>, tick: Duration = .seconds(1)) throws {
    dispatch(.terminalResized(terminal.size))
    dispatch(.appStarted)
    // The sync engine reports every job; a push of thousands would otherwise have the terminal
    // thread drawing all the time. Keys still draw at once.
    try EventLoop(terminal: terminal, inbox: inbox).run(
      tick: tick, messageFrameInterval: .milliseconds(33), update: update, view: render)
  }

  /// Copies the engine's events into the inbox until the stream ends.
  ///
  /// - Parameter executor: Where the copying runs; the full-screen app gives the engine's own
  ///   thread, so that thousands of events during a push keep Swift's pool free for the
  ///   screen's queries. `nil` runs it on the pool.
  package func forward(_ events: AsyncStream<SyncEnvelope>, on executor: (any TaskExecutor)? = nil) -> Task<Void, Never> {
    let inbox = self.inbox
    return Task(executorPreference: executor) {
      for await envelope in events {
        inbox.post(.syncEventReceived(envelope.event, at: envelope.occurredAt))
      }
    }
  }

  package func update(_ event: LoopEvent<AppAction>) -> LoopControl {
    switch event {
    case .input(.key(let key)): dispatch(.keyPressed(key))
    case .input(.resize(let size)): dispatch(.terminalResized(size))
    case .input(.terminationRequested): return .quit
    case .input(.mouse(let mouse)):
      switch mouse.kind {
      case .pressed(.left): dispatch(.mouseClicked(mouse.position))
      case .wheelDown: dispatch(.mouseScrolled(mouse.position, down: true))
      case .wheelUp: dispatch(.mouseScrolled(mouse.position, down: false))
      default: break
      }
    case .message(let action): dispatch(action)
    case .tick: dispatch(.clockTicked(now()))
    }
    return quitRequested ? .quit : .continue
  }

  package func render(_ frame: inout Frame) {
    AppView.render(state, theme: state.theme, into: &frame)
  }

  /// Applies an action and starts the effects it asks for.
  package func dispatch(_ action: AppAction) {
    for effect in reduce(&state, action) { perform(effect) }
  }

  private func perform(_ effect: Effect) {
    let services = self.services
    let inbox = self.inbox
    let actor = state.actor
    if effect == .quit {
      quitRequested = true
      return
    }
    Task.detached {
      let action = await AppRuntime.outcome(of: effect, services: services, actor: actor)
      inbox.post(action)
    }
  }

  /// Performs one effect and says what happened, as an action.
  package static func outcome(of effect: Effect, services: AppServices, actor: String) async -> AppAction {
    do {
      switch effect {
      case .loadOrderPage(let request):
        return .orderPageLoaded(request, try services.listOrders(request.query))
      case .countOrders(let query, let generation):
        return .orderCountLoaded(generation: generation, count: try services.countOrders(query))
      case .loadOrderDetail(let id):
        guard let order = try services.order(id) else {
          return .loadFailed(effect, error: "The order no longer exists.")
        }
        return .orderDetailLoaded(order, history: (try? services.history(id)) ?? [])
      case .performOrderAction(let action, let id):
        do {
          let saved = try services.perform(action, id, actor)
          return .orderSaved(saved, summary: "\(action.pastTense) \(saved.order.reference)", kind: .stepTaken)
        } catch {
          return .orderOperationFailed(String(describing: error), kind: .stepTaken, orderID: id)
        }
      case .saveOrder(let order, let base):
        do {
          let saved = try services.save(order, base, actor)
          return .orderSaved(saved, summary: "Saved \(saved.order.reference)", kind: .saved)
        } catch {
          return .orderOperationFailed(String(describing: error), kind: .saved, orderID: order.id)
        }
      case .createOrder(let form):
        do {
          let saved = try services.createOrder(form, actor)
          return .orderSaved(saved, summary: "Created \(saved.order.reference)", kind: .created)
        } catch {
          return .orderOperationFailed(String(describing: error), kind: .created)
        }
      case .searchCatalogue(let vendorID, let text, let generation):
        return .catalogueSearched(generation: generation, offers: try services.searchCatalogue(vendorID, text))
      case .searchVendors(let text, let generation):
        return .vendorsSearched(generation: generation, vendors: try services.searchVendors(text))
      case .loadVendorOffers(let vendorID, let productIDs):
        return .vendorOffersLoaded(vendorID: vendorID, offers: try services.vendorOffers(vendorID, productIDs))
      case .loadAudit(let orderID):
        return .auditLoaded(orderID: orderID, entries: try services.audit(orderID))
      case .findVendor(let text):
        let vendor = try services.findVendor(text)
        return .vendorFound(id: vendor.id, name: vendor.name)
      case .loadQueue:
        let queue = try services.queue()
        return .queueLoaded(jobs: queue.jobs, counts: queue.counts, oldest: queue.oldest)
      case .loadConflicts:
        return .conflictsLoaded(try services.conflicts())
      case .sampleHealth:
        return .healthSampled(services.health())
      case .sendSyncCommand(let command):
        do {
          return .syncCommandAnswered(command, answer: try await services.send(command))
        } catch {
          return .syncCommandFailed(command, error: String(describing: error))
        }
      case .loadTheme(let name):
        let (theme, warning) = services.loadTheme(name)
        return .themeLoaded(theme, warning: warning)
      case .startDemoOutage(let seconds):
        guard let start = services.startDemoOutage else {
          return .loadFailed(effect, error: "outage only works in the demo")
        }
        start(seconds)
        return .demoOutageStarted(seconds: seconds)
      case .quit:
        return .loadFailed(effect, error: "quit is handled by the loop")
      }
    } catch {
      return .loadFailed(effect, error: String(describing: error))
    }
  }
}

import Foundation
import OdooSimulator
import Testing

@testable import OdooKit

/// Every fault odoo-sim injects, as the client meets it.
@Suite(.serialized) struct OdooClientFaultTests {
  func connected(_ harness: SimulatorHarness, retryPolicy: RetryPolicy = .none, transport: CurlConfiguration = .init())
    async throws -> OdooClient
  {
    let client = harness.client(retryPolicy: retryPolicy, transport: transport)
    try await client.connect()
    return client
  }

  @Test(arguments: [FaultKind.http502, .http503])
  func proxyErrorWithHTML_isARetryableHTTPError(kind: FaultKind) async throws {
    let harness = try await SimulatorHarness.start(version: .v17)
    let client = try await connected(harness)
    harness.simulator.faults.schedule(ScheduledFault(kind: kind, count: 1))
    do {
      _ = try await client.searchCount("purchase.order")
      Issue.record("no error")
    } catch {
      #expect(error.code == .httpStatus(kind == .http502 ? 502 : 503))
      #expect(error.isRetryable)
      #expect(error.remoteMessage?.contains("text/html") == true)
    }
    await harness.stop()
  }

  @Test func retryableFaults_areRetried_untilTheCallSucceeds() async throws {
    let harness = try await SimulatorHarness.start(version: .v17)
    let client = try await connected(harness, retryPolicy: RetryPolicy(maxAttempts: 4))
    harness.simulator.faults.schedule(ScheduledFault(kind: .http503, count: 1))
    harness.simulator.faults.schedule(ScheduledFault(kind: .serverError, count: 1))
    harness.simulator.faults.schedule(ScheduledFault(kind: .http502, count: 1))
    #expect(try await client.searchCount("purchase.order") == 30)
    // Three failures, three backoffs: 200 ms, 400 ms, 800 ms bounds at jitter 0.5.
    #expect(harness.clock.sleeps.withLock { $0 } == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
    await harness.stop()
  }

  @Test func serverError_keepsOdoosExceptionName() async throws {
    let harness = try await SimulatorHarness.start(version: .v17)
    let client = try await connected(harness)
    harness.simulator.faults.schedule(ScheduledFault(kind: .serverError, count: 1))
    do {
      _ = try await client.searchCount("purchase.order")
      Issue.record("no error")
    } catch {
      guard case .serverError(let name) = error.code else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(name.contains("SerializationFailure"))
      #expect(error.isRetryable)
    }
    await harness.stop()
  }

  @Test func connectionReset_onACreate_isATransportError_andCreatesNothing() async throws {
    let harness = try await SimulatorHarness.start(version: .v17)
    let client = try await connected(harness)
    let vendor = try #require(try await client.search("res.partner", domain: [["supplier_rank", ">", 0]], limit: 1).first)
    harness.simulator.faults.schedule(ScheduledFault(kind: .connectionReset, count: 1, method: "create"))
    do {
      _ = try await client.create("purchase.order", values: [["partner_id": .int(vendor), "origin": "reset"]])
      Issue.record("no error")
    } catch {
      guard case .transport = error.code else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(error.isRetryable)
    }
    #expect(try await client.searchCount("purchase.order", domain: [["origin", "=", "reset"]]) == 0)
    await harness.stop()
  }

  @Test func connectionReset_onARead_isSurvived() async throws {
    let harness = try await SimulatorHarness.start(version: .v17)
    let client = try await connected(harness, retryPolicy: RetryPolicy(maxAttempts: 2))
    harness.simulator.faults.schedule(ScheduledFault(kind: .connectionReset, count: 1, method: "search_count"))
    // Either libcurl resends the read on a new connection, or the retry policy does.
    #expect(try await client.searchCount("purchase.order") == 30)
    await harness.stop()
  }

  @Test func hang_endsInATimeout() async throws {
    let harness = try await SimulatorHarness.start(version: .v17)
    var transport = CurlConfiguration()
    // Long enough for connecting (version, login, fields) on a busy machine; the hang lasts
    // twice as long, so only the timeout can end the call.
    transport.totalTimeout = .milliseconds(1_500)
    let client = try await connected(harness, transport: transport)
    // Release the hung request soon after the client gave up, so the server can stop.
    harness.simulator.faults.update { $0.hangLimitSeconds = 3 }
    harness.simulator.faults.schedule(ScheduledFault(kind: .hang, count: 1))
    do {
      _ = try await client.searchCount("purchase.order")
      Issue.record("no error")
    } catch {
      #expect(error.code == .timeout)
    }
    await harness.stop()
  }

  /// A `write` that adds a line, whose reply is lost after Odoo committed it, is not sent again
  /// by the client: sent twice, it would add the line twice. A plain `write` is retried.
  @Test func aWriteAddingALine_isNotResent_afterALostReply_butAPlainWriteIs() async throws {
    let harness = try await SimulatorHarness.start(version: .v17)
    let client = try await connected(harness, retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1)))
    let vendor = try #require(try await client.search("res.partner", domain: [["supplier_rank", ">", 0]], limit: 1).first)
    let order = try #require(try await client.create("purchase.order", values: [["partner_id": .int(vendor)]]).first)
    let before = try await client.searchCount("purchase.order.line", domain: [["order_id", "=", .int(order)]])
    let product = try #require(try await client.search("product.product", domain: [], limit: 1).first)
    harness.simulator.faults.schedule(ScheduledFault(kind: .commitThenDrop, count: 1, method: "write"))
    do {
      try await client.write(
        "purchase.order", ids: [order],
        values: ["order_line": [[0, 0, ["product_id": .int(product), "product_qty": .double(3), "price_unit": .double(1.5)]]]])
      Issue.record("the reply arrived")
    } catch {
      #expect(error.isRetryable, "the push finds out what Odoo has before trying again")
    }
    #expect(try await client.searchCount("purchase.order.line", domain: [["order_id", "=", .int(order)]]) == before + 1)

    harness.simulator.faults.schedule(ScheduledFault(kind: .commitThenDrop, count: 1, method: "write"))
    try await client.write("purchase.order", ids: [order], values: ["notes": "written twice, the same"])
    let notes = try await client.read("purchase.order", ids: [order], fields: ["notes"])
    #expect(notes.first?["notes"]?.string == "written twice, the same")
    await harness.stop()
  }

  @Test func commitThenDrop_losesTheReply_butTheWriteHappened() async throws {
    let harness = try await SimulatorHarness.start(version: .v17)
    let client = try await connected(harness)
    harness.simulator.faults.schedule(ScheduledFault(kind: .commitThenDrop, count: 1, method: "create"))
    let vendor = try #require(try await client.search("res.partner", domain: [["supplier_rank", ">", 0]], limit: 1).first)
    do {
      _ = try await client.create("purchase.order", values: [["partner_id": .int(vendor), "origin": "lost reply"]])
      Issue.record("the reply arrived")
    } catch {
      #expect(error.isRetryable, "an uncertain create must be looked up and retried")
    }
    #expect(try await client.searchCount("purchase.order", domain: [["origin", "=", "lost reply"]]) == 1)
    await harness.stop()
  }

  @Test func breaker_stopsCallingAServerThatFails_andTriesAgainAfterTheOpenPeriod() async throws {
    let harness = try await SimulatorHarness.start(version: .v17)
    var breaker = CircuitBreakerStateMachine.Configuration()
    breaker.failureRateThreshold = nil
    let client = harness.client(retryPolicy: .none, breaker: breaker)
    try await client.connect()
    harness.simulator.faults.update { $0.rates = [.http503: 1.0] }
    let before = harness.requestsServed
    for _ in 0..<5 { _ = try? await client.searchCount("purchase.order") }
    #expect(harness.requestsServed == before + 5)
    guard case .open = client.breaker.state else {
      Issue.record("the breaker did not open")
      return
    }
    // While open: calls are refused here, and none reaches the server.
    for _ in 0..<20 {
      do {
        _ = try await client.searchCount("purchase.order")
      } catch {
        guard case .breakerOpen = error.code else {
          Issue.record("unexpected \(error)")
          return
        }
      }
    }
    #expect(harness.requestsServed == before + 5, "calls reached the server while open")
    // After the open period: one trial reaches the server, fails, and the breaker reopens.
    harness.clock.advance(by: .seconds(61))
    _ = try? await client.searchCount("purchase.order")
    #expect(harness.requestsServed == before + 6)
    guard case .open = client.breaker.state else {
      Issue.record("a failed trial did not reopen the breaker")
      return
    }
    // The server recovers: the next trial closes the breaker.
    harness.simulator.faults.clear()
    harness.clock.advance(by: .seconds(61))
    #expect(try await client.searchCount("purchase.order") == 30)
    #expect(client.breaker.state == .closed)
    await harness.stop()
  }
}

/// The breaker against a simulator in an outage (connections refused), counted from the
/// client's side: what libcurl actually sent.
@Suite(.serialized) struct OdooClientOutageTests {
  @Test func outage_breakerOpens_noRequestWhileOpen_andAtMostThreeTrialsInHalfOpen() async throws {
    let harness = try await SimulatorHarness.start(version: .v17)
    var breaker = CircuitBreakerStateMachine.Configuration()
    breaker.failureRateThreshold = nil
    breaker.successesToClose = 3
    let transport = CurlTransport()
    let client = harness.client(retryPolicy: .none, breaker: breaker, transportInstance: transport)
    try await client.connect()
    harness.simulator.faults.startOutage(seconds: 3_600)
    for _ in 0..<5 { _ = try? await client.searchCount("purchase.order") }
    guard case .open = client.breaker.state else {
      Issue.record("the breaker did not open during the outage")
      return
    }
    let sentWhenOpened = transport.requestsSent
    for _ in 0..<50 { _ = try? await client.searchCount("purchase.order") }
    #expect(transport.requestsSent == sentWhenOpened, "requests went out while the breaker was open")

    // Half-open, the server still down: ten callers at once, at most three trials go out.
    harness.clock.advance(by: .seconds(61))
    await withTaskGroup(of: Void.self) { group in
      for _ in 0..<10 { group.addTask { _ = try? await client.searchCount("purchase.order") } }
    }
    #expect(transport.requestsSent - sentWhenOpened <= 3)
    #expect(transport.requestsSent - sentWhenOpened >= 1)
    await harness.stop()
  }
}

import Foundation
import Testing

@testable import OdooKit

@Suite(.serialized) struct CurlTransportTests {
  @Test func postsAndReadsTheReply_overOneKeptAliveConnection() async throws {
    let server = try LoopbackServer()
    let transport = CurlTransport()
    for index in 0..<20 {
      let body = Data("{\"n\":\(index),\"text\":\"東京 🐾\"}".utf8)
      let response = try await transport.send(
        HTTPRequest(url: server.baseURL + "/echo", headers: [("Content-Type", "application/json")], body: body),
        label: "echo")
      #expect(response.status == 200)
      #expect(response.body == body)
      #expect(response.header("Content-Type") == "application/json")
    }
    #expect(transport.connectionsOpened == 1)
    let connections = try await transport.send(
      HTTPRequest(method: .get, url: server.baseURL + "/connections"), label: "count")
    #expect(String(decoding: connections.body, as: UTF8.self) == "1", "the server saw more than one connection")
  }

  @Test func concurrentRequests_useAtMostTheConfiguredConnections() async throws {
    let server = try LoopbackServer()
    var configuration = CurlConfiguration()
    configuration.maxConnections = 3
    let transport = CurlTransport(configuration: configuration)
    try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<12 {
        group.addTask {
          try await transport.send(HTTPRequest(method: .get, url: server.baseURL + "/slow?ms=30"), label: "slow").status
        }
      }
      for try await status in group { #expect(status == 200) }
    }
    #expect(transport.connectionsOpened <= 3)
  }

  @Test func waitingTooLongForAConnection_failsWithPoolExhausted() async throws {
    let server = try LoopbackServer()
    var configuration = CurlConfiguration()
    configuration.maxConnections = 1
    configuration.acquireTimeout = .milliseconds(100)
    let transport = CurlTransport(configuration: configuration)
    // The held request keeps the only connection until it is released, however long the
    // machine takes to get here.
    async let held = transport.send(HTTPRequest(method: .get, url: server.baseURL + "/hold?key=pool"), label: "held")
    let deadline = ContinuousClock.now + .seconds(30)
    while transport.busyConnections < 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
    #expect(transport.busyConnections == 1)
    do {
      _ = try await transport.send(HTTPRequest(method: .get, url: server.baseURL + "/echo"), label: "queued")
      Issue.record("a request got a connection that was busy")
    } catch {
      #expect(error.code == .poolExhausted)
      #expect(error.isRetryable)
    }
    let release = CurlTransport()
    #expect(try await release.send(HTTPRequest(method: .get, url: server.baseURL + "/release?key=pool"), label: "release").status == 200)
    #expect(try await held.status == 200)
  }

  @Test func totalTimeout_givesATimeoutError() async throws {
    let server = try LoopbackServer()
    let transport = CurlTransport()
    do {
      _ = try await transport.send(
        HTTPRequest(method: .get, url: server.baseURL + "/slow?ms=2000", timeout: .milliseconds(200)), label: "slow")
      Issue.record("no timeout")
    } catch {
      #expect(error.code == .timeout)
      #expect(error.method == "slow")
    }
  }

  @Test func refusedConnection_givesATransportError() async throws {
    let transport = CurlTransport()
    do {
      // Port 1 on loopback: nothing listens there.
      _ = try await transport.send(HTTPRequest(url: "http://127.0.0.1:1/jsonrpc"), label: "common/version")
      Issue.record("connected to a closed port")
    } catch {
      guard case .transport(let curlCode, _) = error.code else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(curlCode == 7)
      #expect(error.isRetryable)
    }
  }

  @Test func oversizedReply_isRefused_notBuffered() async throws {
    let server = try LoopbackServer()
    var configuration = CurlConfiguration()
    configuration.maxResponseBytes = 10_000
    let transport = CurlTransport(configuration: configuration)
    let fits = try await transport.send(
      HTTPRequest(method: .get, url: server.baseURL + "/big?bytes=9000"), label: "big")
    #expect(fits.body.count == 9_000)
    do {
      _ = try await transport.send(HTTPRequest(method: .get, url: server.baseURL + "/big?bytes=5000000"), label: "big")
      Issue.record("a 5 MB reply passed a 10 kB limit")
    } catch {
      guard case .malformedReply = error.code else {
        Issue.record("unexpected \(error)")
        return
      }
    }
  }

  @Test func statusHeadersAndRetryAfter_arePassedThrough() async throws {
    let server = try LoopbackServer()
    let transport = CurlTransport()
    let html = try await transport.send(HTTPRequest(method: .get, url: server.baseURL + "/html"), label: "html")
    #expect(html.status == 502)
    #expect(html.header("content-type") == "text/html")
    let busy = try await transport.send(HTTPRequest(method: .get, url: server.baseURL + "/retry-after"), label: "busy")
    #expect(busy.status == 503)
    #expect(busy.retryAfter == .seconds(7))
    let headers = try await transport.send(
      HTTPRequest(method: .get, url: server.baseURL + "/headers", headers: [("X-Odoo-Database", "farmacy")]), label: "h"
    )
    let sent = try JSONSerialization.jsonObject(with: headers.body) as? [String: String]
    #expect(sent?["X-Odoo-Database"] == "farmacy")
    #expect(sent?["Accept-Encoding"]?.contains("gzip") == true)
    #expect(sent?["Expect"] == nil)
  }

  @Test func eachRequest_sendsItsOwnHeadersMethodAndBody_onOneReusedConnection() async throws {
    let server = try LoopbackServer()
    let transport = CurlTransport()
    let sequence: [(HTTPRequest.Method, [(String, String)])] = [
      (.post, [("X-Odoo-Database", "one")]), (.post, [("X-Odoo-Database", "one")]),
      (.get, [("X-Odoo-Database", "two")]),
      (.post, [("X-Odoo-Database", "two"), ("Cookie", "session_id=abc")]), (.get, []),
      (.post, [("X-Odoo-Database", "one")]),
    ]
    for (index, (method, headers)) in sequence.enumerated() {
      let body = method == .post ? Data("{\"n\":\(index)}".utf8) : Data()
      let response = try await transport.send(
        HTTPRequest(method: method, url: server.baseURL + "/headers", headers: headers, body: body), label: "h")
      let sent = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: String])
      #expect(sent["X-Odoo-Database"] == headers.first { $0.0 == "X-Odoo-Database" }?.1, "request \(index)")
      #expect(sent["Cookie"] == headers.first { $0.0 == "Cookie" }?.1, "request \(index)")
      #expect(sent["Content-Length"] == (method == .post ? String(body.count) : nil), "request \(index)")
      let echoed = try await transport.send(
        HTTPRequest(method: method, url: server.baseURL + "/echo", headers: headers, body: body), label: "echo")
      #expect(echoed.body == body, "request \(index)")
    }
    #expect(transport.connectionsOpened == 1)
  }

  @Test(arguments: [Duration.zero, .microseconds(100), .milliseconds(50)])
  func callersInTurn_andAtOnce_getTheirOwnReplies(spin: Duration) async throws {
    let server = try LoopbackServer()
    var configuration = CurlConfiguration()
    configuration.spinBeforeSleeping = spin
    configuration.maxConnections = 2
    let transport = CurlTransport(configuration: configuration)
    for index in 0..<30 {
      let body = Data("{\"n\":\(index)}".utf8)
      #expect(
        try await transport.send(HTTPRequest(url: server.baseURL + "/echo", body: body), label: "echo").body == body)
    }
    try await withThrowingTaskGroup(of: Bool.self) { group in
      for index in 0..<40 {
        group.addTask {
          let body = Data("{\"task\":\(index)}".utf8)
          return try await transport.send(HTTPRequest(url: server.baseURL + "/echo", body: body), label: "echo").body
            == body
        }
      }
      for try await matched in group { #expect(matched) }
    }
    #expect(transport.connectionsOpened <= 2)
    #expect(transport.requestsSent == 70)
  }
}

import FarmacyTestSupport
import Foundation
import OdooSimulator
import Testing

@testable import OdooKit

/// The client against odoo-sim served over HTTPS with a certificate made for the test: peer and
/// host verification stay on, and trust comes from the CA bundle given to the client.
@Suite(.serialized) struct TLSTests {
  /// An odoo-sim 17.0 over HTTPS, its certificate, and a second certificate it does not use.
  struct SecureSimulator {
    let folder: TemporaryDirectory
    let server: OdooSimServer
    let certificate: SimTLSFiles
    let stranger: SimTLSFiles

    static func start() async throws -> SecureSimulator {
      let folder = try TemporaryDirectory("odoo-tls")
      try FileManager.default.createDirectory(atPath: folder.file("server"), withIntermediateDirectories: true)
      try FileManager.default.createDirectory(atPath: folder.file("stranger"), withIntermediateDirectories: true)
      let certificate = try SelfSignedCertificate.generate(in: folder.file("server"), commonName: "odoo-sim")
      let stranger = try SelfSignedCertificate.generate(in: folder.file("stranger"), commonName: "stranger")
      var configuration = OdooEngineConfiguration(
        version: .v17, seed: .demo(orders: 10, seed: 42, today: Date(timeIntervalSince1970: 1_773_446_400)))
      configuration.databaseName = "farmacy"
      let server = try await OdooSimServer.start(
        SimulatedOdoo(engine: OdooEngine(configuration: configuration)), tls: certificate)
      return SecureSimulator(folder: folder, server: server, certificate: certificate, stranger: stranger)
    }

    func client(caBundle: String?, reuse: Bool = true) -> OdooClient {
      var transport = CurlConfiguration()
      transport.caBundlePath = caBundle
      transport.reusesConnections = reuse
      #expect(transport.verifiesPeer)
      return OdooClient(
        endpoint: OdooEndpoint(baseURL: server.baseURL, database: "farmacy", login: "admin", secret: "admin"),
        transport: CurlTransport(configuration: transport), retryPolicy: .none)
    }
  }

  @Test func client_talksHTTPS_withVerificationOn_trustingTheCABundle() async throws {
    let secure = try await SecureSimulator.start()
    #expect(secure.server.baseURL.hasPrefix("https://127.0.0.1:"))
    for reuse in [true, false] {
      let client = secure.client(caBundle: secure.certificate.certificatePath, reuse: reuse)
      let connection = try await client.connect()
      #expect(connection.version.major == 17)
      #expect(try await client.searchCount("purchase.order") == 10)
      #expect(try await client.searchCount("purchase.order") == 10)
    }
    await secure.server.stop()
  }

  @Test func untrustedCertificate_isRefused_withAClearError() async throws {
    let secure = try await SecureSimulator.start()
    let client = secure.client(caBundle: secure.stranger.certificatePath)
    do {
      _ = try await client.connect()
      Issue.record("connected to a server whose certificate no CA in the bundle signed")
    } catch {
      guard case .transport(let curlCode, let detail) = error.code else {
        Issue.record("unexpected \(error)")
        await secure.server.stop()
        return
      }
      #expect(curlCode == OdooError.curlPeerFailedVerification)
      #expect(detail.contains("certificate"))
      #expect(error.description.contains("TLS certificate is not trusted"))
      #expect(error.description.contains("ca_bundle"))
    }
    #expect(secure.server.simulator.stats.snapshot["total"] == .int(0), "a request got through")
    await secure.server.stop()
  }

  @Test func plainHTTP_toTheHTTPSPort_fails() async throws {
    let secure = try await SecureSimulator.start()
    let transport = CurlTransport()
    let plainURL = secure.server.baseURL.replacingOccurrences(of: "https://", with: "http://")
    do {
      let response = try await transport.send(
        HTTPRequest(method: .get, url: plainURL + "/web/version"), label: "version")
      Issue.record("plain HTTP got an answer from the HTTPS port: \(response.status)")
    } catch {
      guard case .transport = error.code else {
        Issue.record("unexpected \(error)")
        await secure.server.stop()
        return
      }
    }
    await secure.server.stop()
  }
}

import FarmacyTestSupport
import Foundation
import OdooKit
import Testing

/// A tiny SMTP server on loopback (a Python child process) that records what it is sent.
final class SMTPStub: Sendable {
  let folder: TemporaryDirectory
  let process: ChildProcess
  let port: Int

  static let script = #"""
  import socketserver, sys
  class Handler(socketserver.StreamRequestHandler):
      def handle(self):
          out = open(sys.argv[1], "ab")
          def say(line):
              self.wfile.write((line + "\r\n").encode()); self.wfile.flush()
          say("220 stub ESMTP")
          while True:
              line = self.rfile.readline()
              if not line:
                  return
              out.write(b"C: " + line); out.flush()
              verb = line.decode(errors="replace").strip().split(" ")[0].upper()
              if verb in ("EHLO", "HELO"):
                  say("250-stub"); say("250 OK")
              elif verb == "MAIL":
                  say("550 sender refused" if b"refuse@" in line else "250 OK")
              elif verb == "RCPT":
                  say("250 OK")
              elif verb == "DATA":
                  say("354 go ahead")
                  while True:
                      data = self.rfile.readline()
                      out.write(b"D: " + data); out.flush()
                      if data in (b".\r\n", b""):
                          break
                  say("250 queued")
              elif verb == "QUIT":
                  say("221 bye"); return
              else:
                  say("502 not implemented")
  server = socketserver.TCPServer(("127.0.0.1", 0), Handler)
  print("PORT", server.server_address[1], flush=True)
  server.serve_forever()
  """#

  init() throws {
    folder = try TemporaryDirectory("smtp")
    (process, port) = try startPythonServer(Self.script, arguments: [folder.file("transcript.txt")], in: folder)
  }

  var transcript: String { (try? String(contentsOfFile: folder.file("transcript.txt"), encoding: .utf8)) ?? "" }

  deinit {
    process.kill(signal: SIGKILL)
    _ = process.wait()
  }
}

@Suite("SMTP notifications through libcurl") struct SMTPMailerTests {
  @Test func sendsAMessageToEveryRecipient() async throws {
    let stub = try SMTPStub()
    var configuration = SMTPConfiguration(
      url: "smtp://127.0.0.1:\(stub.port)", from: "farmacy@pharmacy.example", recipients: ["a@pharmacy.example", "b@pharmacy.example"])
    configuration.requiresTLS = false
    try await SMTPMailer(configuration: configuration).send(
      subject: "Farmacy: L00007 could not be sent", body: "Retry it from the queue.\n.hidden dot line")
    let transcript = stub.transcript
    #expect(transcript.contains("C: MAIL FROM:<farmacy@pharmacy.example>"))
    #expect(transcript.contains("C: RCPT TO:<a@pharmacy.example>"))
    #expect(transcript.contains("C: RCPT TO:<b@pharmacy.example>"))
    #expect(transcript.contains("D: Subject: Farmacy: L00007 could not be sent"))
    #expect(transcript.contains("D: Retry it from the queue."))
    // A body line starting with a dot goes out with the dot doubled, so it cannot end the message.
    #expect(transcript.contains("D: ..hidden dot line"))
  }

  @Test func aRefusalIsAnError() async throws {
    let stub = try SMTPStub()
    var configuration = SMTPConfiguration(url: "smtp://127.0.0.1:\(stub.port)", from: "refuse@x.example", recipients: ["a@x.example"])
    configuration.requiresTLS = false
    await #expect(throws: OdooError.self) {
      try await SMTPMailer(configuration: configuration).send(subject: "s", body: "b")
    }
  }

  @Test func requiringTLS_refusesAServerWithoutIt() async throws {
    let stub = try SMTPStub()
    let configuration = SMTPConfiguration(url: "smtp://127.0.0.1:\(stub.port)", from: "f@x.example", recipients: ["a@x.example"])
    await #expect(throws: OdooError.self) {
      try await SMTPMailer(configuration: configuration).send(subject: "s", body: "b")
    }
    #expect(!stub.transcript.contains("D: "))
  }

  @Test func headersCannotBeInjected() {
    let message = SMTPMailer.message(
      from: "f@x.example", to: ["a@x.example"], subject: "Hello\r\nBcc: evil@x.example", body: "b",
      date: Date(timeIntervalSince1970: 0))
    #expect(message.contains("Subject: HelloBcc: evil@x.example\r\n"))
    #expect(!message.contains("\r\nBcc:"))
  }
}

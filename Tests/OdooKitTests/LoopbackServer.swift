import FarmacyTestSupport
import Foundation
import Testing

/// A small HTTP/1.1 keep-alive server on loopback, in a Python child process, for testing the
/// transport against real sockets without Odoo.
///
/// Routes: `POST /echo` returns the body; `/slow?ms=N` answers after N ms; `/hold?key=K` answers
/// once `/release?key=K` has been asked (a request that stays in flight as long as a test needs);
/// `/big?bytes=N` sends
/// N bytes; `/html` answers 502 with an HTML page; `/retry-after` answers 503 with
/// `Retry-After: 7`; `/headers` returns the request headers as JSON; `/connections` returns how
/// many TCP connections it has accepted.
final class LoopbackServer: Sendable {
  let folder: TemporaryDirectory
  let process: ChildProcess
  let port: Int

  static let script = #"""
  import http.server, json, socketserver, sys, threading, time, urllib.parse
  connections = set()
  holds = {}
  holds_lock = threading.Lock()
  def hold(key):
      with holds_lock: return holds.setdefault(key, threading.Event())
  class Handler(http.server.BaseHTTPRequestHandler):
      protocol_version = "HTTP/1.1"
      disable_nagle_algorithm = True
      def log_message(self, *args): pass
      def send(self, status, body, kind="application/json", extra=()):
          self.send_response(status)
          self.send_header("Content-Type", kind)
          self.send_header("Content-Length", str(len(body)))
          for name, value in extra: self.send_header(name, value)
          self.end_headers()
          self.wfile.write(body)
      def handle_any(self):
          connections.add(self.client_address)
          url = urllib.parse.urlparse(self.path)
          query = urllib.parse.parse_qs(url.query)
          length = int(self.headers.get("Content-Length", "0"))
          body = self.rfile.read(length) if length else b""
          if url.path == "/echo": self.send(200, body)
          elif url.path == "/slow":
              time.sleep(int(query["ms"][0]) / 1000); self.send(200, b"{}")
          elif url.path == "/hold":
              hold(query["key"][0]).wait(60); self.send(200, b"{}")
          elif url.path == "/release":
              hold(query["key"][0]).set(); self.send(200, b"{}")
          elif url.path == "/big": self.send(200, b"x" * int(query["bytes"][0]), "text/plain")
          elif url.path == "/html": self.send(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")
          elif url.path == "/retry-after": self.send(503, b"busy", "text/plain", [("Retry-After", "7")])
          elif url.path == "/headers": self.send(200, json.dumps(dict(self.headers)).encode())
          elif url.path == "/connections": self.send(200, str(len(connections)).encode())
          else: self.send(404, b"not found", "text/plain")
      do_GET = handle_any
      do_POST = handle_any
  class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
      daemon_threads = True
  server = Server(("127.0.0.1", 0), Handler)
  print("PORT", server.server_address[1], flush=True)
  server.serve_forever()
  """#

  init() throws {
    folder = try TemporaryDirectory("loopback")
    (process, port) = try startPythonServer(Self.script, in: folder)
  }

  var baseURL: String { "http://127.0.0.1:\(port)" }

  deinit {
    process.kill(signal: SIGKILL)
    _ = process.wait()
  }
}

/// Runs `python3 -c script arguments…` in `folder` and waits for the `PORT n` line the script
/// prints once it listens; the process is killed if that line never comes.
func startPythonServer(_ script: String, arguments: [String] = [], in folder: TemporaryDirectory) throws
  -> (process: ChildProcess, port: Int)
{
  let process = try ChildProcess("/usr/bin/env", ["python3", "-c", script] + arguments, workingDirectory: folder)
  guard process.waitForOutput(containing: "PORT "),
    let line = process.standardOutputSoFar.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }),
    let port = Int(line.dropFirst(5))
  else {
    process.kill(signal: SIGKILL)
    throw CocoaError(.fileReadUnknown)
  }
  return (process, port)
}

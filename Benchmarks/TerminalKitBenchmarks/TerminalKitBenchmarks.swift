import Benchmark
import CursesBackend
import Foundation
import TerminalKit
import TerminalKitTestSupport

// What one frame costs, each figure beside its baseline:
//
// - render and diff a full 200×60 frame of a 100,000-row table, beside the same frame of a
//   100-row table (the virtual row source should make them cost the same: ratio ≈ 100 %);
// - bytes ncurses writes when one row changes, beside the bytes of a full repaint of the same
//   screen. Measured, not estimated: the backend writes to a file as if to an xterm-256color
//   terminal and the file grows by exactly what would have reached the screen.

let frameSize = Size(width: 200, height: 60)

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 5)

  let largeUs = BenchmarkMetric.custom("100k rows µs", useScalingFactor: false)
  let smallUs = BenchmarkMetric.custom("100 rows µs", useScalingFactor: false)
  let frameRatio = BenchmarkMetric.custom("100k/100 %", useScalingFactor: false)

  Benchmark(
    "Render + diff a 200×60 frame: 100k-row table vs 100-row table",
    configuration: .init(metrics: [.wallClock, largeUs, smallUs, frameRatio], timeUnits: .microseconds)
  ) { benchmark in
    let large = RenderBenchmark.renderAndDiff(size: frameSize, rowCount: 100_000, runs: 301)
    let small = RenderBenchmark.renderAndDiff(size: frameSize, rowCount: 100, runs: 301)
    benchmark.measurement(largeUs, Int(large.median / 1_000))
    benchmark.measurement(smallUs, Int(small.median / 1_000))
    benchmark.measurement(frameRatio, Int((Double(large.median) / Double(max(1, small.median)) * 100).rounded()))
  }

  let rowBytes = BenchmarkMetric.custom("one row changed bytes", useScalingFactor: false)
  let repaintBytes = BenchmarkMetric.custom("full repaint bytes", useScalingFactor: false)
  let bytesRatio = BenchmarkMetric.custom("repaint/row ×", useScalingFactor: false)

  Benchmark(
    "Bytes per frame at 200×60: one row changed vs full repaint",
    configuration: .init(metrics: [.wallClock, rowBytes, repaintBytes, bytesRatio], maxIterations: 3)
  ) { benchmark in
    let path = NSTemporaryDirectory() + "farmacy-frame-bytes-\(getpid()).out"
    defer { unlink(path) }
    var options = CursesOptions()
    options.output = .file(path: path, terminalType: "xterm-256color", size: frameSize)
    options.environment = [:]
    try CursesBackend.withTerminal(options: options) { backend in
      let terminal = Terminal(backend: backend)
      var state = TableState(selected: 50_000)
      let rows = RenderBenchmark.Orders(rowCount: 100_000)
      _ = terminal.draw { $0.buffer = RenderBenchmark.renderScreen(size: frameSize, rows: rows, state: &state) }
      let beforeRow = backend.bytesWritten ?? 0
      let changed = RenderBenchmark.Orders(rowCount: 100_000, changedRow: state.offset + 10)
      _ = terminal.draw { $0.buffer = RenderBenchmark.renderScreen(size: frameSize, rows: changed, state: &state) }
      let oneRow = (backend.bytesWritten ?? 0) - beforeRow
      terminal.clear()
      let beforeRepaint = backend.bytesWritten ?? 0
      _ = terminal.draw { $0.buffer = RenderBenchmark.renderScreen(size: frameSize, rows: changed, state: &state) }
      let repaint = (backend.bytesWritten ?? 0) - beforeRepaint
      benchmark.measurement(rowBytes, oneRow)
      benchmark.measurement(repaintBytes, repaint)
      benchmark.measurement(bytesRatio, repaint / max(1, oneRow))
    }
  }
}

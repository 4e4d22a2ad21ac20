// swift-tools-version: 6.1
import PackageDescription

// The Farmacy package. Targets follow the map in docs/architecture.md: the domain imports
// nothing of ours, the store wraps SQLite through GRDB, and the executables only wire
// concrete types together. Benchmarks live in their own package (Benchmarks/) so that a
// normal build does not pay for the benchmark harness.
let package = Package(
  name: "Farmacy",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "farmacy", targets: ["farmacy"]),
    .library(name: "FarmacyDomain", targets: ["FarmacyDomain"]),
    .library(name: "FarmacyStore", targets: ["FarmacyStore"]),
    .library(name: "FarmacyDemoData", targets: ["FarmacyDemoData"]),
    .library(name: "TerminalKit", targets: ["TerminalKit"]),
    .executable(name: "terminal-kit-demo", targets: ["terminal-kit-demo"]),
    .executable(name: "odoo-sim", targets: ["odoo-sim"]),
    .library(name: "OdooSimulator", targets: ["OdooSimulator"]),
  ],
  dependencies: [
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
  ],
  targets: [
    // MARK: - Libraries
    .target(name: "FarmacyDomain"),
    .target(
      name: "FarmacyStore",
      dependencies: [
        "FarmacyDomain",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    .target(name: "FarmacyDemoData", dependencies: ["FarmacyDomain"]),
    // The full-screen app: state, actions, the pure reducer, effects as data, views, key maps
    // and themes. The runtime that performs effects takes its services as closures.
    .target(
      name: "FarmacyApp",
      dependencies: [
        "FarmacyDomain",
        "FarmacyStore",
        "TerminalKit",
        "SyncEngine",
        .product(name: "TOMLKit", package: "TOMLKit"),
      ]
    ),
    .target(
      name: "FarmacyCLI",
      dependencies: [
        "FarmacyDomain",
        "FarmacyStore",
        "FarmacyDemoData",
        "OdooKit",
        "SyncEngine",
        "OdooSimulator",
        "TerminalKit",
        "CursesBackend",
        "FarmacyApp",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "TOMLKit", package: "TOMLKit"),
      ]
    ),

    // The terminal rendering core: cells, buffers, layout, widgets, the loop. Imports nothing
    // of ours and no curses.
    .target(name: "TerminalKit"),
    // The ncurses shim (macros, wide-character defines) and the one backend that uses it.
    .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
    .target(name: "CursesBackend", dependencies: ["TerminalKit", "CNCurses"]),
    // The libcurl shim (typed setters for the variadic calls) and the Odoo client on top.
    .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
    .target(name: "OdooKit", dependencies: ["FarmacyDomain", "CCurl"]),
    // The sync engine: outbox push, incremental pull, three-way merge, sagas, event bus, cache.
    .target(
      name: "SyncEngine",
      dependencies: [
        "FarmacyDomain",
        "FarmacyStore",
        "OdooKit",
        .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
        .product(name: "DequeModule", package: "swift-collections"),
      ]
    ),
    // A stand-in Odoo: the ORM and purchase flow as an in-process engine, with thin protocol
    // adapters (JSON-RPC, web session, XML-RPC, JSON-2) served by Hummingbird.
    .target(
      name: "OdooSimulator",
      dependencies: [
        "FarmacyDomain",
        "FarmacyDemoData",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        // HTTPS for odoo-sim (`--tls-cert`/`--tls-key`); only the simulator links swift-nio-ssl.
        .product(name: "HummingbirdTLS", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),

    // MARK: - Executables
    .executableTarget(name: "farmacy", dependencies: ["FarmacyCLI"]),
    // A small screen showing every widget; the tmux tests drive it.
    .executableTarget(name: "terminal-kit-demo", dependencies: ["TerminalKit", "CursesBackend"]),
    // Saves orders in a loop until killed; the crash-safety tests SIGKILL it mid-save.
    .executableTarget(
      name: "farmacy-store-stress",
      dependencies: ["FarmacyDomain", "FarmacyStore", "FarmacyDemoData"]
    ),

    .executableTarget(
      name: "odoo-sim",
      dependencies: ["OdooSimulator", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
    // Prints the simulator's own service time per call, measured in-process.
    .executableTarget(name: "odoo-sim-service-time", dependencies: ["OdooSimulator"]),

    // MARK: - Test support and tests
    .target(
      name: "FarmacyTestSupport",
      dependencies: ["FarmacyDomain", "FarmacyStore"],
      path: "Sources/FarmacyTestSupport"
    ),
    .target(name: "TerminalKitTestSupport", dependencies: ["TerminalKit"]),
    .testTarget(
      name: "TerminalKitTests",
      dependencies: ["TerminalKit", "TerminalKitTestSupport"],
      exclude: ["Snapshots"]
    ),
    .testTarget(
      name: "CursesBackendTests",
      dependencies: ["CursesBackend", "CNCurses", "TerminalKit", "TerminalKitTestSupport", "terminal-kit-demo"]
    ),
    .testTarget(name: "OdooKitTests", dependencies: ["OdooKit", "OdooSimulator", "FarmacyTestSupport"]),
    .testTarget(name: "FarmacyDomainTests", dependencies: ["FarmacyDomain", "FarmacyTestSupport"]),
    .testTarget(
      name: "FarmacyStoreTests",
      dependencies: ["FarmacyStore", "FarmacyDemoData", "FarmacyTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
    ),
    .testTarget(
      name: "OdooSimulatorTests",
      dependencies: [
        "OdooSimulator", "FarmacyDomain", "FarmacyDemoData", "FarmacyTestSupport",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ]
    ),
    .testTarget(
      name: "SyncEngineTests",
      dependencies: ["SyncEngine", "FarmacyStore", "OdooKit", "OdooSimulator", "FarmacyDemoData", "FarmacyTestSupport"]
    ),
    .testTarget(
      name: "FarmacyAppTests",
      dependencies: [
        "FarmacyApp", "FarmacyStore", "FarmacyDomain", "FarmacyDemoData", "FarmacyTestSupport", "TerminalKit",
        "TerminalKitTestSupport", "SyncEngine", "OdooKit", "OdooSimulator", "farmacy",
      ],
      exclude: ["Snapshots"]
    ),
    .testTarget(name: "FarmacyDemoDataTests", dependencies: ["FarmacyDemoData", "FarmacyTestSupport"]),
    .testTarget(
      name: "FarmacyCLITests",
      dependencies: [
        "FarmacyCLI", "FarmacyTestSupport", "FarmacyStore", "OdooSimulator", .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)

// Benchmarks (ordo-one/benchmark) join the package only when FARMACY_BENCHMARKS is set, so that
// everyday builds and CI do not compile the harness. `scripts/bench` sets it and builds in
// release into its own scratch folder.
if Context.environment["FARMACY_BENCHMARKS"] != nil {
  package.dependencies.append(
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
  package.targets.append(
    .executableTarget(
      name: "StoreBenchmarks",
      dependencies: [
        "FarmacyDomain", "FarmacyStore", "FarmacyDemoData",
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ],
      path: "Benchmarks/StoreBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ))
  package.targets.append(
    .executableTarget(
      name: "TerminalKitBenchmarks",
      dependencies: [
        "TerminalKit", "CursesBackend", "TerminalKitTestSupport", .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/TerminalKitBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ))
  package.targets.append(
    .executableTarget(
      name: "OdooBenchmarks",
      dependencies: ["OdooKit", "OdooSimulator", "CCurl", .product(name: "Benchmark", package: "benchmark")],
      path: "Benchmarks/OdooBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ))
}

// swift-tools-version:6.1
import PackageDescription

// Layers point one way only (docs/ARCHITECTURE in README):
// Canonical <- Workflow <- EmbeddedNode <- LedgerClient <- TUI <- fundchain
let package = Package(
    name: "FundChain",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fundchain", targets: ["fundchain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // System libraries: ncursesw for the terminal, OpenSSL 3 libcrypto/libssl for the node.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),

        // Deterministic binary encoding shared by the domain state, transactions and blocks.
        .target(name: "Canonical"),
        // The fund flow as a pure, deterministic state machine: what every node executes.
        .target(name: "Workflow", dependencies: ["Canonical"]),
        // The node: crypto, chain, consensus, storage, network, RPC (grows issue by issue).
        .target(name: "EmbeddedNode", dependencies: [
            "Workflow", "Canonical", "COpenSSL",
            // swift-crypto verifies P-256 1.5-2x faster than libcrypto here (BENCHMARKS.md).
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            // Peer network: mutual TLS between validators, X.509 certificates from the consortium CA.
            .product(name: "NIOTLS", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"), .product(name: "SwiftASN1", package: "swift-asn1"),
            // Node metrics, served in Prometheus text format (GET /metrics).
            .product(name: "CoreMetrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // How applications talk to a node: in process or over JSON-RPC.
        .target(name: "LedgerClient", dependencies: ["EmbeddedNode", "Workflow", "Canonical"]),
        // ncursesw screens: model/update/render into a cell grid; only Terminal touches ncurses.
        .target(name: "TUI", dependencies: ["LedgerClient", "Workflow", "CNcursesw"]),
        // The executable: argument parsing and wiring only.
        .executableTarget(name: "fundchain", dependencies: [
            "TUI", "LedgerClient", "EmbeddedNode", "Workflow", "Canonical",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),

        .testTarget(name: "CanonicalTests", dependencies: [
            "Canonical", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        // Shared by the test targets: a test consortium, a chain clock, a command generator,
        // and a runner for the built `fundchain` executable.
        .target(name: "WorkflowTestSupport", dependencies: ["Workflow"], path: "Tests/WorkflowTestSupport"),
        .testTarget(name: "WorkflowTests", dependencies: [
            "Workflow", "Canonical", "WorkflowTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        // Synthetic blocks for the storage tests and crash harness; a test chain (keys, genesis, clock).
        .target(name: "NodeTestSupport", dependencies: ["EmbeddedNode", "Workflow", "Canonical", "WorkflowTestSupport"], path: "Tests/NodeTestSupport"),
        // Appends blocks until killed: the storage SIGKILL test starts it and reads committed heights.
        .executableTarget(name: "StorageCrashHarness", dependencies: ["EmbeddedNode", "NodeTestSupport"], path: "Tests/StorageCrashHarness"),
        .testTarget(name: "EmbeddedNodeTests", dependencies: [
            "EmbeddedNode", "Workflow", "Canonical", "WorkflowTestSupport", "NodeTestSupport", "StorageCrashHarness",
            .product(name: "PropertyBased", package: "swift-property-based"), .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOTLS", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"),
        ]),
        // One set of behaviour tests run against both ledgers: in process and over JSON-RPC.
        .testTarget(name: "LedgerClientTests", dependencies: [
            "LedgerClient", "EmbeddedNode", "Workflow", "Canonical", "WorkflowTestSupport", "NodeTestSupport",
        ]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Workflow", "LedgerClient", "EmbeddedNode", "Canonical", "WorkflowTestSupport"]),
        // Starts the real `fundchain` binary; suites here run serialized.
        .testTarget(name: "IntegrationTests", dependencies: ["Workflow", "Canonical", "EmbeddedNode", "LedgerClient", "WorkflowTestSupport"]),
        // Micro-benchmarks (codec, signature verification, execution, persistence): `swift package benchmark`.
        .executableTarget(name: "FundChainBenchmarks", dependencies: [
            "EmbeddedNode", "Canonical", "NodeTestSupport", .product(name: "Benchmark", package: "benchmark"),
        ], path: "Benchmarks/FundChainBenchmarks", plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ],
    swiftLanguageModes: [.v6]
)

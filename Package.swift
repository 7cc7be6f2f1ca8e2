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
        .target(name: "EmbeddedNode", dependencies: ["Workflow", "Canonical", "COpenSSL"]),
        // How applications talk to a node: in process or over JSON-RPC.
        .target(name: "LedgerClient", dependencies: ["EmbeddedNode", "Workflow"]),
        // ncursesw screens: model/update/render into a cell grid; only Terminal touches ncurses.
        .target(name: "TUI", dependencies: ["LedgerClient", "Workflow", "CNcursesw"]),
        // The executable: argument parsing and wiring only.
        .executableTarget(name: "fundchain", dependencies: [
            "TUI", "LedgerClient", "EmbeddedNode", "Workflow", "Canonical",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
        .testTarget(name: "EmbeddedNodeTests", dependencies: ["EmbeddedNode", "Workflow"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Workflow"]),
        // Starts the real `fundchain` binary; suites here run serialized.
        .testTarget(name: "IntegrationTests", dependencies: ["Workflow", "Canonical", "EmbeddedNode", "WorkflowTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

import Benchmark
import Canonical
import EmbeddedNode
import Foundation
import NodeTestSupport

/// Micro-benchmarks of the per-transaction costs every validator pays: the canonical codec,
/// signature verification (both P-256 paths), contract execution of a block, and block
/// persistence. Run with `swift package benchmark` (see BENCHMARKS.md).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal, .throughput],
                                           maxDuration: .seconds(3), maxIterations: 1_000_000)
    let fixture = try! BenchmarkFixture(transactionCount: 1_000)
    let one = fixture.transactions[0]
    let oneBytes = one.canonicalBytes

    Benchmark("codec: encode a transaction") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(one.canonicalBytes) }
    }
    Benchmark("codec: decode a transaction") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Transaction(canonicalBytes: oneBytes)) }
    }
    Benchmark("verify: P-256 swift-crypto") { benchmark in
        let suite = P256SHA256Suite(verifier: .swiftCrypto)
        for _ in benchmark.scaledIterations { blackHole(suite.verify(signature: one.signature, of: one.body.canonicalBytes, by: fixture.senderKey)) }
    }
    Benchmark("verify: P-256 OpenSSL") { benchmark in
        let suite = P256SHA256Suite(verifier: .openSSL)
        for _ in benchmark.scaledIterations { blackHole(suite.verify(signature: one.signature, of: one.body.canonicalBytes, by: fixture.senderKey)) }
    }
    Benchmark("execute: block of 1,000 pressure adds", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(fixture.executeBlock()) }
    }
    Benchmark("persist: append a block of 1,000 transactions", configuration: .init(scalingFactor: .one, maxIterations: 200)) { benchmark in
        let directory = TestChain.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try BlockStore(path: directory.appendingPathComponent("chain.sqlite").path)
        let blocks = SyntheticChain.chain(count: benchmark.scaledIterations.count, transactionCount: 1_000, stateChangeCount: 1_000)
        benchmark.startMeasurement()
        for block in blocks { try store.append(block) }
        benchmark.stopMeasurement()
        try store.close()
    }
}

/// A test chain and a block's worth of signed pressure adds.
struct BenchmarkFixture: Sendable {
    let chain: TestChain
    let transactions: [Transaction]
    let hashes: [[UInt8]]
    let senderKey: PublicKey

    init(transactionCount: Int) throws {
        let chain = try TestChain()
        let transactions = try (0..<transactionCount).map { index in
            try chain.transaction(.pressureAdd, from: "builder", nonce: UInt64(index + 1))
        }
        self.chain = chain
        self.transactions = transactions
        hashes = transactions.map { $0.hash(chain.genesis.suite) }
        senderKey = chain.keys["builder"]!.publicKey
    }

    /// Executes the whole block at height 1 over empty committed state; returns its state hash.
    func executeBlock() -> [UInt8] {
        var state = ExecutionState(workflow: try! chain.genesis.initialWorkflowState(), readCommitted: { _ in nil }, listCommitted: { _ in [] })
        let execution = BlockExecutor(genesis: chain.genesis).execute(
            transactions, hashes: hashes, signatureValid: Array(repeating: true, count: transactions.count), height: 1,
            timeMs: TestChain.genesisTimeMs + 1_000, previousStateHash: chain.genesis.hash, state: &state)
        return execution.stateHash
    }
}

import ArgumentParser
import EmbeddedNode
import Foundation
import LedgerClient
import Workflow

/// `fundchain bench pressure`: the thesis's pressure test. Drives concurrent clients that sign
/// and submit pressure-contract `add` transactions to a four-validator cluster of separate
/// processes (its own, or a running one) and reports committed tx/s, latency percentiles, CPU
/// and disk per transaction, the throughput against the signature-verification bound measured
/// in the same run, and whether the account equals 100 plus the committed adds on every node.
struct PressureBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pressure",
        abstract: "Pressure test: committed tx/s, latency p50/p95/p99, CPU and disk per transaction of a 4-validator cluster.")

    /// Consensus settings of the cluster this run starts.
    enum Preset: String, ExpressibleByArgument, CaseIterable {
        /// The thesis's set-up: a block every 2 s, at most 10 transactions.
        case thesis
        /// Small batch timeout, large blocks.
        case tuned

        var consensus: ConsensusSettings {
            switch self {
            case .thesis: ConsensusSettings(batchTimeoutMs: 2000, transactionsPerBlockMax: 10, expiryWindowBlocks: 1_000_000)
            case .tuned: ConsensusSettings(batchTimeoutMs: 20, transactionsPerBlockMax: 2000, expiryWindowBlocks: 1_000_000)
            }
        }
    }

    @Option(name: .long, help: "Consensus settings of the cluster this run starts: tuned or thesis (2 s batches of at most 10).")
    var preset: Preset = .tuned
    @Option(name: .long, help: "Concurrent clients.")
    var clients = 32
    @Option(name: .long, help: "Total submissions per second, paced; 0 sends as fast as the nodes accept.")
    var rate = 0
    @Option(name: .long, help: "Seconds measured after the warm-up.")
    var seconds = 60
    @Option(name: .long, help: "Seconds of load before measuring.")
    var warmupSeconds = 10
    @Option(name: .long, help: "Transactions signed ahead of the run (the run ends early if they run out).")
    var transactions = 200_000
    @Flag(name: .long, help: "Sign each transaction as it is sent instead of ahead of the run.")
    var signLive = false
    @Option(name: .long, help: "Drive the devnet running in this directory instead of starting a cluster.")
    var devnet: String?
    @Option(name: .long, help: "Drive these nodes' JSON-RPC URLs instead (repeat; with --demo).")
    var url: [String] = []
    @Option(name: .long, help: "With --url: the demo directory holding genesis.json and keys/.")
    var demo: String?
    @Option(name: .long, help: "RPC ports of the cluster this run starts: BASE..BASE+3; peer ports BASE+100...")
    var portBase = 27_600
    @Flag(name: .long, help: "Keep the started cluster's directory (logs, data) instead of removing it.")
    var keep = false
    @OptionGroup var languageOptions: LanguageOptions

    func validate() throws {
        guard (1...1024).contains(clients) else { throw ValidationError("--clients must be 1...1024") }
        guard (0...1_000_000).contains(rate) else { throw ValidationError("--rate must be 0...1000000") }
        guard (1...3600).contains(seconds), (0...600).contains(warmupSeconds) else {
            throw ValidationError("--seconds must be 1...3600 and --warmup-seconds 0...600")
        }
        guard signLive || warmupSeconds + seconds <= 240 else {
            throw ValidationError("transactions signed ahead expire from the mempool's 300 s window: keep --warmup-seconds + --seconds <= 240 or use --sign-live")
        }
        guard (1...2_000_000).contains(transactions) else { throw ValidationError("--transactions must be 1...2000000") }
        guard [devnet != nil, !url.isEmpty].filter({ $0 }).count <= 1 else { throw ValidationError("give --devnet or --url, not both") }
        guard url.isEmpty || demo != nil else { throw ValidationError("--url needs --demo DIR (genesis.json and keys/)") }
        guard (1024...60_000).contains(portBase) else { throw ValidationError("--port-base must be 1024...60000") }
    }

    func run() async throws {
        let language = languageOptions.language
        let bound = try VerificationBound.measure()
        let target: PressureTarget
        if let devnet {
            target = try PressureTarget.devnet(URL(fileURLWithPath: devnet))
        } else if let demo {
            target = try PressureTarget.urls(url, demo: URL(fileURLWithPath: demo))
        } else {
            print(language.pick("启动 4 个验证节点（独立进程，双向 TLS）…", "starting 4 validators (separate processes, mutual TLS)…"))
            target = try await PressureTarget.startOwn(consensus: preset.consensus, portBase: portBase, language: language)
        }
        defer { target.removeOwn(keep: keep) }
        do {
            var result = try await measure(target)
            if target.isOwn {
                // Stopped, the nodes' SQLite files hold the chain without the write-ahead log.
                try await target.stopOwn()
                result.diskBytesAdded = zip(result.diskBytesBefore, target.diskBytes()).map { before, after in
                    before.flatMap { b in after.map { $0 - b } }
                }
            }
            PressureReport(command: self, target: target, bound: bound, result: result).print(language)
            if !result.accountsAgree { throw ExitCode(1) }
        } catch {
            try? await target.stopOwn()
            throw error
        }
    }

    /// Everything a run measured.
    struct Result {
        var signedAhead: Int?
        var signSeconds: Double
        var committedInWindow: Int
        var blocksInWindow: Int
        var windowSeconds: Double
        var latenciesMs: [Double]
        var acceptedTotal: Int
        var rejectedInBlocks: Int
        var refusedAtAdmission: Int
        var refusalExample: String?
        var pendingAtEnd: Int
        var validatorCPUMicroseconds: [Int64?]
        /// The part of each validator's CPU spent verifying signatures (nil where its process
        /// is not its own: the embedded default shares one).
        var validatorVerifyCPUMicroseconds: [Int64?]
        var generatorCPUMicroseconds: Int64
        /// Each data directory's size before the load.
        var diskBytesBefore: [Int64?]
        /// Its growth over the run (measured live; for a cluster this run started, after stopping it).
        var diskBytesAdded: [Int64?]
        var accountsBefore: [Int64]
        var accountsAfter: [Int64]

        /// Every validator's account equals the first's before plus the adds this run committed.
        var accountsAgree: Bool {
            guard let first = accountsBefore.first else { return false }
            return accountsAfter.allSatisfy { $0 == first + Int64(acceptedTotal) }
        }
    }

    private func measure(_ target: PressureTarget) async throws -> Result {
        let nodes = target.validators.map { JSONRPCClient(endpoint: $0.endpoint, bearerToken: nil, idleConnectionsMax: clients + 2) }
        defer { Task { for node in nodes { await node.close() } } }
        let genesis: Genesis
        do { genesis = try DemoConsortium.loadGenesis(at: target.demoDirectory.appendingPathComponent(DemoConsortium.genesisFileName)) } catch {
            throw CommandFailure("\(target.demoDirectory.path): \(error)")
        }
        let health = try await nodes[0].call("fc_health", timeout: .seconds(10))
        guard let tipHeight = health["tipHeight"]?.int64Value, let window = health["expiryWindowBlocks"]?.int64Value else {
            throw CommandFailure("\(target.validators[0].endpoint) did not answer fc_health")
        }
        let signer = try PressureTransactions(demo: target.demoDirectory, chainID: genesis.chainID, expiryHeight: tipHeight + window,
                                              suite: genesis.suite)
        let signStart = ContinuousClock.now
        let pool = signLive ? [] : try await signer.signAhead(transactions)
        let signSeconds = (ContinuousClock.now - signStart).seconds
        let next: @Sendable (Int) throws -> PressureTransactions.Signed?
        if signLive {
            next = { index in try signer.sign(index) }
        } else {
            next = { index in index < pool.count ? pool[index] : nil }
        }

        let accountsBefore = try await Self.accounts(nodes)
        let diskBefore = target.diskBytes()
        let recorder = PressureRecorder()
        let watcher = Task { try await PressureLoad.watch(nodes[0], afterHeight: tipHeight, recorder: recorder) }
        let start = ContinuousClock.now
        let windowStart = start + .seconds(warmupSeconds), windowEnd = windowStart + .seconds(seconds)
        await recorder.setWindow(start: windowStart, end: windowEnd)
        let sampler = Task {
            try await Task.sleep(until: windowStart, clock: .continuous)
            let first = (target.cpuMicroseconds(), BenchCPU.processMicroseconds(), await Self.verifyCPUMicroseconds(nodes))
            try await Task.sleep(until: windowEnd, clock: .continuous)
            return (first, (target.cpuMicroseconds(), BenchCPU.processMicroseconds(), await Self.verifyCPUMicroseconds(nodes)))
        }
        try await PressureLoad.send(clients: clients, ratePerSecond: rate, until: windowEnd, nodes: nodes, recorder: recorder, next: next)
        let (cpuAtStart, cpuAtEnd) = try await sampler.value

        // Drain: everything sent is committed or refused, and every node holds the watched height.
        let drainDeadline = ContinuousClock.now + .seconds(120)
        while await recorder.pendingCount > 0, ContinuousClock.now < drainDeadline { try await Task.sleep(for: .milliseconds(20)) }
        let pendingAtEnd = await recorder.pendingCount
        watcher.cancel()
        let watchedHeight = try await watcher.value
        try await Self.waitForHeight(watchedHeight, on: nodes)
        let accountsAfter = try await Self.accounts(nodes)
        let diskAfter = target.diskBytes()

        let windowSeconds = Double(seconds)
        return Result(
            signedAhead: signLive ? nil : pool.count, signSeconds: signSeconds,
            committedInWindow: await recorder.committedInWindow, blocksInWindow: await recorder.blocksInWindow, windowSeconds: windowSeconds,
            latenciesMs: await recorder.latenciesMs, acceptedTotal: await recorder.acceptedTotal,
            rejectedInBlocks: await recorder.rejectedInBlocks, refusedAtAdmission: await recorder.refusedAtAdmission,
            refusalExample: await recorder.refusalExample, pendingAtEnd: pendingAtEnd,
            validatorCPUMicroseconds: zip(cpuAtStart.0, cpuAtEnd.0).map { start, end in start.flatMap { s in end.map { $0 - s } } },
            validatorVerifyCPUMicroseconds: target.ownsEachProcess
                ? zip(cpuAtStart.2, cpuAtEnd.2).map { start, end in start.flatMap { s in end.map { $0 - s } } }
                : cpuAtStart.2.map { _ in nil },
            generatorCPUMicroseconds: cpuAtEnd.1 - cpuAtStart.1,
            diskBytesBefore: diskBefore,
            diskBytesAdded: zip(diskBefore, diskAfter).map { before, after in before.flatMap { b in after.map { $0 - b } } },
            accountsBefore: accountsBefore, accountsAfter: accountsAfter)
    }

    /// Each node's process-wide signature-verification CPU so far (`fc_health`), nil where it
    /// does not answer.
    private static func verifyCPUMicroseconds(_ nodes: [JSONRPCClient]) async -> [Int64?] {
        var values: [Int64?] = []
        for node in nodes {
            values.append(try? await node.call("fc_health", timeout: .seconds(10))["processSignatureVerifyCPUMicroseconds"]?.int64Value)
        }
        return values
    }

    /// Each node's pressure account.
    private static func accounts(_ nodes: [JSONRPCClient]) async throws -> [Int64] {
        var values: [Int64] = []
        for node in nodes {
            guard let value = try await node.call("pressure_query", timeout: .seconds(10))["value"]?.int64Value else {
                throw CommandFailure("\(node.endpoint) did not answer pressure_query")
            }
            values.append(value)
        }
        return values
    }

    /// Polls (60 s at most) until every node holds `height` blocks.
    private static func waitForHeight(_ height: Int64, on nodes: [JSONRPCClient]) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        for node in nodes {
            while (try await node.call("fc_blockCount", timeout: .seconds(10)).int64Value ?? 0) < height {
                guard ContinuousClock.now < deadline else { throw CommandFailure("\(node.endpoint) did not reach height \(height) within 60 s") }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}

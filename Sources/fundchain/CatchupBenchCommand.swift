import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Logging
import Workflow

/// `fundchain bench catchup`: the four demo validators in this process (the embedded default's
/// consortium: mutual-TLS peer network on loopback, CBFT, SQLite), on a fresh demo with the
/// pressure test's tuned consensus. They commit N pressure adds (signed ahead, submitted
/// round-robin with at most `outstandingMax` waiting), which gives the live commit rate. Then
/// one validator stops, its data directory is emptied, and it starts again: it rebuilds the
/// chain from its peers block by block, verifying each block's commit certificate and trusting
/// it for the client signatures. The report sets its tx/s and blocks/s against the live rate
/// and checks that its pressure account equals the others'. Exit status 1 if not.
struct CatchupBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catchup",
        abstract: "A validator restarted empty catches up N transactions from its three peers: tx/s and blocks/s against the live rate.")

    @Option(name: .long, help: "Transactions the cluster commits before the restart.")
    var transactions = 100_000
    @OptionGroup var languageOptions: LanguageOptions

    /// The largest run accepted (the mempool holds 100,000).
    static let transactionsMax = 1_000_000
    /// The most transactions submitted and not yet committed.
    static let outstandingMax = 20_000
    /// How far a transaction's timestamp may be from a validator's clock: a day, the most
    /// genesis allows, since the load is signed before a live phase of unknown length.
    static let timestampToleranceMs = 86_400_000
    /// The validator that restarts: it sorts first, so it dials the others and none dials it.
    static let restartedID = "auditor"

    func run() async throws {
        guard (1...Self.transactionsMax).contains(transactions) else { throw ValidationError("--transactions must be 1...\(Self.transactionsMax)") }
        let language = languageOptions.language
        var logger = Logger(label: "fundchain.bench")
        logger.logLevel = .critical
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-bench-catchup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let genesis: Genesis
        do {
            // Signed ahead, the load may take longer to commit than the default clock tolerance.
            var consensus = PressureBenchCommand.Preset.tuned.consensus
            consensus.timestampToleranceMs = Self.timestampToleranceMs
            genesis = try DemoConsortium.create(at: directory, validators: DemoConsortium.validators, withNodeCertificates: true,
                                                consensus: consensus)
        } catch {
            throw CommandFailure(error.message(language))
        }
        let tokenFile = try EmbeddedAttachment.ensureToken(in: directory)
        print(language.pick("启动 4 个验证节点（进程内），预先签名 \(transactions) 笔…", "starting 4 validators in process, signing \(transactions) transactions ahead…"))
        let consortium = try await EmbeddedConsortium.start(directory: directory, genesis: genesis, tokenFile: tokenFile, language: language, logger: logger)
        var running = consortium.validators
        do {
            let signer = try PressureTransactions(demo: directory, chainID: genesis.chainID, expiryHeight: 500_000, suite: genesis.suite)
            let signed = try await signer.signAhead(transactions).map { Hex.decode($0.hex)! }
            let live = try await Self.commitLive(signed, on: running)

            let stopping = consortium.validator(Self.restartedID)
            await stopping.stop()
            running.removeAll { $0.validatorID == Self.restartedID }
            try FileManager.default.removeItem(at: EmbeddedConsortium.dataDirectory(of: Self.restartedID, in: directory))
            let identity = try EmbeddedConsortium.openKeystore(of: Self.restartedID, in: directory, language: language)
            let settings = try EmbeddedConsortium.settings(for: Self.restartedID, in: directory, tokenFile: tokenFile, dialling: running)
            let targetHeight = await running[0].node.chainTip.height
            let start = ContinuousClock.now
            let restarted = try await NodeServices.start(settings, genesis: genesis, validator: (identity.organisationID, identity.key), logger: logger)
            running.append(restarted)
            let caughtUp = try await Self.waitForHeight(targetHeight, on: restarted.node, deadlineSeconds: Self.deadlineSeconds(transactions))
            let seconds = (caughtUp - start).seconds
            let accounts = await running.asyncMap { await $0.node.pressureValue() }
            CatchupReport(transactions: transactions, live: live, targetHeight: targetHeight, catchUpSeconds: seconds,
                          restartedAccount: accounts.last ?? 0, peerAccount: accounts.first ?? 0).print(language)
            for services in running { await services.stop() }
            if accounts.last != accounts.first { throw ExitCode(1) }
        } catch {
            for services in running { await services.stop() }
            throw error
        }
    }

    /// The longest wait for a phase: generous for a loaded 2-core machine.
    static func deadlineSeconds(_ transactions: Int) -> Int { 120 + transactions / 50 }

    /// Submits `signed` round-robin to `validators` (at most `outstandingMax` uncommitted) and
    /// waits until the first validator's pressure account holds them all.
    static func commitLive(_ signed: [[UInt8]], on validators: [NodeServices]) async throws -> (seconds: Double, blocks: Int64) {
        let node = validators[0].node
        let before = await node.pressureValue()
        let startHeight = await node.chainTip.height
        let deadline = ContinuousClock.now + .seconds(deadlineSeconds(signed.count))
        let start = ContinuousClock.now
        var sent = 0
        while true {
            let committed = Int(await node.pressureValue() - before)
            if committed >= signed.count { break }
            guard ContinuousClock.now < deadline else { throw CommandFailure("only \(committed) of \(signed.count) transactions committed in time") }
            if sent < signed.count, sent - committed < outstandingMax {
                let end = min(signed.count, sent + 500)
                while sent < end, try await Self.submit(signed[sent], to: validators[sent % validators.count].node) { sent += 1 }
            } else {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        let seconds = (ContinuousClock.now - start).seconds
        return (seconds, await node.chainTip.height - startHeight)
    }

    /// Submits `bytes` to `node`; false when its mempool is full (the caller retries later).
    static func submit(_ bytes: [UInt8], to node: Node) async throws -> Bool {
        do {
            _ = try await node.submit(bytes)
            return true
        } catch {
            if case .full = error { return false }
            throw error
        }
    }

    /// Polls (every 10 ms, bounded) until `node`'s tip reaches `height`; returns when.
    static func waitForHeight(_ height: Int64, on node: Node, deadlineSeconds: Int) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + .seconds(deadlineSeconds)
        while ContinuousClock.now < deadline {
            if await node.chainTip.height >= height { return ContinuousClock.now }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CommandFailure("the restarted validator did not reach height \(height) within \(deadlineSeconds) s")
    }
}

/// The figures of one catch-up run: a table for people and one JSON line for scripts.
struct CatchupReport {
    let transactions: Int
    let live: (seconds: Double, blocks: Int64)
    let targetHeight: Int64
    let catchUpSeconds: Double
    let restartedAccount: Int64
    let peerAccount: Int64

    var liveTransactionsPerSecond: Double { Double(transactions) / live.seconds }
    var catchUpTransactionsPerSecond: Double { Double(transactions) / catchUpSeconds }
    var catchUpBlocksPerSecond: Double { Double(targetHeight) / catchUpSeconds }
    var ratio: Double { catchUpTransactionsPerSecond / liveTransactionsPerSecond }

    func print(_ language: Language) {
        var table = BenchTable()
        let settings = PressureBenchCommand.Preset.tuned.consensus
        table.add(language.pick("集群", "cluster"), language.pick("4 个验证节点（进程内，双向 TLS），出块超时 \(settings.batchTimeoutMs) ms，每块至多 \(settings.transactionsPerBlockMax) 笔",
                                                                "4 validators in process (mutual TLS), batch timeout \(settings.batchTimeoutMs) ms, at most \(settings.transactionsPerBlockMax) per block"))
        table.add(language.pick("实时提交", "live commit"),
                  language.pick("\(transactions) 笔，\(live.blocks) 个区块，\(BenchTable.figure(live.seconds, 2)) s，\(BenchTable.figure(liveTransactionsPerSecond, 0)) tx/s",
                                "\(transactions) tx in \(live.blocks) blocks, \(BenchTable.figure(live.seconds, 2)) s, \(BenchTable.figure(liveTransactionsPerSecond, 0)) tx/s"))
        table.add(language.pick("追块（清空后重启 \(CatchupBenchCommand.restartedID)）", "catch-up (\(CatchupBenchCommand.restartedID) restarted empty)"),
                  language.pick("到高度 \(targetHeight)，\(BenchTable.figure(catchUpSeconds, 2)) s", "to height \(targetHeight), \(BenchTable.figure(catchUpSeconds, 2)) s"))
        table.add(language.pick("追块速度", "catch-up rate"), "\(BenchTable.figure(catchUpTransactionsPerSecond, 0)) tx/s, \(BenchTable.figure(catchUpBlocksPerSecond, 1)) blocks/s")
        table.add(language.pick("相对实时", "against live"), BenchTable.figure(ratio, 1) + "×")
        table.add(language.pick("正确性", "correctness"), restartedAccount == peerAccount
                  ? language.pick("通过：账户 \(restartedAccount) 与对等节点一致", "ok: account \(restartedAccount) equals the peers'")
                  : language.pick("失败：重启节点 \(restartedAccount)，对等节点 \(peerAccount)", "FAILED: restarted \(restartedAccount), peers \(peerAccount)"))
        table.print()
        func number(_ value: Double) -> JSONValue { .double((value * 100).rounded() / 100) }
        Swift.print(JSONValue.object(JSONObject([
            ("bench", .string("catchup")), ("transactions", .integer(Int64(transactions))),
            ("liveSeconds", number(live.seconds)), ("liveBlocks", .integer(live.blocks)), ("liveTransactionsPerSecond", number(liveTransactionsPerSecond)),
            ("catchUpHeight", .integer(targetHeight)), ("catchUpSeconds", number(catchUpSeconds)),
            ("catchUpTransactionsPerSecond", number(catchUpTransactionsPerSecond)), ("catchUpBlocksPerSecond", number(catchUpBlocksPerSecond)),
            ("ratioToLive", number(ratio)), ("accountsAgree", .bool(restartedAccount == peerAccount)),
        ])).serializedString())
    }
}

import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Testing
import WorkflowTestSupport

/// Faults of a four-process consortium, run in `ConsensusClusterTests` (serialized, one cluster
/// at a time), with a short tick and batch timeout so a hundred blocks take seconds:
/// SIGKILL of the current primary under load, then its catch-up; two stopped validators halt
/// the chain without a fork, and one returning resumes it.
extension ConsensusClusterTests {
    /// The batch timeout of these clusters, in milliseconds.
    static let fastBatchTimeoutMs = 50
    /// Their tick, in milliseconds (view timeout 20 ticks = 400 ms).
    static let fastTickMs = 20

    /// A demo consortium with the fast batch timeout under `directory`, its four validators started.
    static func startFastCluster(in directory: URL) async throws -> (demo: URL, members: [Member]) {
        let demo = directory.appendingPathComponent("demo")
        let created = try await FundChainProcess.run(["genesis", "demo", "--out", demo.path, "--node-certificates",
                                                      "--batch-timeout-ms", "\(fastBatchTimeoutMs)", "--validators"] + validators)
        try #require(created.status == 0, "\(created.output)")
        return (demo, try await startAll(demo: demo, directory: directory, tickMs: fastTickMs))
    }

    @Test func killingTheCurrentPrimaryUnderLoadLeavesThreeThatCommitAHundredBlocksAndItCatchesUp() async throws {
        let started = ContinuousClock.now
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-primary-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var (demo, members) = try await Self.startFastCluster(in: directory)
        defer { for member in members where member.node.process.isRunning { member.node.process.terminate() } }
        _ = try await Self.waitForCommonHeight(members.map(\.node), atLeast: 2)

        // Ask a node who leads the height it is deciding, and SIGKILL exactly that process.
        let health = try await members[0].node.client.call("fc_health", timeout: TestDeadline.seconds(30))
        let primary = try #require(health["primary"]?.stringValue, "\(health)")
        let killedIndex = try #require(members.firstIndex { $0.id == primary })
        try await members[killedIndex].node.kill(signal: SIGKILL)
        let killedAt = ContinuousClock.now
        let survivors = members.indices.filter { $0 != killedIndex }.map { members[$0].node }
        var heightAtKill: Int64 = 0
        for node in survivors { heightAtKill = max(heightAtKill, try await node.client.call("fc_blockCount", timeout: TestDeadline.seconds(30)).int64Value ?? 0) }

        let load = try LoadSubmitter(demo: demo, nodes: survivors)
        let submitting = Task { await load.run(transactionsMax: 20_000) }
        let reached = try await Self.waitForCommonHeight(survivors, atLeast: heightAtKill + 100, seconds: 180)
        submitting.cancel()
        let sent = await submitting.value
        let hundredBlocks = ContinuousClock.now - killedAt
        #expect(sent.accepted > 0, "the survivors admitted the load: \(sent)")

        // Restarted on its data, it fetches the blocks it missed, verifying each certificate and
        // executing each block, and ends with the same block and state hashes as the others.
        let killed = members[killedIndex]
        let restartedAt = ContinuousClock.now
        members[killedIndex].node = try await RunningNode.launch(killed.arguments, logFile: directory.appendingPathComponent("\(killed.id)-restart.log"))
        let finalHeight = try await Self.waitForCommonHeight(members.map(\.node), atLeast: reached, seconds: 180)
        let caughtUp = ContinuousClock.now - restartedAt
        try await Self.expectSameBlocks(members.map(\.node), upTo: finalHeight)
        let committedTransactions = try await Self.transactionCount(on: members[killedIndex].node, upTo: finalHeight)
        #expect(committedTransactions > 0)
        print("primary-kill: killed \(primary) at height \(heightAtKill); 100 blocks by 3 in \(hundredBlocks); load \(sent);",
              "restart caught up \(finalHeight - heightAtKill) blocks in \(caughtUp); \(committedTransactions) transactions;",
              "test \(ContinuousClock.now - started)")
        for member in members { try await member.node.kill(signal: SIGTERM) }
    }

    @Test func twoStoppedValidatorsHaltTheChainWithoutAForkAndOneReturningResumesIt() async throws {
        let started = ContinuousClock.now
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-halt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var (_, members) = try await Self.startFastCluster(in: directory)
        defer { for member in members where member.node.process.isRunning { member.node.process.terminate() } }
        _ = try await Self.waitForCommonHeight(members.map(\.node), atLeast: 3)

        try await members[0].node.kill(signal: SIGTERM)
        try await members[1].node.kill(signal: SIGKILL)
        let survivors = [members[2].node, members[3].node]
        // Two of four cannot reach a quorum of three: once a block in flight has landed, the
        // heights stay put through several view timeouts, and the two agree on every block.
        let halted = try await Self.waitForHalt(survivors, quietSeconds: 3)
        try await Self.expectSameBlocks(survivors, upTo: halted.lowest)
        #expect(halted.highest - halted.lowest <= 1, "\(halted)")

        let returning = members[0]
        members[0].node = try await RunningNode.launch(returning.arguments, logFile: directory.appendingPathComponent("\(returning.id)-restart.log"))
        let resumedAt = ContinuousClock.now
        let resumed = try await Self.waitForCommonHeight([members[0].node] + survivors, atLeast: halted.highest + 3, seconds: 120)
        try await Self.expectSameBlocks([members[0].node] + survivors, upTo: resumed)
        print("halt: halted at \(halted.lowest)...\(halted.highest); resumed to \(resumed) in \(ContinuousClock.now - resumedAt);",
              "test \(ContinuousClock.now - started)")
        for member in members where member.node.process.isRunning { try await member.node.kill(signal: SIGTERM) }
    }

    /// Polls until no node's block count has changed for `quietSeconds`; returns the lowest
    /// and highest counts then.
    static func waitForHalt(_ nodes: [RunningNode], quietSeconds: Double) async throws -> (lowest: Int64, highest: Int64) {
        let deadline = ContinuousClock.now + TestDeadline.seconds(60)
        var last: [Int64] = []
        var unchangedSince = ContinuousClock.now
        while true {
            var counts: [Int64] = []
            for node in nodes { counts.append(try await node.client.call("fc_blockCount", timeout: TestDeadline.seconds(30)).int64Value ?? -1) }
            if counts != last {
                last = counts
                unchangedSince = ContinuousClock.now
            } else if ContinuousClock.now - unchangedSince >= .seconds(quietSeconds) {
                return (counts.min()!, counts.max()!)
            }
            guard ContinuousClock.now < deadline else { throw ClusterTimeout(what: "the chain to halt (counts \(counts))") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// How many transactions the blocks 1...height of `node` hold.
    static func transactionCount(on node: RunningNode, upTo height: Int64) async throws -> Int {
        var count = 0
        for current in 1...height {
            let block = try await node.client.call("fc_getBlockByNumber", params: ["height": .integer(current)], timeout: TestDeadline.seconds(30))
            count += block["transactions"]?.arrayValue?.count ?? 0
        }
        return count
    }
}

/// A bounded load: signed transactions sent one after another, round robin over nodes'
/// JSON-RPC endpoints, until cancelled or a maximum is reached.
struct LoadSubmitter: Sendable {
    let signers: [(organisation: String, key: SigningKey)]
    let clients: [JSONRPCClient]

    /// Opens the demo keystores of three client organisations once.
    init(demo: URL, nodes: [RunningNode]) throws {
        signers = try ["county-hq", "builder", "county-finance"].map { id in
            let opened = try Keystore.open(try Data(contentsOf: demo.appendingPathComponent("keys/\(id).keystore")), passphrase: DemoConsortium.demoPassphrase)
            return (opened.organisation, opened.key)
        }
        clients = nodes.map(\.client)
    }

    /// Sends until cancelled or `transactionsMax` were sent; returns how many were sent and admitted.
    func run(transactionsMax: Int) async -> (sent: Int, accepted: Int) {
        var (sent, accepted) = (0, 0)
        while !Task.isCancelled, sent < transactionsMax {
            let signer = signers[sent % signers.count]
            let body = TransactionBody(chainID: DemoConsortium.chainID, senderID: signer.organisation, nonce: UInt64(10_000 + sent), expiryHeight: 900,
                                       timestampMs: Int64(Date().timeIntervalSince1970 * 1000), payload: .pressureAdd)
            guard let transaction = try? Transaction(signing: body, with: signer.key) else { break }
            let client = clients[sent % clients.count]
            sent += 1
            let answer = try? await client.call("fc_submitTransaction", params: ["transaction": .string(Hex.encode(transaction.canonicalBytes))],
                                                     timeout: TestDeadline.seconds(30))
            if answer?["hash"] != nil { accepted += 1 }
        }
        return (sent, accepted)
    }
}

import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Testing
import WorkflowTestSupport

/// A non-validating node (an organisation that is not a validator, with a node certificate of
/// the consortium CA) next to the four validators of `ConsensusClusterTests`: started on an
/// empty data directory after the validators committed blocks, it rebuilds the chain from its
/// peers block by block, verifying each commit certificate; it then follows new blocks, serves
/// JSON-RPC reads, and forwards transactions submitted to it to the validators. It never votes.
extension ConsensusClusterTests {
    /// The non-validating organisation.
    static let replicaID = "county-hq"

    /// Issues a node certificate for `replicaID` from the demo CA and lists its key in genesis
    /// (before any node starts: the key is part of the genesis hash).
    static func addReplicaNodeKey(demo: URL) async throws {
        let issued = try await FundChainProcess.run(["ca", "issue", "--ca", demo.appendingPathComponent("ca").path, "--org", replicaID,
                                                     "--out", demo.appendingPathComponent("nodes/\(replicaID)").path, "--lang", "en"])
        try #require(issued.status == 0, "\(issued.output)")
        let nodeKey = try #require(issued.output.split(separator: "\n").first { $0.hasPrefix("nodeKey ") }?.dropFirst("nodeKey ".count))
        let path = demo.appendingPathComponent("genesis.json")
        var file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
        var organisations = try #require(file["organisations"] as? [[String: Any]])
        let index = try #require(organisations.firstIndex { $0["id"] as? String == replicaID })
        organisations[index]["nodeKey"] = String(nodeKey)
        file["organisations"] = organisations
        try JSONSerialization.data(withJSONObject: file, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]).write(to: path)
    }

    @Test func aNonValidatingNodeRebuildsFromItsPeersFollowsAndForwardsWithoutVoting() async throws {
        let started = ContinuousClock.now
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-replica-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = directory.appendingPathComponent("demo")
        let created = try await FundChainProcess.run(["genesis", "demo", "--out", demo.path, "--node-certificates",
                                                      "--batch-timeout-ms", "\(Self.fastBatchTimeoutMs)", "--validators"] + Self.validators)
        try #require(created.status == 0, "\(created.output)")
        try await Self.addReplicaNodeKey(demo: demo)
        let members = try await Self.startAll(demo: demo, directory: directory, tickMs: Self.fastTickMs)
        var replica: RunningNode?
        defer {
            for member in members where member.node.process.isRunning { member.node.process.terminate() }
            if let replica, replica.process.isRunning { replica.process.terminate() }
        }

        // The validators commit a chain with transactions in it before the replica exists.
        let load = try LoadSubmitter(demo: demo, nodes: members.map(\.node))
        let submitting = Task { await load.run(transactionsMax: 20_000) }
        let built = try await Self.waitForCommonHeight(members.map(\.node), atLeast: 150, seconds: 180)
        submitting.cancel()
        let sent = await submitting.value
        #expect(sent.accepted > 0, "\(sent)")

        // Started on an empty data directory with the validators' addresses and no keystore.
        let rebuildStarted = ContinuousClock.now
        var arguments = ["node", "--genesis", demo.appendingPathComponent("genesis.json").path,
                         "--data-dir", directory.appendingPathComponent("data-\(Self.replicaID)").path, "--rpc-port", "0",
                         "--node-cert", demo.appendingPathComponent("nodes/\(Self.replicaID)/node.pem").path,
                         "--node-key", demo.appendingPathComponent("nodes/\(Self.replicaID)/node-key.pem").path,
                         "--peer-listen", "127.0.0.1:\(try LoopbackPorts.free())", "--tick-ms", "\(Self.fastTickMs)"]
        for member in members { arguments += ["--peer", "\(member.id)=127.0.0.1:\(member.peerPort)"] }
        let follower = try await RunningNode.launch(arguments, logFile: directory.appendingPathComponent("\(Self.replicaID).log"))
        replica = follower
        #expect(follower.banner.contains("validator -"), "\(follower.banner)")
        _ = try await Self.waitForCommonHeight([follower], atLeast: built, seconds: 120)
        let rebuilt = ContinuousClock.now - rebuildStarted
        let transactions = try await Self.transactionCount(on: follower, upTo: built)
        let seconds = Double(rebuilt.components.seconds) + Double(rebuilt.components.attoseconds) / 1e18
        print("replica rebuild: \(built) blocks, \(transactions) transactions in \(rebuilt) (process start included):",
              "\(Int(Double(built) / seconds)) blocks/s, \(Int(Double(transactions) / seconds)) tx/s")

        // Transactions submitted to the replica reach the validators and commit everywhere.
        var nonce: UInt64 = 100_000
        let hashes = try await Self.submit(count: 6, to: [Member(id: Self.replicaID, node: follower, peerPort: 0, arguments: [])], demo: demo, nonce: &nonce)
        for node in members.map(\.node) + [follower] { try await Self.waitForReceipts(hashes, on: node) }
        let height = try await Self.waitForCommonHeight(members.map(\.node) + [follower], atLeast: built + 1)
        try await Self.expectSameBlocks(members.map(\.node) + [follower], upTo: height)

        // It never votes: every certificate is signed by validators only, and it reports none.
        let health = try await follower.client.call("fc_health", timeout: TestDeadline.seconds(30))
        #expect(health["validatorID"] == .null && health["peers"]?.arrayValue?.count == 4, "\(health)")
        let newest = try await follower.client.call("fc_getBlockByNumber", params: ["height": .integer(height)], timeout: TestDeadline.seconds(30))
        let parentSigners = newest["header"]?["previousCommitCertificate"]?["signatures"]?.arrayValue?.compactMap { $0["validatorID"]?.stringValue } ?? []
        #expect(!parentSigners.isEmpty && parentSigners.allSatisfy { Self.validators.contains($0) }, "\(parentSigners)")
        print("replica test \(ContinuousClock.now - started)")
        try await follower.kill(signal: SIGTERM)
        for member in members { try await member.node.kill(signal: SIGTERM) }
    }
}

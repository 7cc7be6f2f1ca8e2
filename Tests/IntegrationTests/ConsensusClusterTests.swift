import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Testing
import WorkflowTestSupport

/// Four validators as separate `fundchain node` processes on 127.0.0.1, peering over mutual
/// TLS with certificates of the demo consortium CA: transactions submitted over JSON-RPC to
/// different nodes commit on all four with identical block hashes; a node of another
/// consortium's CA is refused with the reason logged; after a SIGKILL of the
/// proposer of the newest block the other three keep committing; restarted, it catches up
/// from its peers and holds the same blocks.
@Suite(.serialized) struct ConsensusClusterTests {
    static let validators = ["auditor", "commercial-bank", "provincial-finance", "provincial-office"]

    /// One validator process and what restarting it needs.
    struct Member {
        let id: String
        var node: RunningNode
        let peerPort: Int
        let arguments: [String]
    }

    @Test func fourProcessesCommitTheSameChainAndSurviveAKilledProposer() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-cluster-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = directory.appendingPathComponent("demo")
        let created = try await FundChainProcess.run(["genesis", "demo", "--out", demo.path, "--node-certificates", "--batch-timeout-ms", "300",
                                                      "--validators"] + Self.validators)
        try #require(created.status == 0, "\(created.output)")
        var members = try await Self.startAll(demo: demo, directory: directory)
        defer { for member in members where member.node.process.isRunning { member.node.process.terminate() } }

        var nonce: UInt64 = 0
        let hashes = try await Self.submit(count: 8, to: members, demo: demo, nonce: &nonce)
        for member in members { try await Self.waitForReceipts(hashes, on: member.node) }
        let height = try await Self.waitForCommonHeight(members.map(\.node), atLeast: 1)
        try await Self.expectSameBlocks(members.map(\.node), upTo: height)

        // A node of another consortium (its own CA) dialling in is refused, and the bank says why.
        try await Self.expectRogueRefused(directory: directory, bank: members.first { $0.id == "commercial-bank" }!)

        // SIGKILL the proposer of the newest block; the other three keep committing.
        let newest = try await members[0].node.client.call("fc_getBlockByNumber", params: ["height": .integer(height)], timeout: TestDeadline.seconds(30))
        let proposer = try #require(newest["header"]?["proposerID"]?.stringValue)
        let killedIndex = try #require(members.firstIndex { $0.id == proposer })
        try await members[killedIndex].node.kill(signal: SIGKILL)
        let survivors = members.indices.filter { $0 != killedIndex }.map { members[$0] }
        let moreHashes = try await Self.submit(count: 6, to: survivors, demo: demo, nonce: &nonce)
        for member in survivors { try await Self.waitForReceipts(moreHashes, on: member.node) }
        let heightAfterKill = try await Self.waitForCommonHeight(survivors.map(\.node), atLeast: height + 3)
        try await Self.expectSameBlocks(survivors.map(\.node), upTo: heightAfterKill)

        // Restarted on the same data and port, it fetches what it missed and verifies it.
        let killed = members[killedIndex]
        members[killedIndex].node = try await RunningNode.launch(killed.arguments, logFile: directory.appendingPathComponent("\(killed.id)-restart.log"))
        try await Self.waitForReceipts(moreHashes, on: members[killedIndex].node)
        let finalHeight = try await Self.waitForCommonHeight(members.map(\.node), atLeast: heightAfterKill)
        try await Self.expectSameBlocks(members.map(\.node), upTo: finalHeight)
        for member in members { try await member.node.kill(signal: SIGTERM) }
    }

    /// Starts the validators from the last identifier to the first: each dials those after it
    /// (whose peer ports are known by then) and is dialled by those before it.
    static func startAll(demo: URL, directory: URL, tickMs: Int = 50) async throws -> [Member] {
        var members: [Member] = []
        for id in validators.reversed() {
            let later = members.map { "\($0.id)=127.0.0.1:\($0.peerPort)" }
            let port = try LoopbackPorts.free()
            var arguments = ["node", "--genesis", demo.appendingPathComponent("genesis.json").path,
                             "--data-dir", directory.appendingPathComponent("data-\(id)").path, "--rpc-port", "0",
                             "--keystore", demo.appendingPathComponent("keys/\(id).keystore").path,
                             "--node-cert", demo.appendingPathComponent("nodes/\(id)/node.pem").path,
                             "--node-key", demo.appendingPathComponent("nodes/\(id)/node-key.pem").path,
                             "--peer-listen", "127.0.0.1:\(port)", "--tick-ms", "\(tickMs)"]
            for peer in later { arguments += ["--peer", peer] }
            let node = try await RunningNode.launch(arguments, logFile: directory.appendingPathComponent("\(id).log"))
            #expect(node.banner.contains("peer-port \(port)"), "\(node.banner)")
            members.insert(Member(id: id, node: node, peerPort: port, arguments: arguments), at: 0)
        }
        return members
    }

    /// Starts an "auditor" of another demo consortium dialling the bank and waits for the bank's
    /// log to name the refusal; the rogue process is stopped afterwards.
    static func expectRogueRefused(directory: URL, bank: Member) async throws {
        let rogueDemo = directory.appendingPathComponent("rogue-demo")
        let created = try await FundChainProcess.run(["genesis", "demo", "--out", rogueDemo.path, "--node-certificates", "--validators"] + validators)
        try #require(created.status == 0, "\(created.output)")
        let rogue = try await RunningNode.launch(
            ["node", "--genesis", rogueDemo.appendingPathComponent("genesis.json").path,
             "--data-dir", directory.appendingPathComponent("data-rogue").path, "--rpc-port", "0",
             "--keystore", rogueDemo.appendingPathComponent("keys/auditor.keystore").path,
             "--node-cert", rogueDemo.appendingPathComponent("nodes/auditor/node.pem").path,
             "--node-key", rogueDemo.appendingPathComponent("nodes/auditor/node-key.pem").path,
             "--peer-listen", "127.0.0.1:\(try LoopbackPorts.free())", "--peer", "commercial-bank=127.0.0.1:\(bank.peerPort)"],
            logFile: directory.appendingPathComponent("rogue.log"))
        defer { if rogue.process.isRunning { rogue.process.terminate() } }
        let log = directory.appendingPathComponent("commercial-bank.log")
        let deadline = ContinuousClock.now + TestDeadline.seconds(60)
        while !((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("TLS handshake failed") {
            guard ContinuousClock.now < deadline else { throw ClusterTimeout(what: "the bank to refuse the rogue") }
            try await Task.sleep(for: .milliseconds(50))
        }
        let health = try await bank.node.client.call("fc_health", timeout: TestDeadline.seconds(30))
        #expect(health["peers"]?.arrayValue?.compactMap(\.stringValue) == ["auditor", "provincial-finance", "provincial-office"],
                "the real auditor stays connected: \(health)")
        #expect(health["peersConnected"]?.int64Value == 3 && health["peersExpected"]?.int64Value == 3, "\(health)")
        #expect(health["peerLinks"]?.arrayValue?.map { $0["connected"]?.boolValue } == [true, true, true], "\(health)")
        #expect(health["validating"]?.boolValue == true && health["view"]?.int64Value != nil && health["lastCommitAgeMs"]?.int64Value != nil, "\(health)")
        try await rogue.kill(signal: SIGTERM)
    }

    /// Submits `count` signed transactions, spread over the members' JSON-RPC endpoints.
    static func submit(count: Int, to members: [Member], demo: URL, nonce: inout UInt64) async throws -> [String] {
        let senders = ["county-hq", "builder", "county-finance"]
        var hashes: [String] = []
        for index in 0..<count {
            nonce += 1
            let sender = senders[index % senders.count]
            let keystore = try Data(contentsOf: demo.appendingPathComponent("keys/\(sender).keystore"))
            let signer = try Keystore.open(keystore, passphrase: DemoConsortium.demoPassphrase)
            let body = TransactionBody(chainID: DemoConsortium.chainID, senderID: sender, nonce: nonce, expiryHeight: 900,
                                       timestampMs: Int64(Date().timeIntervalSince1970 * 1000), payload: .pressureAdd)
            let transaction = try Transaction(signing: body, with: signer.key)
            let node = members[index % members.count].node
            let answer = try await node.client.call("fc_submitTransaction", params: ["transaction": .string(Hex.encode(transaction.canonicalBytes))],
                                                    timeout: TestDeadline.seconds(30))
            hashes.append(try #require(answer["hash"]?.stringValue))
        }
        return hashes
    }

    /// Polls until `node` holds a receipt for every hash.
    static func waitForReceipts(_ hashes: [String], on node: RunningNode) async throws {
        let deadline = ContinuousClock.now + TestDeadline.seconds(90)
        for hash in hashes {
            while true {
                let receipt = try? await node.client.call("fc_getReceipt", params: ["hash": .string(hash)], timeout: TestDeadline.seconds(30))
                if let receipt, receipt != .null { break }
                guard ContinuousClock.now < deadline else { throw ClusterTimeout(what: "receipt \(hash) on \(node.url)") }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Polls until every node's block count is at least `height`; returns the lowest count.
    static func waitForCommonHeight(_ nodes: [RunningNode], atLeast height: Int64, seconds: Double = 90) async throws -> Int64 {
        let deadline = ContinuousClock.now + TestDeadline.seconds(seconds)
        while true {
            var lowest = Int64.max
            for node in nodes {
                let count = (try? await node.client.call("fc_blockCount", timeout: TestDeadline.seconds(30)).int64Value) ?? 0
                lowest = min(lowest, count)
            }
            if lowest >= height { return lowest }
            guard ContinuousClock.now < deadline else { throw ClusterTimeout(what: "every node at height \(height) (lowest \(lowest))") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Every node holds the same block hash and state hash at every height up to `height`.
    static func expectSameBlocks(_ nodes: [RunningNode], upTo height: Int64) async throws {
        for current in 1...height {
            var seen: [(hash: JSONValue?, state: JSONValue?)] = []
            for node in nodes {
                let block = try await node.client.call("fc_getBlockByNumber", params: ["height": .integer(current)], timeout: TestDeadline.seconds(30))
                seen.append((block["hash"], block["header"]?["stateHash"]))
            }
            #expect(seen.allSatisfy { $0.hash == seen[0].hash && $0.state == seen[0].state && $0.hash != nil }, "height \(current): \(seen)")
        }
    }
}

/// A wait in a cluster test passed its deadline.
struct ClusterTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

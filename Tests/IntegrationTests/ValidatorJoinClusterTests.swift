import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Testing
import WorkflowTestSupport

/// A new organisation joins the running four-validator consortium as a fifth validator, the way
/// an operator does it: the consortium CA issues its node certificate; a validator proposes the
/// addition (its consensus signing key and node key) and two more approve it with
/// `fundchain governance`; its node starts on an empty data directory, knowing only the
/// validators' addresses, is admitted by them from the activation height, catches up and
/// votes. Its vote is needed afterwards: with five validators the quorum is four, so when one
/// original validator is stopped the chain goes on only because the newcomer signs.
extension ConsensusClusterTests {
    /// The organisation that joins: in genesis as a client, without a node key.
    static let joinerID = "county-finance"

    @Test func aNewOrganisationJoinsAsAValidatorSyncsFromItsPeersAndItsVoteCounts() async throws {
        let started = ContinuousClock.now
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-join-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (demo, members) = try await Self.startFastCluster(in: directory)
        var joiner: RunningNode?
        defer {
            for member in members where member.node.process.isRunning { member.node.process.terminate() }
            if let joiner, joiner.process.isRunning { joiner.process.terminate() }
        }
        _ = try await Self.waitForCommonHeight(members.map(\.node), atLeast: 5)

        // The CA issues the newcomer's node certificate; its signing key is its genesis key.
        let issued = try await FundChainProcess.run(["ca", "issue", "--ca", demo.appendingPathComponent("ca").path, "--org", Self.joinerID,
                                                     "--out", demo.appendingPathComponent("nodes/\(Self.joinerID)").path, "--lang", "en"])
        try #require(issued.status == 0, "\(issued.output)")
        let nodeKey = try #require(issued.output.split(separator: "\n").first { $0.hasPrefix("nodeKey ") }?.dropFirst("nodeKey ".count))
        let signer = try Keystore.open(try Data(contentsOf: demo.appendingPathComponent("keys/\(Self.joinerID).keystore")),
                                       passphrase: DemoConsortium.demoPassphrase)

        // Proposed at one validator, approved at two others: 3 of 4 apply it two blocks later.
        var environment = ProcessInfo.processInfo.environment
        environment["FUNDCHAIN_PASSPHRASE"] = DemoConsortium.demoPassphrase
        func governance(_ arguments: [String], by member: Member) async throws -> String {
            let keystore = demo.appendingPathComponent("keys/\(member.id).keystore").path
            let result = try await FundChainProcess.run(["governance"] + arguments + ["--keystore", keystore, "--url", member.node.url, "--lang", "en"],
                                                        environment: environment)
            #expect(result.status == 0, "\(arguments): \(result.output)")
            return result.output
        }
        let proposed = try await governance(["propose", "add", "--validator", Self.joinerID, "--signing-key", Hex.encode(signer.key.publicKey.rawBytes),
                                             "--node-key", String(nodeKey)], by: members[0])
        #expect(proposed.contains("proposal 1: 1/3 validators approved"), "\(proposed)")
        _ = try await governance(["approve", "1"], by: members[1])
        let applied = try await governance(["approve", "1"], by: members[2])
        let activationText = try #require(applied.firstMatch(of: /from height ([0-9]+)/), "\(applied)")
        let activation = try #require(Int64(activationText.1))
        let before = try await Self.waitForCommonHeight(members.map(\.node), atLeast: activation + 5)

        // Its node starts on an empty data directory with the validators' addresses only.
        var arguments = ["node", "--genesis", demo.appendingPathComponent("genesis.json").path,
                         "--data-dir", directory.appendingPathComponent("data-\(Self.joinerID)").path, "--rpc-port", "0",
                         "--keystore", demo.appendingPathComponent("keys/\(Self.joinerID).keystore").path,
                         "--node-cert", demo.appendingPathComponent("nodes/\(Self.joinerID)/node.pem").path,
                         "--node-key", demo.appendingPathComponent("nodes/\(Self.joinerID)/node-key.pem").path,
                         "--peer-listen", "127.0.0.1:\(try LoopbackPorts.free())", "--tick-ms", "\(Self.fastTickMs)"]
        for member in members { arguments += ["--peer", "\(member.id)=127.0.0.1:\(member.peerPort)"] }
        let newcomer = try await RunningNode.launch(arguments, logFile: directory.appendingPathComponent("\(Self.joinerID).log"))
        joiner = newcomer
        _ = try await Self.waitForCommonHeight([newcomer], atLeast: before, seconds: 120)

        // It signs commit certificates: some block carries its signature for the block before.
        let signedHeight = try await Self.waitForCertificateSigned(by: Self.joinerID, on: newcomer, after: before)
        let health = try await newcomer.client.call("fc_health", timeout: TestDeadline.seconds(30))
        #expect(health["validating"]?.boolValue == true && health["peersConnected"]?.int64Value == 4, "\(health)")

        // Five validators, quorum four: with one original stopped, blocks need the newcomer's vote.
        let stopped = members[3]
        try await stopped.node.kill(signal: SIGTERM)
        let remaining = members.filter { $0.id != stopped.id }.map(\.node) + [newcomer]
        // The highest block any node held once it was stopped: it may still have voted for the
        // next one, but not for the one after, so certificates from then on are without it.
        var stoppedAt: Int64 = 0
        for node in remaining { stoppedAt = max(stoppedAt, try await node.client.call("fc_blockCount", timeout: TestDeadline.seconds(30)).int64Value ?? 0) }
        let after = try await Self.waitForCommonHeight(remaining, atLeast: stoppedAt + 20, seconds: 120)
        for height in (stoppedAt + 3)...after {
            let block = try await newcomer.client.call("fc_getBlockByNumber", params: ["height": .integer(height)], timeout: TestDeadline.seconds(30))
            let signers = block["header"]?["previousCommitCertificate"]?["signatures"]?.arrayValue?.compactMap { $0["validatorID"]?.stringValue } ?? []
            #expect(signers.count >= 4 && signers.contains(Self.joinerID) && !signers.contains(stopped.id), "height \(height): \(signers)")
        }
        try await Self.expectSameBlocks(remaining, upTo: after)
        print("join: activation at \(activation); newcomer caught up \(before) blocks and signed by \(signedHeight);",
              "\(after - stoppedAt) blocks with one original stopped; test \(ContinuousClock.now - started)")
        try await newcomer.kill(signal: SIGTERM)
        for member in members where member.id != stopped.id { try await member.node.kill(signal: SIGTERM) }
    }

    /// Polls `node`'s blocks after `height` until one carries a parent certificate signed by
    /// `validatorID`; returns that block's height.
    static func waitForCertificateSigned(by validatorID: String, on node: RunningNode, after height: Int64) async throws -> Int64 {
        let deadline = ContinuousClock.now + TestDeadline.seconds(90)
        var next = height + 1
        while true {
            let count = (try? await node.client.call("fc_blockCount", timeout: TestDeadline.seconds(30)).int64Value) ?? 0
            while next <= count {
                let block = try await node.client.call("fc_getBlockByNumber", params: ["height": .integer(next)], timeout: TestDeadline.seconds(30))
                let signers = block["header"]?["previousCommitCertificate"]?["signatures"]?.arrayValue?.compactMap { $0["validatorID"]?.stringValue } ?? []
                if signers.contains(validatorID) { return next }
                next += 1
            }
            guard ContinuousClock.now < deadline else { throw ClusterTimeout(what: "a certificate signed by \(validatorID) after height \(height)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

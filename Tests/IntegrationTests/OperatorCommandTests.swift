import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Testing
import WorkflowTestSupport

/// The operator commands against a running node: `rpc`, `proof` (exported, verified offline,
/// and refused when tampered with), `backup` while the node runs, `restore`, `verify`.
@Suite(.serialized) struct OperatorCommandTests {
    @Test func everyOperatorCommandWorksOnARunningNode() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-operator-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = directory.appendingPathComponent("demo")
        let genesisPath = demo.appendingPathComponent("genesis.json").path
        #expect(try await FundChainProcess.run(["genesis", "demo", "--out", demo.path]).status == 0)
        let data = directory.appendingPathComponent("data")
        let node = try await RunningNode.start(demo: demo, data: data, validator: true)
        let url = node.url

        let signer = try Keystore.open(try Data(contentsOf: demo.appendingPathComponent("keys/county-hq.keystore")), passphrase: DemoConsortium.demoPassphrase)
        let body = TransactionBody(chainID: DemoConsortium.chainID, senderID: "county-hq", nonce: 42, expiryHeight: 100,
                                   timestampMs: Int64(Date().timeIntervalSince1970 * 1000),
                                   payload: .anchorStore(key: "合同/XM2026000001", valueHash: SHA256Digest.hash(Array("施工合同".utf8))))
        let transaction = try Transaction(signing: body, with: signer.key)
        let submitted = try await node.client.call("fc_submitTransaction", params: ["transaction": .string(Hex.encode(transaction.canonicalBytes))],
                                                   timeout: TestDeadline.seconds(30))
        let hash = try #require(submitted["hash"]?.stringValue)
        _ = try await node.client.call("fc_waitForBlock", params: ["afterHeight": 0, "timeoutMs": 30_000], timeout: TestDeadline.seconds(40))

        let health = try await FundChainProcess.run(["rpc", "fc_health", "--url", url])
        #expect(health.status == 0 && health.output.contains("qiandong-demo") && health.output.contains("\"tipHeight\""), "\(health.output)")
        let anchor = try await FundChainProcess.run(["rpc", "anchor_query", #"{"key":"合同/XM2026000001"}"#, "--url", url])
        #expect(anchor.output.contains(Hex.encode(SHA256Digest.hash(Array("施工合同".utf8)))))

        let proofPath = directory.appendingPathComponent("proof.json").path
        let exported = try await FundChainProcess.run(["proof", hash, "--out", proofPath, "--url", url])
        #expect(exported.status == 0, "\(exported.output)")
        let verified = try await FundChainProcess.run(["verify", "--proof", proofPath, "--genesis", genesisPath])
        #expect(verified.status == 0 && verified.output.contains("valid: transaction \(hash) committed at height 1, succeeded"), "\(verified.output)")
        let tamperedPath = directory.appendingPathComponent("tampered.json").path
        let original = try String(contentsOfFile: proofPath, encoding: .utf8)
        let transactionHex = Hex.encode(transaction.canonicalBytes)
        let flipped = String(transactionHex.dropLast()) + (transactionHex.hasSuffix("0") ? "1" : "0")
        try original.replacingOccurrences(of: transactionHex, with: flipped).write(toFile: tamperedPath, atomically: true, encoding: .utf8)
        let refused = try await FundChainProcess.run(["verify", "--proof", tamperedPath, "--genesis", genesisPath])
        #expect(refused.status != 0 && refused.output.contains("does NOT prove"), "\(refused.output)")

        let backupPath = directory.appendingPathComponent("chain.backup").path
        let backup = try await FundChainProcess.run(["backup", "--data-dir", data.path, "--out", backupPath])
        #expect(backup.status == 0 && backup.output.contains("at height 1"), "\(backup.output)")
        try await node.kill(signal: SIGTERM)
        let restoredDirectory = directory.appendingPathComponent("restored")
        let restored = try await FundChainProcess.run(["restore", "--from", backupPath, "--data-dir", restoredDirectory.path, "--genesis", genesisPath])
        #expect(restored.status == 0 && restored.output.contains("verified 1 blocks"), "\(restored.output)")
        let again = try await FundChainProcess.run(["restore", "--from", backupPath, "--data-dir", restoredDirectory.path, "--genesis", genesisPath])
        #expect(again.status != 0, "restore never overwrites a chain")
        let check = try await FundChainProcess.run(["verify", "--data-dir", data.path, "--genesis", genesisPath])
        #expect(check.status == 0 && check.output.contains("verified 1 blocks"), "\(check.output)")
    }
}

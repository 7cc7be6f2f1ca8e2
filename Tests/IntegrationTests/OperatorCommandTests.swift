import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Testing
import WorkflowTestSupport

/// The operator commands against a running node: `rpc`, `proof` (exported, verified offline,
/// and refused when tampered with), `anchor store|query|verify`, `backup` while the node runs,
/// `restore`, `verify`.
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
        let verifiedInChinese = try await FundChainProcess.run(["verify", "--proof", proofPath, "--genesis", genesisPath, "--lang", "zh"])
        #expect(verifiedInChinese.status == 0 && verifiedInChinese.output.contains("有效：交易 \(hash) 已在高度 1 上链，执行成功"), "\(verifiedInChinese.output)")
        let refusedInChinese = try await FundChainProcess.run(["verify", "--proof", tamperedPath, "--genesis", genesisPath, "--lang", "zh"])
        #expect(refusedInChinese.status != 0 && refusedInChinese.output.contains("不能证明该交易"), "\(refusedInChinese.output)")

        let document = directory.appendingPathComponent("竣工报告.txt")
        try Data("黔东县冷水鱼养殖基地竣工验收报告：合格。".utf8).write(to: document)
        var environment = ProcessInfo.processInfo.environment
        environment["FUNDCHAIN_PASSPHRASE"] = DemoConsortium.demoPassphrase
        let keystore = demo.appendingPathComponent("keys/builder.keystore").path
        let storeArguments = ["anchor", "store", document.path, "--key", "report/XM2026000001", "--keystore", keystore, "--url", url]
        let stored = try await FundChainProcess.run(storeArguments, environment: environment)
        #expect(stored.status == 0 && stored.output.contains("anchored report/XM2026000001"), "\(stored.output)")
        let storedTwice = try await FundChainProcess.run(storeArguments, environment: environment)
        #expect(storedTwice.status != 0 && storedTwice.output.contains("report/XM2026000001"), "\(storedTwice.output)")
        let queried = try await FundChainProcess.run(["anchor", "query", "report/XM2026000001", "--url", url])
        let documentHash = Hex.encode(SHA256Digest.hash(Array(try Data(contentsOf: document))))
        #expect(queried.status == 0 && queried.output.contains(documentHash), "\(queried.output)")
        let matches = try await FundChainProcess.run(["anchor", "verify", document.path, "--key", "report/XM2026000001", "--url", url])
        #expect(matches.status == 0 && matches.output.contains("MATCH"), "\(matches.output)")
        let altered = directory.appendingPathComponent("altered.txt")
        try Data("黔东县冷水鱼养殖基地竣工验收报告：不合格。".utf8).write(to: altered)
        let mismatch = try await FundChainProcess.run(["anchor", "verify", altered.path, "--key", "report/XM2026000001", "--url", url])
        #expect(mismatch.status != 0 && mismatch.output.contains("MISMATCH"), "\(mismatch.output)")
        let mismatchInChinese = try await FundChainProcess.run(["anchor", "verify", altered.path, "--key", "report/XM2026000001", "--url", url, "--lang", "zh"])
        #expect(mismatchInChinese.status != 0 && mismatchInChinese.output.contains("不一致：") && mismatchInChinese.output.contains("链上 report/XM2026000001 下存的是"),
                "\(mismatchInChinese.output)")
        let matchesInChinese = try await FundChainProcess.run(["anchor", "verify", document.path, "--key", "report/XM2026000001", "--url", url, "--lang", "zh"])
        #expect(matchesInChinese.status == 0 && matchesInChinese.output.contains("一致：") && matchesInChinese.output.contains(documentHash), "\(matchesInChinese.output)")
        let missing = try await FundChainProcess.run(["anchor", "query", "no/such/key", "--url", url])
        #expect(missing.status != 0 && missing.output.contains("key does not exist"))
        let missingInChinese = try await FundChainProcess.run(["anchor", "query", "no/such/key", "--url", url, "--lang", "zh"])
        #expect(missingInChinese.status != 0 && missingInChinese.output.contains("该键不存在：no/such/key"), "\(missingInChinese.output)")

        let backupPath = directory.appendingPathComponent("chain.backup").path
        let backup = try await FundChainProcess.run(["backup", "--data-dir", data.path, "--out", backupPath])
        #expect(backup.status == 0 && backup.output.contains("backup \(backupPath) at height"), "\(backup.output)")
        try await node.kill(signal: SIGTERM)
        let restoredDirectory = directory.appendingPathComponent("restored")
        let restored = try await FundChainProcess.run(["restore", "--from", backupPath, "--data-dir", restoredDirectory.path, "--genesis", genesisPath])
        #expect(restored.status == 0 && restored.output.contains("verified"), "\(restored.output)")
        let again = try await FundChainProcess.run(["restore", "--from", backupPath, "--data-dir", restoredDirectory.path, "--genesis", genesisPath])
        #expect(again.status != 0, "restore never overwrites a chain")
        let check = try await FundChainProcess.run(["verify", "--data-dir", data.path, "--genesis", genesisPath])
        #expect(check.status == 0 && check.output.contains("verified"), "\(check.output)")
        let checkInChinese = try await FundChainProcess.run(["verify", "--data-dir", data.path, "--genesis", genesisPath, "--lang", "zh"])
        #expect(checkInChinese.status == 0 && checkInChinese.output.contains("个区块及全部签名"), "\(checkInChinese.output)")
        let nothing = try await FundChainProcess.run(["verify", "--data-dir", directory.appendingPathComponent("empty").path, "--genesis", genesisPath, "--lang", "zh"])
        #expect(nothing.status != 0 && nothing.output.contains("中没有链数据"), "\(nothing.output)")
    }
}

import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Testing
import WorkflowTestSupport

/// `fundchain governance propose|approve|list` against a running single-validator node: a
/// refusal prints its reason in the chosen language and exits 1; an addition approved by the
/// only validator prints its activation height; `list` shows the proposal and the new set.
@Suite(.serialized) struct GovernanceCommandTests {
    @Test func governanceCommandsProposeRefuseAndList() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-governance-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = directory.appendingPathComponent("demo")
        #expect(try await FundChainProcess.run(["genesis", "demo", "--out", demo.path]).status == 0)
        let node = try await RunningNode.start(demo: demo, data: directory.appendingPathComponent("data"), validator: true)
        var environment = ProcessInfo.processInfo.environment
        environment["FUNDCHAIN_PASSPHRASE"] = DemoConsortium.demoPassphrase
        func keystore(_ organisation: String) -> String { demo.appendingPathComponent("keys/\(organisation).keystore").path }

        let last = try await FundChainProcess.run(["governance", "propose", "remove", "--validator", "provincial-office",
                                                   "--keystore", keystore("provincial-office"), "--url", node.url, "--lang", "en"],
                                                  environment: environment)
        #expect(last.status != 0 && last.output.contains("Cannot remove \"provincial-office\", the last validator"), "\(last.output)")
        let outsider = try await FundChainProcess.run(["governance", "approve", "1", "--keystore", keystore("county-hq"), "--url", node.url,
                                                       "--lang", "zh"], environment: environment)
        #expect(outsider.status != 0 && outsider.output.contains("「county-hq」不是本高度生效的验证节点"), "\(outsider.output)")
        let badKey = try await FundChainProcess.run(["governance", "propose", "add", "--validator", "county-finance", "--signing-key", "04ab",
                                                     "--keystore", keystore("provincial-office"), "--url", node.url, "--lang", "en"],
                                                    environment: environment)
        #expect(badKey.status != 0 && badKey.output.contains("--signing-key must be the hex of a 65-byte public key"), "\(badKey.output)")

        let newcomer = try Keystore.open(try Data(contentsOf: URL(fileURLWithPath: keystore("county-finance"))),
                                         passphrase: DemoConsortium.demoPassphrase)
        let added = try await FundChainProcess.run(["governance", "propose", "add", "--validator", "county-finance",
                                                    "--signing-key", Hex.encode(newcomer.key.publicKey.rawBytes),
                                                    "--keystore", keystore("provincial-office"), "--url", node.url, "--lang", "zh"],
                                                   environment: environment)
        #expect(added.status == 0 && added.output.contains("提案 1：1/1 个验证节点已批准"), "\(added.output)")
        let activation = try #require(added.output.range(of: #"自高度 [0-9]+ 起生效"#, options: .regularExpression), "\(added.output)")
        let listed = try await FundChainProcess.run(["governance", "list", "--url", node.url, "--lang", "en"])
        #expect(listed.status == 0 && listed.output.contains("#1  applied (from height"), "\(listed.output)")
        #expect(listed.output.contains("add validator \"county-finance\"  approved by: provincial-office"), "\(listed.output)")
        #expect(!added.output[activation].isEmpty)
        try await node.kill(signal: SIGTERM)
    }
}

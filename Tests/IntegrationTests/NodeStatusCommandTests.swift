import EmbeddedNode
import Foundation
import Glibc
import LedgerClient
import Testing
import WorkflowTestSupport

/// `fundchain node status` on a running single-validator node: the health an operator checks,
/// in both languages, before and after a commit.
@Suite(.serialized) struct NodeStatusCommandTests {
    @Test func statusReportsHeightValidationPeersMempoolAndVersion() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-status-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = directory.appendingPathComponent("demo")
        #expect(try await FundChainProcess.run(["genesis", "demo", "--out", demo.path]).status == 0)
        let node = try await RunningNode.start(demo: demo, data: directory.appendingPathComponent("data"), validator: true)
        defer { node.process.terminate() }
        let fresh = try await FundChainProcess.run(["node", "status", "--url", node.url, "--lang", "en"])
        #expect(fresh.status == 0 && fresh.output.contains("height 0 · view - · last commit no block yet"), "\(fresh.output)")

        var environment = ProcessInfo.processInfo.environment
        environment["FUNDCHAIN_PASSPHRASE"] = DemoConsortium.demoPassphrase
        let document = directory.appendingPathComponent("report.txt")
        try Data("验收报告".utf8).write(to: document)
        let stored = try await FundChainProcess.run(["anchor", "store", document.path, "--key", "report/1", "--keystore",
                                                     demo.appendingPathComponent("keys/builder.keystore").path, "--url", node.url], environment: environment)
        #expect(stored.status == 0, "\(stored.output)")
        let status = try await FundChainProcess.run(["node", "status", "--url", node.url, "--lang", "en"])
        #expect(status.status == 0, "\(status.output)")
        #expect(status.output.contains("chain qiandong-demo · version \(NodeVersion.current)"), "\(status.output)")
        #expect(status.output.contains("height 1 · view - · last commit ") && status.output.contains(" ms ago"), "\(status.output)")
        #expect(status.output.contains("validating: yes (validator provincial-office)"), "\(status.output)")
        #expect(status.output.contains("mempool 0 · in sync") && status.output.contains("peers: 0 of 0 connected"), "\(status.output)")
        let chinese = try await FundChainProcess.run(["node", "status", "--url", node.url, "--lang", "zh"])
        #expect(chinese.output.contains("高度 1 · 视图 -") && chinese.output.contains("参与共识：是（验证节点 provincial-office）"), "\(chinese.output)")
        try await node.kill(signal: SIGTERM)
    }
}

import Foundation
import Testing
import WorkflowTestSupport

/// The offline operator commands answer in the language asked for (`--lang zh`): the
/// sentences are Chinese, while what names a thing (paths, JSON paths, keys, hashes) stays as it is.
@Suite struct OperatorLanguageTests {
    @Test func genesisKeysNodeRPCAndReplayAnswerInChinese() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-lang-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = directory.appendingPathComponent("demo")
        let created = try await FundChainProcess.run(["genesis", "demo", "--out", demo.path, "--lang", "zh"])
        #expect(created.status == 0, "\(created.output)")
        let again = try await FundChainProcess.run(["genesis", "demo", "--out", demo.path, "--lang", "zh"])
        #expect(again.status != 0 && again.output.contains("\(demo.path) 已存在，请换一个 --out"), "\(again.output)")
        let badSuite = try await FundChainProcess.run(["keys", "create", "--org", "x", "--suite", "rsa", "--out", directory.appendingPathComponent("x").path,
                                                       "--lang", "zh"])
        #expect(badSuite.status != 0 && badSuite.output.contains("--suite 须为 p256-sha256 或 sm2-sm3"), "\(badSuite.output)")

        let broken = directory.appendingPathComponent("broken.json")
        try Data(#"{"chainID": ""}"#.utf8).write(to: broken)
        let checked = try await FundChainProcess.run(["genesis", "check", broken.path, "--lang", "zh"])
        #expect(checked.status != 0 && checked.output.contains("创世文件 \(broken.path) 无效："), "\(checked.output)")

        let listed = try await FundChainProcess.run(["keys", "list", demo.appendingPathComponent("keys/builder.keystore").path, "--lang", "zh"])
        #expect(listed.status == 0 && listed.output.contains("builder") && listed.output.contains("  演示"), "\(listed.output)")

        let config = directory.appendingPathComponent("node.toml")
        try Data("genesis = \"\(demo.appendingPathComponent("genesis.json").path)\"\n".utf8).write(to: config)
        let node = try await FundChainProcess.run(["node", "--config", config.path, "--lang", "zh"])
        #expect(node.status != 0 && node.output.contains("\(config.path)：未设 data_dir，也未给出 --data-dir"), "\(node.output)")
        let rpc = try await FundChainProcess.run(["rpc", "fc_health", "--url", "ftp://x", "--lang", "zh"])
        #expect(rpc.status != 0 && rpc.output.contains("--url 须形如 http://127.0.0.1:7545"), "\(rpc.output)")

        let replayed = try await FundChainProcess.run(["replay", broken.path, "--lang", "zh"])
        #expect(replayed.status != 0 && replayed.output.contains("\(broken.path) 不是命令日志"), "\(replayed.output)")
    }
}

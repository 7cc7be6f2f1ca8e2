import Foundation
import Testing
import WorkflowTestSupport

/// `fundchain node --config FILE`: a node runs from its config file with the flags overriding
/// it, and a bad file is refused naming the line and key before anything starts.
@Suite(.serialized) struct NodeConfigCommandTests {
    @Test func aBadNodeConfigIsRefusedNamingTheLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-node-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("node.toml")
        try "genesis = genesis.json\ndata_dir = chain\n\ntick_ms = 0\n".write(to: file, atomically: true, encoding: .utf8)
        let refused = try await FundChainProcess.run(["node", "--config", file.path])
        #expect(refused.status != 0)
        #expect(refused.output.contains("\(file.path) line 4: tick_ms must be a whole number 1...10000"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("chain").path), "nothing started")

        try "data_dir = chain\n".write(to: file, atomically: true, encoding: .utf8)
        let incomplete = try await FundChainProcess.run(["node", "--config", file.path])
        #expect(incomplete.status != 0)
        #expect(incomplete.output.contains("\(file.path): genesis is not set and --genesis is not given"), "\(incomplete.output)")
    }

    @Test func aNodeRunsFromItsConfigWithTheFlagsOverridingIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-node-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = directory.appendingPathComponent("demo")
        let created = try await FundChainProcess.run(["genesis", "demo", "--out", demo.path])
        try #require(created.status == 0, "\(created.output)")
        let file = directory.appendingPathComponent("node.toml")
        // Port 1 cannot be bound by a test; the --rpc-port flag must win over the file.
        try """
        genesis = "demo/genesis.json"
        data_dir = "chain"
        keystore = "demo/keys/provincial-office.keystore"
        rpc_listen = "127.0.0.1:1"
        log_level = warning
        """.write(to: file, atomically: true, encoding: .utf8)
        let node = try await RunningNode.launch(["node", "--config", file.path, "--rpc-port", "0"])
        #expect(node.banner.contains("validator provincial-office"), "\(node.banner)")
        #expect(!node.banner.contains("127.0.0.1:1 "), "\(node.banner)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("chain").path), "data_dir is relative to the file")
        try await node.kill(signal: SIGTERM)
    }
}

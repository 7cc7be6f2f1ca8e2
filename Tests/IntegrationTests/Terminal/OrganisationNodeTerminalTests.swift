import EmbeddedNode
import LedgerClient
import Foundation
import Testing
import WorkflowTestSupport

/// `fundchain --config FILE` with a node config: the organisation's own validator runs in the
/// terminal's process (its peers here unreachable), the sign-in screen opens on it, and
/// quitting stops the node cleanly; a bad file is refused naming the line before anything starts.
@Suite(.serialized) struct OrganisationNodeTerminalTests {
    static let validators = ["auditor", "commercial-bank", "provincial-finance", "provincial-office"]

    @Test func theTerminalOpensOnTheOrganisationsOwnNodeAndQuitsCleanly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-org-node-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = directory.appendingPathComponent("demo")
        let created = try await FundChainProcess.run(["genesis", "demo", "--out", demo.path, "--node-certificates", "--validators"] + Self.validators)
        try #require(created.status == 0, "\(created.output)")
        try "\(DemoConsortium.demoPassphrase)\n".write(to: directory.appendingPathComponent("passphrase"), atomically: true, encoding: .utf8)
        var lines = [
            "genesis = \"demo/genesis.json\"", "data_dir = chain", "keystore = demo/keys/provincial-office.keystore",
            "passphrase_file = passphrase", "rpc_listen = \"127.0.0.1:0\"", "peer_listen = \"127.0.0.1:\(try LoopbackPorts.free())\"",
            "node_cert = demo/nodes/provincial-office/node.pem", "node_key = demo/nodes/provincial-office/node-key.pem",
            "keystore_dir = demo/keys", "language = en",
        ]
        // Nothing listens on these ports: the peers are unreachable, and the node keeps dialling.
        for peer in Self.validators.dropLast() { lines.append("peer = \"\(peer)=127.0.0.1:\(try LoopbackPorts.free())\"") }
        let file = directory.appendingPathComponent("node.toml")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        guard let executable = BuiltProducts.executable(named: "fundchain") else { throw CocoaError(.fileNoSuchFile) }

        let terminal = try await TmuxTerminal.start([executable.path, "--config", file.path])
        do {
            let signIn = try await terminal.waitFor("Passphrase", "local node", seconds: 60)
            #expect(signIn.contains("Provincial"), "the organisations come from the node's genesis:\n\(signIn)")
            try await terminal.press("F10")
            try await terminal.waitFor("Quit FundChain?")
            try await terminal.press("Left", "Enter")
            #expect(try await terminal.waitForExit() == 0)
        } catch {
            await terminal.stop()
            throw error
        }
        await terminal.stop()
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("chain").path), "the node kept its chain in data_dir")
    }

    @Test func aBadNodeConfigIsRefusedNamingTheLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-org-node-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("node.toml")
        try "genesis = genesis.json\nlanguage = en\npeer = bank\n".write(to: file, atomically: true, encoding: .utf8)
        let refused = try await FundChainProcess.run(["--config", file.path, "--lang", "en"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("\(file.path) line 3: peer must be ID=HOST:PORT"), "\(refused.output)")
        try "genesis = genesis.json\nnode_url = \"http://127.0.0.1:7545\"\n".write(to: file, atomically: true, encoding: .utf8)
        let mixed = try await FundChainProcess.run(["--config", file.path, "--lang", "en"])
        #expect(mixed.status != 0)
        #expect(mixed.output.contains("\(file.path) line 2: unknown key \"node_url\""), "\(mixed.output)")
    }
}

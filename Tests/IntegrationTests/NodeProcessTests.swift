import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Testing
import WorkflowTestSupport

/// A real `fundchain node` process: it commits transactions submitted over JSON-RPC, survives
/// a SIGKILL in the middle of committing with no committed block lost and none half-applied,
/// and a second process replaying the same stored blocks reaches the same hashes.
@Suite(.serialized) struct NodeProcessTests {
    @Test func aKilledNodeRestartsWithEveryCommittedBlockAndTheSameHashes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-node-process-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = directory.appendingPathComponent("demo")
        let created = try await FundChainProcess.run(["genesis", "demo", "--out", demo.path])
        try #require(created.status == 0, "\(created.output)")
        let data = directory.appendingPathComponent("data")
        let signers = try ["county-hq", "builder", "auditor"].map { id in
            try Keystore.open(try Data(contentsOf: demo.appendingPathComponent("keys/\(id).keystore")), passphrase: DemoConsortium.demoPassphrase)
        }

        let node = try await RunningNode.start(demo: demo, data: data, validator: true)
        var seenHeight: Int64 = 0
        var nonce: UInt64 = 0
        // Bounded load: at most 2,000 transactions, until 5 blocks are committed; then SIGKILL.
        while seenHeight < 5 && nonce < 2_000 {
            for signer in signers {
                nonce += 1
                let body = TransactionBody(chainID: DemoConsortium.chainID, senderID: signer.organisation, nonce: nonce, expiryHeight: 500,
                                           timestampMs: Int64(Date().timeIntervalSince1970 * 1000), payload: .pressureAdd)
                let transaction = try Transaction(signing: body, with: signer.key)
                _ = try await node.client.call("fc_submitTransaction", params: ["transaction": .string(Hex.encode(transaction.canonicalBytes))],
                                               timeout: TestDeadline.seconds(30))
            }
            seenHeight = try await node.client.call("fc_blockCount", timeout: TestDeadline.seconds(30)).int64Value ?? 0
        }
        try #require(seenHeight >= 5, "the node committed \(seenHeight) blocks")
        try await node.kill(signal: SIGKILL)

        let restarted = try await RunningNode.start(demo: demo, data: data, validator: true)
        let tip = try await restarted.client.call("fc_blockCount", timeout: TestDeadline.seconds(30)).int64Value ?? 0
        #expect(tip >= seenHeight, "committed blocks survive the kill")
        let tipBlock = try await restarted.client.call("fc_getBlockByNumber", params: ["height": .integer(tip)], timeout: TestDeadline.seconds(30))
        try await restarted.kill(signal: SIGTERM)

        // A second process over a copy of the data verifies and replays the same chain.
        let copy = directory.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: data, to: copy)
        let reader = try await RunningNode.start(demo: demo, data: copy, validator: false)
        let replayed = try await reader.client.call("fc_getBlockByNumber", params: ["height": .integer(tip)], timeout: TestDeadline.seconds(30))
        #expect(replayed["hash"] == tipBlock["hash"])
        #expect(replayed["header"]?["stateHash"] == tipBlock["header"]?["stateHash"])
        try await reader.kill(signal: SIGTERM)
    }
}

/// A `fundchain node` child process and a JSON-RPC client connected to it.
struct RunningNode {
    let process: Process
    let client: JSONRPCClient
    /// The node's JSON-RPC URL.
    let url: String
    /// The line the node printed when it started.
    let banner: String

    /// Starts a node on the demo genesis and waits for its "rpc http://..." line.
    static func start(demo: URL, data: URL, validator: Bool) async throws -> RunningNode {
        var arguments = ["node", "--genesis", demo.appendingPathComponent("genesis.json").path, "--data-dir", data.path, "--rpc-port", "0"]
        if validator { arguments += ["--keystore", demo.appendingPathComponent("keys/provincial-office.keystore").path] }
        return try await launch(arguments)
    }

    /// Starts `fundchain` with `arguments` and waits for its "rpc http://..." line; its log
    /// (standard error) goes to `logFile` when given.
    static func launch(_ arguments: [String], logFile: URL? = nil) async throws -> RunningNode {
        guard let executable = BuiltProducts.executable(named: "fundchain") else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ["FUNDCHAIN_PASSPHRASE": DemoConsortium.demoPassphrase, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        if let logFile {
            FileManager.default.createFile(atPath: logFile.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: logFile)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        let firstLine = try await BlockingWork.run { () -> String in
            var buffer = Data()
            while !buffer.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
            }
            return String(decoding: buffer, as: UTF8.self)
        }
        guard let range = firstLine.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "node did not start: \(firstLine)"])
        }
        let url = String(firstLine[range])
        guard let endpoint = RPCEndpoint(url: url) else { throw CocoaError(.fileReadCorruptFile) }
        return RunningNode(process: process, client: JSONRPCClient(endpoint: endpoint, bearerToken: nil), url: url, banner: firstLine)
    }

    /// Sends `signal` and waits for the process to end.
    func kill(signal: Int32) async throws {
        await client.close()
        Glibc.kill(process.processIdentifier, signal)
        let process = self.process
        try await BlockingWork.run { process.waitUntilExit() }
    }
}

import Canonical
import Foundation
import NIOConcurrencyHelpers
import Testing
import Workflow
import WorkflowTestSupport

@testable import EmbeddedNode

/// A clock the test moves by hand; the node reads it for block times, batch timeouts and
/// transaction timestamp checks.
final class TestClock: Sendable {
    private let nowBox: NIOLockedValueBox<Int64>

    init(startMs: Int64) { nowBox = NIOLockedValueBox(startMs) }

    /// The current time (UTC ms).
    var nowMs: Int64 { nowBox.withLockedValue { $0 } }

    /// Moves the clock forward.
    func advance(byMs milliseconds: Int64) { nowBox.withLockedValue { $0 += milliseconds } }
}

/// A one-validator chain of `TestConsortium.organisations` (a fresh key each; the provincial
/// office validates), its node in a temporary directory with a `TestClock`, and a JSON-RPC
/// server on 127.0.0.1 (port 0) with `NodeRPCService`, plus a client.
///
/// When `FUNDCHAIN_RPC_TRANSCRIPT` names a file, every call made through `call` is appended to
/// it as request and response JSON: docs/RPC.md's examples come from there.
struct NodeRPCFixture {
    static let chainID = "fundchain-rpc-test"
    static let genesisTime = "2026-11-21T00:00:00Z"
    /// Longer than the longest server-side wait (a 60 s long-poll), so a slow answer is the server's, not a client timeout.
    static let callTimeout = TestDeadline.seconds(90)

    let keys: [String: SigningKey]
    let genesis: Genesis
    let clock: TestClock
    let node: Node
    let test: TestServer
    let directory: URL

    static func start(serverConfiguration: JSONRPCServerConfiguration = JSONRPCServerConfiguration()) async throws -> NodeRPCFixture {
        var keys: [String: SigningKey] = [:]
        for organisation in TestConsortium.organisations { keys[organisation.id] = try SigningKey(generating: .p256SHA256) }
        let entries = TestConsortium.organisations.map { organisation in
            GenesisFile.OrganisationEntry(
                id: organisation.id, kind: organisation.kind.identifier, name: organisation.name, accountNumber: organisation.accountNumber,
                county: organisation.county.isEmpty ? nil : organisation.county, publicKey: Hex.encode(keys[organisation.id]!.publicKey.rawBytes),
                validator: organisation.id == "provincial-office")
        }
        let file = GenesisFile(format: "fundchain-genesis", version: 1, chainID: chainID, cryptoSuite: "p256-sha256",
                               genesisTime: genesisTime, organisations: entries, workflow: nil, consensus: nil)
        let genesis = try Genesis(file: file)
        let clock = TestClock(startMs: genesis.genesisTimeMs + 86_400_000)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("node-rpc-\(UUID().uuidString)")
        let node = try Node(genesis: genesis, dataDirectory: directory, validator: ("provincial-office", keys["provincial-office"]!),
                            nowMs: { clock.nowMs })
        var registry = RPCMethodRegistry()
        NodeRPCService(node: node).register(on: &registry)
        let test = try await TestServer.start(serverConfiguration, registry: registry)
        return NodeRPCFixture(keys: keys, genesis: genesis, clock: clock, node: node, test: test, directory: directory)
    }

    func stop() async {
        await test.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A transaction from `sender`, signed with its key unless `signer` names another's.
    func transaction(_ payload: TransactionPayload, by sender: String, signedBy signer: String? = nil, nonce: UInt64 = .random(in: 1...UInt64.max),
                     chainID: String = NodeRPCFixture.chainID, expiryHeight: Int64 = 100) throws -> Transaction {
        let body = TransactionBody(chainID: chainID, senderID: sender, nonce: nonce, expiryHeight: expiryHeight,
                                   timestampMs: clock.nowMs, payload: payload)
        return try Transaction(signing: body, with: keys[signer ?? sender]!)
    }

    /// Submits through `fc_submitTransaction` and returns the hash hex the node answered.
    func submit(_ transaction: Transaction) async throws -> String {
        let answer = try await call("fc_submitTransaction", ["transaction": .string(Hex.encode(transaction.canonicalBytes))])
        return try #require(answer["hash"]?.stringValue)
    }

    /// Advances the clock past the batch timeout and has the node cut a block.
    @discardableResult
    func produceBlock() async throws -> CommittedBlock {
        clock.advance(byMs: Int64(genesis.consensus.batchTimeoutMs) + 1)
        return try #require(try await node.produceBlockIfDue())
    }

    /// Calls `method` with named params.
    func call(_ method: String, _ params: JSONValue? = nil) async throws -> JSONValue {
        do {
            let result = try await test.client.call(method, params: params, timeout: Self.callTimeout)
            record(method, params, response: ["result": result])
            return result
        } catch {
            if case .rpc(let rpcError) = error { record(method, params, response: ["error": rpcError.jsonValue]) }
            throw error
        }
    }

    /// The JSON-RPC error `method` answers with; fails the test if it succeeds.
    func callError(_ method: String, _ params: JSONValue? = nil) async throws -> RPCError {
        do {
            let result = try await call(method, params)
            Issue.record("\(method) succeeded with \(result), expected an error")
            throw RPCClientError.malformedResponse("unexpected success")
        } catch let RPCClientError.rpc(error) {
            return error
        }
    }

    private func record(_ method: String, _ params: JSONValue?, response: JSONValue) {
        guard let path = ProcessInfo.processInfo.environment["FUNDCHAIN_RPC_TRANSCRIPT"] else { return }
        let request: JSONValue = ["jsonrpc": "2.0", "method": .string(method), "params": params ?? .null, "id": 1]
        let line = "--> \(request)\n<-- \(response)\n"
        guard let handle = FileHandle(forWritingAtPath: path) else {
            _ = FileManager.default.createFile(atPath: path, contents: Data(line.utf8))
            return
        }
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8))
        try? handle.close()
    }
}

extension JSONValue {
    /// The hex string member `key` decoded to bytes.
    func bytes(_ key: String) -> [UInt8]? { self[key]?.stringValue.flatMap(Hex.decode) }
}

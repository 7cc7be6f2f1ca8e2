import EmbeddedNode
import Foundation
import LedgerClient
import NodeTestSupport
import Testing
import Workflow
import WorkflowTestSupport

/// Which ledger a behaviour test runs against.
enum LedgerKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// `InProcessLedger` on the node.
    case inProcess
    /// `RemoteLedger` through a real `JSONRPCServer` on 127.0.0.1 in front of the node.
    case remote

    var testDescription: String { rawValue }
}

/// A one-validator test chain (`TestChain`: every organisation's key, the provincial office
/// validates), its node in a temporary directory on a `ManualClock`, and, for `.remote`, a
/// JSON-RPC server with `NodeRPCService` on port 0 and a client. Ledgers of any organisation
/// are built on it; blocks are cut only when the test calls `produceBlock()`.
struct LedgerTestBed: Sendable {
    let kind: LedgerKind
    let chain: TestChain
    let clock: ManualClock
    let node: Node
    private let directory: URL
    private let server: JSONRPCServer?
    private let client: JSONRPCClient?

    /// Runs `body` on a fresh bed of `kind` and takes the bed down afterwards, also on failure.
    static func with(_ kind: LedgerKind, _ body: (LedgerTestBed) async throws -> Void) async throws {
        let bed = try await start(kind)
        do {
            try await body(bed)
        } catch {
            await bed.stop()
            throw error
        }
        await bed.stop()
    }

    private static func start(_ kind: LedgerKind) async throws -> LedgerTestBed {
        let chain = try TestChain()
        let clock = ManualClock(startMs: TestChain.genesisTimeMs + 86_400_000)
        let directory = TestChain.temporaryDirectory()
        let node = try Node(genesis: chain.genesis, dataDirectory: directory,
                            validator: ("provincial-office", chain.keys["provincial-office"]!), nowMs: { clock.nowMs })
        guard kind == .remote else {
            return LedgerTestBed(kind: kind, chain: chain, clock: clock, node: node, directory: directory, server: nil, client: nil)
        }
        var registry = RPCMethodRegistry()
        NodeRPCService(node: node).register(on: &registry)
        let configuration = NodeRPCService.serverConfiguration(host: "127.0.0.1", port: 0, bearerToken: nil)
        let server = JSONRPCServer(configuration: configuration, registry: registry)
        let port = try await server.start()
        let client = JSONRPCClient(endpoint: RPCEndpoint(host: "127.0.0.1", port: port), bearerToken: nil)
        return LedgerTestBed(kind: kind, chain: chain, clock: clock, node: node, directory: directory, server: server, client: client)
    }

    private func stop() async {
        await client?.close()
        await server?.stop()
        await node.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A ledger signing as `organisationID` with its own key, or with `signer`'s key.
    func ledger(_ organisationID: String, signedBy signer: String? = nil) -> any Ledger {
        let key = chain.keys[signer ?? organisationID] ?? chain.keys["county-hq"]!
        let identity = LedgerIdentity(organisationID: organisationID, key: key)
        let clock = self.clock
        if let client {
            return RemoteLedger(client: client, identity: identity, callTimeout: TestDeadline.seconds(30), nowMs: { clock.nowMs })
        }
        return InProcessLedger(node: node, identity: identity, nowMs: { clock.nowMs })
    }

    /// Moves the clock past the batch timeout and has the node cut a block from what waits.
    @discardableResult
    func produceBlock() async throws -> CommittedBlock {
        clock.advance(byMs: Int64(chain.genesis.consensus.batchTimeoutMs) + 1)
        return try #require(try await node.produceBlockIfDue(), "a block was due")
    }

    /// How long a test waits for something that should happen (scaled for slow machines).
    static let patience = TestDeadline.seconds(30)
}

/// The error `body` throws, recorded as an issue if it succeeds.
func ledgerError<Value>(_ body: () async throws(LedgerError) -> Value) async -> LedgerError? {
    do {
        let value = try await body()
        Issue.record("expected a LedgerError, got \(value)")
        return nil
    } catch {
        return error
    }
}

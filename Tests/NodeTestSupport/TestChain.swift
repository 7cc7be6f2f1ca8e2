import Canonical
import EmbeddedNode
import Foundation
import Synchronization
import Workflow
import WorkflowTestSupport

/// A node clock tests move by hand (UTC ms).
public final class ManualClock: Sendable {
    private let milliseconds: Mutex<Int64>

    /// A clock at `startMs`.
    public init(startMs: Int64) { milliseconds = Mutex(startMs) }

    /// The current time.
    public var nowMs: Int64 { milliseconds.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(byMs delta: Int64) { milliseconds.withLock { $0 += delta } }
}

/// A chain for tests: a signing key for every organisation of `TestConsortium`, a genesis
/// built through the real `GenesisFile` validation, and helpers that sign transactions.
public struct TestChain: Sendable {
    /// The chain's genesis.
    public let genesis: Genesis
    /// Every organisation's signing key.
    public let keys: [String: SigningKey]
    /// The genesis file it came from (tests alter copies of it).
    public let file: GenesisFile
    /// Genesis time: 2026-11-21T00:00:00Z.
    public static let genesisTimeMs: Int64 = 1_795_219_200_000

    /// Builds the chain with `validators` as its validating organisations.
    public init(suite: CryptoSuiteID = .p256SHA256, validators: [String] = ["provincial-office"],
                consensus: ConsensusSettings = ConsensusSettings()) throws {
        var keys: [String: SigningKey] = [:]
        for organisation in TestConsortium.organisations {
            keys[organisation.id] = try SigningKey(generating: suite)
        }
        let entries = TestConsortium.organisations.map { organisation in
            GenesisFile.OrganisationEntry(
                id: organisation.id, kind: organisation.kind.identifier, name: organisation.name, accountNumber: organisation.accountNumber,
                county: organisation.county.isEmpty ? nil : organisation.county, publicKey: Hex.encode(keys[organisation.id]!.publicKey.rawBytes),
                validator: validators.contains(organisation.id))
        }
        file = GenesisFile(format: "fundchain-genesis", version: 1, chainID: "test-chain", cryptoSuite: suite.rawValue,
                           genesisTime: "2026-11-21T00:00:00Z", organisations: entries, workflow: nil, consensus: consensus)
        genesis = try Genesis(file: file)
        self.keys = keys
    }

    /// A signed transaction from `sender`.
    public func transaction(_ payload: TransactionPayload, from sender: String, nonce: UInt64, expiryHeight: Int64 = 100,
                            timestampMs: Int64 = TestChain.genesisTimeMs, chainID: String? = nil) throws -> Transaction {
        let body = TransactionBody(chainID: chainID ?? genesis.chainID, senderID: sender, nonce: nonce, expiryHeight: expiryHeight,
                                   timestampMs: timestampMs, payload: payload)
        return try Transaction(signing: body, with: keys[sender]!)
    }

    /// A fresh temporary data directory, removed by the caller.
    public static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-node-\(UUID().uuidString)")
    }
}

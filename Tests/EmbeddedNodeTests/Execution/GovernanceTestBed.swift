import Canonical
@testable import EmbeddedNode
import Foundation
import NodeTestSupport
import Synchronization
import Workflow

/// Executes blocks of governance transactions against an in-memory key-value store, with the
/// real `BlockExecutor`: what the governance tests run on.
final class GovernanceTestBed: Sendable {
    let genesis: Genesis
    let keys: [String: SigningKey]
    private let store = Mutex<[[UInt8]: [UInt8]]>([:])
    private let nonce = Mutex<UInt64>(0)

    init(genesis: Genesis, keys: [String: SigningKey]) {
        self.genesis = genesis
        self.keys = keys
    }

    /// The committed state.
    func state() throws -> ExecutionState {
        ExecutionState(workflow: try genesis.initialWorkflowState(),
                              readCommitted: { [self] key in store.withLock { $0[key] } },
                              listCommitted: { [self] prefix in
                                  let entries = store.withLock { $0.filter { $0.key.starts(with: prefix) } }
                                  return entries.map { (key: $0.key, value: $0.value) }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
                              })
    }

    /// Executes one block at `height` holding `payloads` from their senders and commits its writes.
    func block(at height: Int64, _ payloads: [(sender: String, payload: TransactionPayload)]) throws -> [Receipt] {
        var state = try state()
        let transactions = try payloads.map { entry in
            let next = nonce.withLock { $0 += 1; return $0 }
            let body = TransactionBody(chainID: genesis.chainID, senderID: entry.sender, nonce: next, expiryHeight: height + 10,
                                       timestampMs: TestChain.genesisTimeMs, payload: entry.payload)
            return try Transaction(signing: body, with: keys[entry.sender]!)
        }
        let execution = BlockExecutor(genesis: genesis).execute(
            transactions, hashes: transactions.map { $0.hash(genesis.suite) }, signatureValid: transactions.map { _ in true },
            height: height, timeMs: TestChain.genesisTimeMs + height * 1000, previousStateHash: genesis.hash, state: &state)
        store.withLock { store in
            for change in execution.changes { store[change.key] = change.value }
        }
        return execution.receipts
    }

    /// The epoch in force at `height` after the blocks executed so far.
    func epoch(at height: Int64) throws -> GovernanceEpoch {
        GovernanceContract.history(in: try state()).epoch(at: height, genesis: genesis)
    }
}

extension Receipt {
    /// The governance refusal, if the transaction was refused by governance.
    var governanceRefusal: GovernanceRefusal? {
        guard case .failure(.governance(let refusal)) = outcome else { return nil }
        return refusal
    }
}

import Canonical
import Workflow

/// What executing one block produced.
public struct BlockExecution: Sendable {
    /// One receipt per transaction, in block order.
    public let receipts: [Receipt]
    /// Events of the block's time step (grace periods, stalls), after its transactions.
    public let blockEvents: [WorkflowEvent]
    /// The key-value writes to store with the block.
    public let changes: [(key: [UInt8], value: [UInt8]?)]
    /// The state hash after the block (see `BlockExecutor`).
    public let stateHash: [UInt8]
}

/// Executes a block's transactions in order against the execution state.
///
/// For each transaction: the sender must be a chain organisation with a key in force at this
/// height, the signature must verify with that key (checked by the caller, in parallel, before
/// execution, since keys change only from the next height), the chain id must match, the
/// expiry height must not have passed and lie within the window, and the (sender, nonce) must
/// not have been committed before; then the payload's contract runs. Each outcome is a receipt;
/// a refused transaction writes nothing except that its nonce is used (so it cannot be replayed).
///
/// State hash: hash("fundchain-state-v1" || previous state hash || hash(write set)), where the
/// write set is the block's key-value changes, receipts and time-step events in canonical form.
/// Execution is deterministic, so this chains a commitment to the whole state history at O(block)
/// cost per block instead of rehashing O(state).
public struct BlockExecutor: Sendable {
    /// The chain.
    public let genesis: Genesis
    private let contracts: [any Contract]
    private let governance: GovernanceContract

    /// Creates an executor with the chain's contracts.
    public init(genesis: Genesis) {
        self.genesis = genesis
        self.contracts = [FundFlowContract(), AnchorContract(), PressureContract(), KeysContract(genesis: genesis)]
        self.governance = GovernanceContract(genesis: genesis)
    }

    /// The keys in force at `height` for each transaction's sender (nil: unknown or revoked), for
    /// signature verification before execution.
    public func signingKeys(for transactions: [Transaction], at height: Int64, state: ExecutionState) -> [PublicKey?] {
        transactions.map { KeysContract.key(of: $0.body.senderID, at: height, genesis: genesis, state: state) }
    }

    /// Executes the transactions of the block at `height` and time `timeMs`.
    /// - Parameters:
    ///   - hashes: each transaction's hash.
    ///   - signatureValid: whether each signature verified with the key in force.
    public func execute(_ transactions: [Transaction], hashes: [[UInt8]], signatureValid: [Bool], height: Int64, timeMs: Int64,
                        previousStateHash: [UInt8], state: inout ExecutionState) -> BlockExecution {
        precondition(transactions.count == hashes.count && hashes.count == signatureValid.count, "one hash and one check per transaction")
        let time = Timestamp(millisecondsSinceEpoch: timeMs)
        expireNonces(at: height, state: &state)
        var receipts: [Receipt] = []
        receipts.reserveCapacity(transactions.count)
        for index in transactions.indices {
            let provenance = Provenance(height: height, time: time, transactionHash: hashes[index])
            let (outcome, note) = executeOne(transactions[index], signatureValid: signatureValid[index], provenance: provenance, state: &state)
            receipts.append(Receipt(transactionHash: hashes[index], height: height, index: index, outcome: outcome, governance: note))
        }
        let blockEvents = state.workflow.endBlock(at: Provenance(height: height, time: time, transactionHash: []))
        let changes = state.takeChanges()
        let stateHash = Self.stateHash(previous: previousStateHash, changes: changes, receipts: receipts, blockEvents: blockEvents, suite: genesis.suite)
        return BlockExecution(receipts: receipts, blockEvents: blockEvents, changes: changes, stateHash: stateHash)
    }

    private func executeOne(_ transaction: Transaction, signatureValid: Bool, provenance: Provenance, state: inout ExecutionState)
        -> (Receipt.Outcome, GovernanceOutcome?)
    {
        switch admit(transaction, signatureValid: signatureValid, provenance: provenance, state: &state) {
        case .failure(let reason): return (.failure(reason), nil)
        case .success(let sender):
            let payload = transaction.body.payload
            if payload.contract == .governance {
                switch governance.run(payload, senderID: sender.id, height: provenance.height, state: &state) {
                case .success(let note): return (.success([]), note)
                case .failure(let refusal): return (.failure(.governance(refusal)), nil)
                }
            }
            let contract = contracts.first { $0.id == payload.contract }!
            switch contract.execute(payload, context: ExecutionContext(sender: sender, provenance: provenance), state: &state) {
            case .success(let events): return (.success(events), nil)
            case .failure(let reason): return (.failure(reason), nil)
            }
        }
    }

    /// The checks every transaction passes before its contract runs; marks its nonce used.
    private func admit(_ transaction: Transaction, signatureValid: Bool, provenance: Provenance, state: inout ExecutionState)
        -> Result<Organisation, RejectionReason>
    {
        let body = transaction.body
        guard body.chainID == genesis.chainID else { return .failure(.wrongChain(body.chainID)) }
        guard let sender = state.workflow.organisation(body.senderID) else { return .failure(.unknownSender(body.senderID)) }
        guard KeysContract.key(of: sender.id, at: provenance.height, genesis: genesis, state: state) != nil else {
            return .failure(.senderKeyRevoked(sender.id))
        }
        guard signatureValid else { return .failure(.badSignature) }
        guard body.expiryHeight >= provenance.height else { return .failure(.expired(expiryHeight: body.expiryHeight)) }
        let window = genesis.consensus.expiryWindowBlocks
        guard body.expiryHeight <= provenance.height + Int64(window) else {
            return .failure(.expiryTooFar(expiryHeight: body.expiryHeight, windowBlocks: window))
        }
        let nonceKey = StateKey.nonce(sender.id, body.nonce)
        guard state.value(nonceKey) == nil else { return .failure(.duplicateNonce) }
        state.set(nonceKey, [1])
        state.set(StateKey.expiry(body.expiryHeight, nonceKey: nonceKey), [1])
        return .success(sender)
    }

    /// Deletes the nonces that expired at the previous height: they can no longer be committed,
    /// so they need not be remembered.
    private func expireNonces(at height: Int64, state: inout ExecutionState) {
        let prefix = StateKey.expiryPrefix(height - 1)
        for key in state.committedKeys(prefix: prefix) {
            state.set(Array(key.dropFirst(prefix.count)), nil)
            state.set(key, nil)
        }
    }

    /// The chained state hash of a block's write set.
    static func stateHash(previous: [UInt8], changes: [(key: [UInt8], value: [UInt8]?)], receipts: [Receipt],
                          blockEvents: [WorkflowEvent], suite: any CryptoSuite) -> [UInt8] {
        var writeSet = CanonicalWriter()
        writeSet.write(changes.count)
        for change in changes {
            writeSet.write(bytes: change.key)
            writeSet.write(change.value != nil)
            if let value = change.value { writeSet.write(bytes: value) }
        }
        writeSet.write(receipts)
        writeSet.write(blockEvents)
        var chained = CanonicalWriter()
        chained.write("fundchain-state-v1")
        chained.write(bytes: previous)
        chained.write(bytes: suite.hash(writeSet.bytes))
        return suite.hash(chained.bytes)
    }
}

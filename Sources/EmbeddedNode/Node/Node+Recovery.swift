import Canonical
import Workflow

extension Node {
    /// Verifies the stored chain and rebuilds the in-memory state from it: each block's header
    /// hash, its link to the previous block (block 1 to the genesis hash), its transactions and
    /// receipts roots, its chained state hash, and its commit certificate against the validators
    /// in force; the fund flow is replayed from the successful transactions and must reproduce
    /// the stored time-step events. The first failure refuses the data directory.
    static func recover(genesis: Genesis, store: BlockStore, executor: BlockExecutor, verifySignatures: Bool) throws(NodeError)
        -> (state: ExecutionState, tip: ChainTip)
    {
        let workflow: WorkflowState
        do { workflow = try genesis.initialWorkflowState() } catch { throw .damagedChain(height: 0, reason: "genesis: \(error)") }
        // A failed read must never look like an absent key (a second anchor, a reused nonce):
        // the node stops, and a restart recovers from what the disk proves.
        var state = ExecutionState(
            workflow: workflow,
            readCommitted: { key in
                do { return try store.stateValue(key: key) } catch { preconditionFailure("state read failed: \(error)") }
            },
            listCommitted: { prefix in
                do { return try store.stateEntries(prefix: prefix) } catch { preconditionFailure("state scan failed: \(error)") }
            })
        var tip = ChainTip(height: 0, hash: genesis.hash, stateHash: genesis.hash, timeMs: genesis.genesisTimeMs, certificate: nil)
        // Read before the walk: storage is not re-entrant while it verifies.
        var keyHistories: [String: KeyHistory] = [:]
        for entry in genesis.organisations { keyHistories[entry.organisation.id] = KeysContract.history(of: entry.organisation.id, in: state) }
        var verifier = ChainVerifier(genesis: genesis, keyHistories: keyHistories, governance: GovernanceContract.history(in: state),
                                     verifySignatures: verifySignatures)
        do {
            try store.verifyChain { stored, _ in
                guard let problem = verifier.check(stored, after: tip, state: &state) else {
                    tip = verifier.lastTip!
                    return nil
                }
                return problem
            }
        } catch {
            if case .damaged(let height, let reason) = error { throw .damagedChain(height: height, reason: reason) }
            throw .storage(error.message(chinese: false))
        }
        return (state, tip)
    }
}

/// Checks one stored block after another and replays the fund flow along the way.
struct ChainVerifier {
    let genesis: Genesis
    /// Every organisation's key history, loaded before the walk (looked up, never iterated).
    let keyHistories: [String: KeyHistory]
    /// The validator sets after genesis (certificates verify with the set in force at their height).
    let governance: GovernanceHistory
    /// Whether to re-verify each transaction's signature.
    let verifySignatures: Bool
    private(set) var lastTip: Node.ChainTip?

    init(genesis: Genesis, keyHistories: [String: KeyHistory], governance: GovernanceHistory, verifySignatures: Bool) {
        self.genesis = genesis
        self.keyHistories = keyHistories
        self.governance = governance
        self.verifySignatures = verifySignatures
    }

    /// The key `organisationID` signed with at `height`.
    func key(of organisationID: String, at height: Int64) -> PublicKey? {
        let genesisKey = genesis.organisations.first { $0.organisation.id == organisationID }?.publicKey
        return (keyHistories[organisationID] ?? KeyHistory(entries: [])).key(at: height, genesisKey: genesisKey, suite: genesis.suiteID)
    }

    mutating func check(_ stored: StoredBlock, after tip: Node.ChainTip, state: inout ExecutionState) -> String? {
        let suite = genesis.suite
        guard let header = try? BlockHeader(canonicalBytes: stored.headerBytes) else { return "header unreadable" }
        guard header.hash(suite) == stored.hash else { return "header hash does not match the stored hash" }
        guard header.height == tip.height + 1, header.previousHash == tip.hash else {
            return tip.height == 0 ? "block 1 does not follow this genesis (another chain's data?)" : "previous hash does not link"
        }
        guard let transactions = try? stored.transactions.map({ try Transaction(canonicalBytes: $0.bytes) }),
              let receipts = try? stored.receipts.map({ try Receipt(canonicalBytes: $0.bytes) }),
              let events = try? BlockEvents(canonicalBytes: stored.blockEventsBytes).events else {
            return "transactions, receipts or events unreadable"
        }
        guard Block.transactionsRoot(transactions, suite: suite) == header.transactionsRoot else { return "transactions root mismatch" }
        guard MerkleTree.root(receipts.map(\.canonicalBytes), hash: suite.hash) == header.receiptsRoot else { return "receipts root mismatch" }
        let changes = stored.stateChanges.map { (key: $0.key, value: $0.value) }
        let stateHash = BlockExecutor.stateHash(previous: tip.stateHash, changes: changes, receipts: receipts, blockEvents: events, suite: suite)
        guard stateHash == header.stateHash, stateHash == stored.stateHash else { return "state hash mismatch" }
        if let problem = checkCertificate(stored, header: header) { return problem }
        if verifySignatures, let problem = checkSignatures(transactions, receipts: receipts, height: header.height) { return problem }
        if let problem = replayFundFlow(transactions, receipts: receipts, events: events, header: header, state: &state) { return problem }
        let certificate = try? CommitCertificate(canonicalBytes: stored.certificateBytes)
        lastTip = Node.ChainTip(height: header.height, hash: stored.hash, stateHash: stateHash, timeMs: header.timestampMs, certificate: certificate)
        return nil
    }

    private func checkCertificate(_ stored: StoredBlock, header: BlockHeader) -> String? {
        guard let certificate = try? CommitCertificate(canonicalBytes: stored.certificateBytes) else { return "commit certificate unreadable" }
        guard certificate.height == header.height, certificate.blockHash == stored.hash else { return "certificate is for another block" }
        let inForce = governance.epoch(at: header.height, genesis: genesis).validators
        guard header.validatorSetHash == inForce.hash(genesis.suite.hash) else { return "validator set hash differs from the set in force" }
        var validators: [String: PublicKey] = [:]
        for member in inForce.members {
            if let key = try? PublicKey(suite: genesis.suiteID, rawBytes: member.signingKey) { validators[member.validatorID] = key }
        }
        return certificate.problem(chainID: genesis.chainID, validators: validators, quorum: inForce.quorum, suite: genesis.suite)
            .map { "commit certificate: \($0)" }
    }

    /// Every transaction the chain accepted as authentic verifies with its sender's key in
    /// force at its height (those refused for their signature, key or chain are skipped).
    private func checkSignatures(_ transactions: [Transaction], receipts: [Receipt], height: Int64) -> String? {
        for (transaction, receipt) in zip(transactions, receipts) {
            switch receipt.outcome {
            case .failure(.badSignature), .failure(.senderKeyRevoked), .failure(.unknownSender), .failure(.wrongChain): continue
            default: break
            }
            guard let key = key(of: transaction.body.senderID, at: height),
                  genesis.suite.verify(signature: transaction.signature, of: transaction.body.canonicalBytes, by: key) else {
                return "transaction \(receipt.index) does not verify with \(transaction.body.senderID)'s key in force at height \(height)"
            }
        }
        return nil
    }

    private func replayFundFlow(_ transactions: [Transaction], receipts: [Receipt], events: [WorkflowEvent], header: BlockHeader,
                                state: inout ExecutionState) -> String? {
        let time = Timestamp(millisecondsSinceEpoch: header.timestampMs)
        for (transaction, receipt) in zip(transactions, receipts) {
            guard case .workflow(let command) = transaction.body.payload, case .success(let expected) = receipt.outcome else { continue }
            let provenance = Provenance(height: header.height, time: time, transactionHash: receipt.transactionHash)
            guard case .success(let replayed) = state.workflow.apply(command, by: transaction.body.senderID, at: provenance),
                  replayed == expected else {
                return "fund flow replay differs at transaction \(receipt.index)"
            }
        }
        let replayedEvents = state.workflow.endBlock(at: Provenance(height: header.height, time: time, transactionHash: []))
        return replayedEvents == events ? nil : "fund flow time-step events differ"
    }
}

import Canonical
import Workflow

/// What the consensus driver asks of the node: pack a proposal from the mempool, commit a
/// certified block, persist the consensus hard state, and serve committed blocks to peers.
extension Node {
    /// The consensus log record kind of a persisted `ConsensusHardState`.
    static let hardStateRecordKind: UInt8 = 1

    /// Whether the mempool holds a batch due for a block now.
    public func batchDue() -> Bool {
        mempool.shouldCutBlock(nowMs: nowMs(), transactionsPerBlockMax: genesis.consensus.transactionsPerBlockMax,
                               batchTimeoutMs: genesis.consensus.batchTimeoutMs)
    }

    /// A block for `template` (this node is its primary) from the oldest waiting transactions,
    /// executed on a copy of the state to fill in the receipts root and state hash; the state
    /// itself changes only when the block commits.
    public func proposalBlock(for template: ProposalTemplate) -> Block {
        precondition(template.height == tip.height + 1 && template.previousHash == tip.hash, "the core proposes on the node's tip")
        mempool.removeExpired(at: template.height)
        let entries = mempool.peek(limit: genesis.consensus.transactionsPerBlockMax)
        let transactions = entries.map(\.transaction)
        let timeMs = max(nowMs(), template.timestampMsMin)
        var scratch = state
        let execution = execute(transactions, hashes: entries.map(\.hash), verifiedWith: entries.map(\.verifiedWith),
                                height: template.height, timeMs: timeMs, state: &scratch)
        let header = BlockHeader(
            chainID: genesis.chainID, height: template.height, previousHash: template.previousHash, timestampMs: timeMs,
            proposerID: template.proposerID, view: template.view,
            transactionsRoot: Block.transactionsRoot(transactions, suite: genesis.suite),
            receiptsRoot: MerkleTree.root(execution.receipts.map(\.canonicalBytes), hash: genesis.suite.hash),
            stateHash: execution.stateHash, validatorSetHash: genesis.validatorSetHash,
            creditScoreTableHash: template.creditScoreTableHash, failedViewPrimaries: template.failedViewPrimaries,
            previousCommitCertificate: template.previousCommitCertificate)
        return Block(header: header, transactions: transactions)
    }

    /// This node's censorship attestation for a proposed `block`: bit i set when its mempool
    /// admitted transaction i at or before `cutoffMs` by this node's clock (`CensorshipIndicator`).
    public func censorshipAttestation(for block: Block, cutoffMs: Int64) -> [UInt8] {
        let admitted = mempool.hashesAdmitted(atOrBeforeMs: cutoffMs)
        guard !admitted.isEmpty else { return [] }
        let suite = genesis.suite
        return CensorshipIndicator.bitmap(count: block.transactions.count) { admitted.contains(block.transactions[$0].hash(suite)) }
    }

    /// Executes and stores a block the consensus certified (2f+1 commit signatures, checked by
    /// the core). Execution is deterministic, so the roots and state hash must be the header's;
    /// if they are not, this node's state can no longer follow the chain: it throws with the
    /// height named, and neither its state nor its storage changes.
    public func commitCertified(_ block: Block, certificate: CommitCertificate) throws(NodeError) -> CommittedBlock {
        let header = block.header
        let suite = genesis.suite
        precondition(header.height == tip.height + 1 && header.previousHash == tip.hash, "certified blocks extend the tip")
        precondition(certificate.blockHash == header.hash(suite), "the certificate is for this block")
        let hashes = block.transactions.map { $0.hash(suite) }
        let cached = Dictionary(mempool.peek(limit: mempool.count).map { ($0.hash, $0.verifiedWith) }, uniquingKeysWith: { first, _ in first })
        // Executed on a copy: a block this node cannot follow leaves its state as it was.
        var next = state
        let execution = execute(block.transactions, hashes: hashes, verifiedWith: hashes.map { cached[$0] },
                                height: header.height, timeMs: header.timestampMs, state: &next)
        guard Block.transactionsRoot(block.transactions, suite: suite) == header.transactionsRoot,
              MerkleTree.root(execution.receipts.map(\.canonicalBytes), hash: suite.hash) == header.receiptsRoot,
              execution.stateHash == header.stateHash else {
            throw .damagedChain(height: header.height, reason: "the certified block's roots or state hash differ from this node's execution")
        }
        state = next
        let committed = CommittedBlock(block: block, hash: certificate.blockHash, receipts: execution.receipts,
                                       blockEvents: execution.blockEvents, certificate: certificate)
        append(committed, execution: execution)
        mempool.remove(hashes: Set(hashes))
        // The hard states of the committed height are no longer needed. A failure here only
        // leaves old records behind (a failing disk stops the node at its next block write).
        try? store.pruneConsensusRecords(belowHeight: header.height + 1)
        return committed
    }

    /// Executes `transactions` at `height`, verifying each signature unless the mempool already
    /// verified it with the key in force.
    func execute(_ transactions: [Transaction], hashes: [[UInt8]], verifiedWith: [PublicKey?], height: Int64, timeMs: Int64,
                         state: inout ExecutionState) -> BlockExecution {
        let suite = genesis.suite
        let keys = executor.signingKeys(for: transactions, at: height, state: state)
        let signatureValid = transactions.indices.map { index in
            guard let key = keys[index] else { return false }
            return key == verifiedWith[index] || suite.verify(signature: transactions[index].signature, of: transactions[index].body.canonicalBytes, by: key)
        }
        return executor.execute(transactions, hashes: hashes, signatureValid: signatureValid, height: height, timeMs: timeMs,
                                previousStateHash: tip.stateHash, state: &state)
    }

    /// Makes the consensus hard state durable (before the votes it covers are sent); one for a
    /// height already committed is skipped.
    public func persistConsensusState(_ hardState: ConsensusHardState) throws(NodeError) {
        // A state for a height already committed no longer matters (the core moved on).
        guard hardState.height == tip.height + 1 else { return }
        do { try store.appendConsensusRecord(height: hardState.height, kind: Self.hardStateRecordKind, bytes: hardState.canonicalBytes) } catch {
            throw .storage(error.message(chinese: false))
        }
    }

    /// The newest persisted hard state for the next height, if any (what a restarted validator
    /// signed before it stopped).
    public func persistedConsensusState() throws(NodeError) -> ConsensusHardState? {
        let records: [(height: Int64, kind: UInt8, bytes: [UInt8])]
        do { records = try store.consensusRecords(fromHeight: tip.height + 1) } catch { throw .storage(error.message(chinese: false)) }
        guard let last = records.last(where: { $0.height == tip.height + 1 && $0.kind == Self.hardStateRecordKind }) else { return nil }
        do { return try ConsensusHardState(canonicalBytes: last.bytes) } catch {
            throw .damagedChain(height: tip.height + 1, reason: "consensus hard state unreadable: \(error)")
        }
    }

    /// Committed blocks from `fromHeight` with their certificates, at most `limit`, for a peer
    /// that is behind.
    public func decidedBlocks(fromHeight: Int64, limit: Int) throws(NodeError) -> [DecidedBlock] {
        guard fromHeight >= 1, fromHeight <= tip.height else { return [] }
        var result: [DecidedBlock] = []
        for height in fromHeight...min(tip.height, fromHeight + Int64(limit) - 1) {
            guard let committed = try block(height: height) else { break }
            result.append(DecidedBlock(block: committed.block, certificate: committed.certificate))
        }
        return result
    }
}

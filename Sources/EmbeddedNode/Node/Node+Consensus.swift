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
    /// itself changes only when the block commits. Waiting transactions that would make the block
    /// invalid (a nonce committed meanwhile, a sender key revoked since admission) leave the
    /// mempool instead. The execution is kept for the commit and the verdict recorded, so the
    /// node's own proposal is not executed again.
    public func proposalBlock(for template: ProposalTemplate) -> Block {
        precondition(template.height == tip.height + 1 && template.previousHash == tip.hash, "the core proposes on the node's tip")
        mempool.removeExpired(at: template.height)
        let timeMs = max(nowMs(), template.timestampMsMin)
        var transactions = mempool.peek(limit: genesis.consensus.transactionsPerBlockMax).map(\.transaction)
        var scratch = state
        var execution = executeVerified(transactions, height: template.height, timeMs: timeMs, state: &scratch)
        let invalid = execution.receipts.filter { receipt in
            if case .failure(let reason) = receipt.outcome { reason.invalidatesBlock } else { false }
        }
        if !invalid.isEmpty {
            // Such a transaction wrote nothing, so the others' outcomes stay the same without it.
            mempool.remove(hashes: Set(invalid.map(\.transactionHash)))
            let dropped = Set(invalid.map(\.index))
            transactions = transactions.indices.filter { !dropped.contains($0) }.map { transactions[$0] }
            scratch = state
            execution = executeVerified(transactions, height: template.height, timeMs: timeMs, state: &scratch)
        }
        let header = BlockHeader(
            chainID: genesis.chainID, height: template.height, previousHash: template.previousHash, timestampMs: timeMs,
            proposerID: template.proposerID, view: template.view,
            transactionsRoot: Block.transactionsRoot(transactions, suite: genesis.suite),
            receiptsRoot: MerkleTree.root(execution.receipts.map(\.canonicalBytes), hash: genesis.suite.hash),
            stateHash: execution.stateHash, validatorSetHash: epoch(at: template.height).validators.hash(genesis.suite.hash),
            creditScoreTableHash: template.creditScoreTableHash, failedViewPrimaries: template.failedViewPrimaries,
            previousCommitCertificate: template.previousCommitCertificate)
        let hash = header.hash(genesis.suite)
        assert(!execution.receipts.contains { if case .failure(let reason) = $0.outcome { reason.invalidatesBlock } else { false } },
               "a proposal carries no transaction that invalidates it")
        keep(ProposalExecution(blockHash: hash, next: scratch, execution: execution))
        proposalValidator.record(blockHash: hash, problem: nil)
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
    /// the core). When this node executed the block before voting, that result is stored;
    /// otherwise (a block fetched in catch-up) it is executed now, trusting the certificate for
    /// the client signatures (`executeVerified(trustingCertificate:)`). Execution is deterministic,
    /// so the roots and state hash must be the header's; if they are not, this node's state can
    /// no longer follow the chain: it throws with the height named, and neither its state nor
    /// its storage changes.
    public func commitCertified(_ block: Block, certificate: CommitCertificate) throws(NodeError) -> CommittedBlock {
        let header = block.header
        let suite = genesis.suite
        precondition(header.height == tip.height + 1 && header.previousHash == tip.hash, "certified blocks extend the tip")
        precondition(certificate.blockHash == header.hash(suite), "the certificate is for this block")
        let next: ExecutionState
        let execution: BlockExecution
        if let kept = keptExecution(blockHash: certificate.blockHash, previousHash: header.previousHash) {
            (next, execution) = (kept.next, kept.execution)
        } else {
            // Executed on a copy: a block this node cannot follow leaves its state as it was.
            var scratch = state
            execution = executeVerified(block.transactions, height: header.height, timeMs: header.timestampMs, state: &scratch,
                                        trustingCertificate: true)
            next = scratch
        }
        guard Block.transactionsRoot(block.transactions, suite: suite) == header.transactionsRoot,
              MerkleTree.root(execution.receipts.map(\.canonicalBytes), hash: suite.hash) == header.receiptsRoot,
              execution.stateHash == header.stateHash else {
            throw .damagedChain(height: header.height, reason: "the certified block's roots or state hash differ from this node's execution")
        }
        state = next
        let committed = CommittedBlock(block: block, hash: certificate.blockHash, receipts: execution.receipts,
                                       blockEvents: execution.blockEvents, certificate: certificate)
        append(committed, execution: execution)
        let hashes = Set(execution.receipts.map(\.transactionHash))
        mempool.remove(hashes: hashes)
        forgetProposals(committedHashes: hashes)
        // The hard states of the committed height are no longer needed. A failure here only
        // leaves old records behind (a failing disk stops the node at its next block write).
        try? store.pruneConsensusRecords(belowHeight: header.height + 1)
        return committed
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

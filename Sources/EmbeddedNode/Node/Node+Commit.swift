import Canonical
import Workflow

extension Node {
    /// Executes `entries` as the next block proposed by `proposer`, certifies and stores it.
    /// A storage failure stops the node (its state is rebuilt from disk on restart).
    func commitBlock(_ entries: [Mempool.Entry], proposer: (id: String, key: SigningKey)) throws(NodeError) -> CommittedBlock {
        let suite = genesis.suite
        let height = tip.height + 1
        let timeMs = max(nowMs(), tip.timeMs)
        let transactions = entries.map(\.transaction)
        let execution = executeVerified(transactions, height: height, timeMs: timeMs, state: &state)
        let header = BlockHeader(
            chainID: genesis.chainID, height: height, previousHash: tip.hash, timestampMs: timeMs, proposerID: proposer.id, view: 0,
            transactionsRoot: Block.transactionsRoot(transactions, suite: suite),
            receiptsRoot: MerkleTree.root(execution.receipts.map(\.canonicalBytes), hash: suite.hash),
            stateHash: execution.stateHash, validatorSetHash: epoch(at: height).validators.hash(suite.hash), creditScoreTableHash: suite.hash([]),
            failedViewPrimaries: [], previousCommitCertificate: tip.certificate)
        let block = Block(header: header, transactions: transactions)
        let hash = header.hash(suite)
        let certificate: CommitCertificate
        do {
            let vote = VotePayload(chainID: genesis.chainID, height: height, view: 0, phase: .commit, blockHash: hash)
            let signature = try proposer.key.sign(vote.canonicalBytes)
            certificate = CommitCertificate(height: height, view: 0, blockHash: hash,
                                            signatures: [ValidatorSignature(validatorID: proposer.id, signature: signature)])
        } catch {
            throw .storage("signing the commit vote failed: \(error)")
        }
        let committed = CommittedBlock(block: block, hash: hash, receipts: execution.receipts, blockEvents: execution.blockEvents,
                                       certificate: certificate)
        append(committed, execution: execution)
        return committed
    }

    /// Stores a certified, executed block in one transaction, moves the tip and tells
    /// subscribers. A storage failure stops the node (its state is rebuilt from disk on restart).
    func append(_ committed: CommittedBlock, execution: BlockExecution) {
        let header = committed.block.header
        precondition(header.height == tip.height + 1 && header.previousHash == tip.hash, "blocks extend the tip")
        do {
            try store.append(StoredBlock(committed, changes: execution.changes, stateHash: execution.stateHash))
        } catch {
            preconditionFailure("block \(header.height) could not be stored (\(error)); restart to recover from disk")
        }
        tip = ChainTip(height: header.height, hash: committed.hash, stateHash: execution.stateHash, timeMs: header.timestampMs,
                       certificate: committed.certificate)
        for continuation in subscribers.values { continuation.yield(committed) }
    }
}

extension StoredBlock {
    /// The stored form of a committed block with its state changes.
    init(_ committed: CommittedBlock, changes: [(key: [UInt8], value: [UInt8]?)], stateHash: [UInt8]) {
        precondition(committed.hash.count == 32, "block hashes are 32 bytes")
        self.init(
            height: committed.block.header.height, hash: committed.hash, previousHash: committed.block.header.previousHash,
            headerBytes: committed.block.header.canonicalBytes, certificateBytes: committed.certificate.canonicalBytes,
            stateHash: stateHash,
            transactions: zip(committed.receipts, committed.block.transactions).map {
                StoredTransaction(hash: $0.transactionHash, bytes: $1.canonicalBytes)
            },
            receipts: committed.receipts.map { StoredReceipt(transactionHash: $0.transactionHash, bytes: $0.canonicalBytes) },
            stateChanges: changes.map { StateChange(key: $0.key, value: $0.value) },
            blockEventsBytes: BlockEvents(committed.blockEvents).canonicalBytes)
    }
}

/// A block's time-step events as one canonical value (stored with the block).
struct BlockEvents: CanonicalCodable {
    let events: [WorkflowEvent]
    init(_ events: [WorkflowEvent]) { self.events = events }
    func encode(to writer: inout CanonicalWriter) { writer.write(events) }
    init(from reader: inout CanonicalReader) throws(CanonicalError) { events = try reader.readArray() }
}

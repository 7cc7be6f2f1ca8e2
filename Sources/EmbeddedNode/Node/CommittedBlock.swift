import Workflow

/// A block as committed: the block, its receipts, the events of its time step, and the commit
/// certificate that proves it. What subscribers receive and what the chain stores.
public struct CommittedBlock: Sendable {
    /// The block.
    public let block: Block
    /// Its hash.
    public let hash: [UInt8]
    /// One receipt per transaction.
    public let receipts: [Receipt]
    /// Events of the block's time step.
    public let blockEvents: [WorkflowEvent]
    /// 2f+1 commit signatures over the block.
    public let certificate: CommitCertificate
}

/// Why a node could not start or serve.
public enum NodeError: Error, Equatable, Sendable {
    /// The data directory's chain is damaged: the height and what is wrong.
    case damagedChain(height: Int64?, reason: String)
    /// The data directory belongs to another chain (its genesis hash differs).
    case wrongChain(expected: String, found: String)
    /// Storage failed (the message says how).
    case storage(String)
    /// The node's validator key does not match its genesis entry.
    case validatorKeyMismatch(String)
}

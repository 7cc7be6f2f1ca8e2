import EmbeddedNode
import Workflow

/// One committed block as a ledger's block stream delivers it: where it is, when, and what
/// became of each of its transactions.
public struct BlockSummary: Hashable, Sendable {
    /// Its height (the first block is 1).
    public let height: Int64
    /// Its hash.
    public let hash: [UInt8]
    /// The block's time (UTC ms), from its header.
    public let timestampMs: Int64
    /// One receipt per transaction, in block order: outcome and fund-flow events.
    public let receipts: [Receipt]
    /// Events of the block's time step: bank records overdue after the grace period, stalled legs.
    public let blockEvents: [WorkflowEvent]

    /// The summary of a block the node committed.
    init(_ committed: CommittedBlock) {
        height = committed.block.header.height
        hash = committed.hash
        timestampMs = committed.block.header.timestampMs
        receipts = committed.receipts
        blockEvents = committed.blockEvents
    }

    /// A summary from its parts (decoded from a node's answer).
    init(header: BlockHeader, hash: [UInt8], receipts: [Receipt], blockEvents: [WorkflowEvent]) {
        height = header.height
        self.hash = hash
        timestampMs = header.timestampMs
        self.receipts = receipts
        self.blockEvents = blockEvents
    }
}

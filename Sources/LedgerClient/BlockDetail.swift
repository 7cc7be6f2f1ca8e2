import EmbeddedNode
import Workflow

/// One committed block in full, for the block explorer: its header, its transactions with
/// their receipts in block order, the time step's events and the commit certificate.
public struct BlockDetail: Hashable, Sendable {
    /// Its hash.
    public let hash: [UInt8]
    /// Its header.
    public let header: BlockHeader
    /// Its transactions, in block order.
    public let transactions: [Transaction]
    /// One receipt per transaction, in the same order (each names its transaction's hash).
    public let receipts: [Receipt]
    /// Events of the block's time step.
    public let blockEvents: [WorkflowEvent]
    /// The validators' signatures that committed it.
    public let certificate: CommitCertificate

    /// Its height.
    public var height: Int64 { header.height }

    /// A block from its parts, checked: one receipt per transaction, the certificate for this
    /// block. Nil when they do not fit together.
    init?(hash: [UInt8], header: BlockHeader, transactions: [Transaction], receipts: [Receipt], blockEvents: [WorkflowEvent],
          certificate: CommitCertificate) {
        guard transactions.count == receipts.count, certificate.blockHash == hash, certificate.height == header.height else { return nil }
        self.hash = hash
        self.header = header
        self.transactions = transactions
        self.receipts = receipts
        self.blockEvents = blockEvents
        self.certificate = certificate
    }

    /// The detail of a block the node committed.
    init(_ committed: CommittedBlock) {
        guard let detail = BlockDetail(hash: committed.hash, header: committed.block.header, transactions: committed.block.transactions,
                                       receipts: committed.receipts, blockEvents: committed.blockEvents, certificate: committed.certificate) else {
            preconditionFailure("a committed block has one receipt per transaction and its own certificate")
        }
        self = detail
    }
}

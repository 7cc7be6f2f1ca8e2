import EmbeddedNode

/// A transaction the node admitted: its hash (for `Ledger.receipt(for:timeout:)`) and the
/// signed transaction itself.
public struct SubmittedTransaction: Hashable, Sendable {
    /// The transaction's hash, as the node computed it.
    public let hash: [UInt8]
    /// The signed transaction.
    public let transaction: Transaction
}

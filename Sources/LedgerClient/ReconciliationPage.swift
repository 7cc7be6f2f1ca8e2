import EmbeddedNode
import Workflow

/// One page of the reconciliation book as a ledger reads it: the entries (each item with its
/// leg and bank record) and how many items the whole book holds.
public struct ReconciliationPage: Hashable, Sendable {
    /// The most entries one page holds (the node's `ff_reconciliation` limit).
    public static let limitMax = Int(NodeRPCService.reconciliationPageLimitMax)

    /// The items in the whole book.
    public let total: Int
    /// The page's entries, in item order.
    public let entries: [ReconciliationEntry]

    /// Creates a page.
    public init(total: Int, entries: [ReconciliationEntry]) {
        self.total = total
        self.entries = entries
    }

    /// Asserts that a page request is one a node answers.
    static func check(offset: Int, limit: Int) {
        precondition(offset >= 0 && (1...limitMax).contains(limit), "a page starts at 0 or later and holds 1...\(limitMax) entries")
    }
}

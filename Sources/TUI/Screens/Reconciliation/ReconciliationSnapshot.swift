import LedgerClient
import Workflow

/// The reconciliation book as the screens show it: every item with both sides, and per
/// outcome class the count and amount.
public struct ReconciliationSnapshot: Sendable, Equatable {
    /// The most entries a screen reads (`entriesMax / ReconciliationPage.limitMax` pages).
    public static let entriesMax = 20_000

    /// The entries, in item order.
    public let entries: [ReconciliationEntry]
    /// How many items the book holds (more than `entries` when it was cut at `entriesMax`).
    public let total: Int

    /// Creates a snapshot.
    public init(entries: [ReconciliationEntry], total: Int) {
        precondition(entries.count <= total, "a snapshot holds at most the book's items")
        self.entries = entries
        self.total = total
    }

    /// The classes in the order the screen lists them: the six outcomes, then awaiting and reversed.
    public static let classes: [ReconciliationOutcome] = [
        .matched, .amountMismatch, .accountMismatch, .legWithoutBankRecord, .bankRecordWithoutLeg, .duplicateSerial,
        .awaitingBankRecord, .paymentReversed,
    ]

    /// The entries of one class.
    public func entries(of outcome: ReconciliationOutcome) -> [ReconciliationEntry] {
        entries.filter { $0.item.outcome == outcome }
    }

    /// One class's figures: its paid legs and its bank records, each counted and summed.
    public struct ClassTotal: Sendable, Equatable {
        /// The class.
        public let outcome: ReconciliationOutcome
        /// The legs (payments on chain) in the class.
        public let paymentCount: Int
        /// Their amount; nil if the sum overflows.
        public let paymentFen: Fen?
        /// The bank records in the class.
        public let recordCount: Int
        /// Their amount; nil if the sum overflows.
        public let recordFen: Fen?
    }

    /// Per class, in `classes` order: payments and bank records, counted and summed apart (a
    /// matched pair is one of each).
    public var totals: [ClassTotal] {
        Self.classes.map { outcome in
            let members = entries(of: outcome)
            let payments = members.filter { if case .leg = $0.item.subject { true } else { false } }
            let records = members.filter { if case .bankRecord = $0.item.subject { true } else { false } }
            return ClassTotal(outcome: outcome, paymentCount: payments.count, paymentFen: Fen.sum(payments.map(\.amountFen)),
                              recordCount: records.count, recordFen: Fen.sum(records.map(\.amountFen)))
        }
    }

    /// Reads the book page by page, up to `entriesMax` entries.
    static func load(from ledger: any Ledger) async throws(LedgerError) -> ReconciliationSnapshot {
        var entries: [ReconciliationEntry] = []
        var total = 0
        repeat {
            let page = try await ledger.reconciliation(offset: entries.count, limit: ReconciliationPage.limitMax)
            total = page.total
            entries += page.entries
            guard !page.entries.isEmpty else { break }
        } while entries.count < min(total, entriesMax)
        return ReconciliationSnapshot(entries: Array(entries.prefix(entriesMax)), total: max(total, entries.count))
    }
}

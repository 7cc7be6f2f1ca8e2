import Canonical

/// One reconciliation item with both of its sides as the chain has them, for the
/// reconciliation screen's classes and drill-down: the paid leg and the bank record matched
/// (or not) by fund serial number.
public struct ReconciliationEntry: Hashable, Sendable, CanonicalCodable {
    /// The item.
    public let item: ReconciliationItem
    /// The leg: the item's own for a leg item; for a record, the leg currently paid with the
    /// record's fund serial, if any.
    public let leg: Leg?
    /// The bank record: the item's own for a record item; for a leg, the first record published
    /// with its fund serial, if any.
    public let record: PublishedBankRecord?

    /// Creates an entry.
    public init(item: ReconciliationItem, leg: Leg?, record: PublishedBankRecord?) {
        self.item = item
        self.leg = leg
        self.record = record
    }

    /// The item's amount: its record's for a record item, its leg's for a leg item.
    public var amountFen: Fen {
        switch item.subject {
        case .bankRecord: record?.record.amountFen ?? .zero
        case .leg: leg?.amountFen ?? .zero
        }
    }

    /// Field order: item, leg, record.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(item)
        writer.write(leg)
        writer.write(record)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        item = try reader.read()
        leg = try reader.readOptional()
        record = try reader.readOptional()
    }
}

extension WorkflowState {
    /// The reconciliation items from `offset` (at most `limit` of them, in book order), each
    /// with both sides, and how many items the book holds.
    public func reconciliationEntries(offset: Int, limit: Int) -> (total: Int, entries: [ReconciliationEntry]) {
        precondition(offset >= 0 && limit >= 1, "a page starts at 0 or later and holds at least one item")
        let items = reconciliation.items
        let start = min(offset, items.count)
        let page = items[start..<min(start + limit, items.count)].map { item -> ReconciliationEntry in
            switch item.subject {
            case .leg(let legID):
                let record = item.fundSerial.flatMap { reconciliation.records(withFundSerial: $0).first }
                return ReconciliationEntry(item: item, leg: leg(legID), record: record)
            case .bankRecord(let recordID):
                let leg = item.fundSerial.flatMap { activeLeg(paidWith: $0) }
                return ReconciliationEntry(item: item, leg: leg, record: reconciliation.records[recordID])
            }
        }
        return (items.count, page)
    }
}

import Canonical

// Canonical encodings of query results, so a client of a node's JSON-RPC decodes the exact
// value from its `canonical` hex instead of reading fields meant for people. Query results
// are never hashed or stored on chain; the encoding only has to round-trip.

extension InboxItem: CanonicalCodable {
    /// Field order: kind (tag), projectID, legID, stageIndex, reconciliationItemID, amountFen, since.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(UInt8(kind.rawValue))
        writer.write(projectID)
        writer.write(legID)
        writer.write(stageIndex.map(Int64.init))
        writer.write(reconciliationItemID.map(Int64.init))
        writer.write(amountFen)
        writer.write(since)
    }

    /// Reads the fields in `encode(to:)` order, refusing unknown kinds.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let tag = try reader.readUInt8()
        guard let kind = Kind(rawValue: Int(tag)) else { throw .invalidTag(offset: start, tag: UInt64(tag), type: "InboxItem.Kind") }
        self.kind = kind
        projectID = try reader.readOptionalString(limit: 64)
        legID = try reader.readOptional()
        stageIndex = try reader.readOptional(Int64.self).map { Int($0) }
        reconciliationItemID = try reader.readOptional(Int64.self).map { Int($0) }
        amountFen = try reader.readOptional()
        since = try reader.readOptional()
    }
}

extension BalanceAdjustmentStatement: CanonicalCodable {
    /// Field order: accountNumber, bank, opening and book balances (optional), then the
    /// book-only credits and debits and the bank-only credits and debits.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(accountNumber)
        writer.write(bankBalanceFen)
        writer.write(openingBalanceFen)
        writer.write(bookBalanceFen)
        writer.write(bookOnlyCreditsFen)
        writer.write(bookOnlyDebitsFen)
        writer.write(bankOnlyCreditsFen)
        writer.write(bankOnlyDebitsFen)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        accountNumber = try reader.readString(limit: 64)
        bankBalanceFen = try reader.readOptional()
        openingBalanceFen = try reader.readOptional()
        bookBalanceFen = try reader.readOptional()
        bookOnlyCreditsFen = try reader.read()
        bookOnlyDebitsFen = try reader.read()
        bankOnlyCreditsFen = try reader.read()
        bankOnlyDebitsFen = try reader.read()
    }
}

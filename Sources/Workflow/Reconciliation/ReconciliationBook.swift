import Canonical

/// The reconciliation on chain: every published bank record and one item per paid leg and per
/// bank record, classified as soon as both sides exist and again whenever either side changes
/// (SPEC section 4). Everyone holds the same book, so everyone sees the same differences.
///
/// Matching is by fund serial number. A transfer appears on the payer's statement (debit) and
/// on the payee's (credit); records of one serial from different accounts corroborate each
/// other, while two records of one serial on the same account are a duplicate.
public struct ReconciliationBook: Sendable {
    /// Every published record, in publication order.
    public private(set) var records: [PublishedBankRecord] = []
    /// Every item, in creation order; an item's id is its position.
    public private(set) var items: [ReconciliationItem] = []
    /// SHA-256 (hex) of every statement whose first part was published, in order.
    public private(set) var statementHashes: [String] = []
    /// Statements with parts still to come, in order of their first part.
    public private(set) var pendingStatements: [PendingStatement] = []

    // Indexes, rebuilt from the arrays on decode; never iterated to produce state.
    private var recordIDsByFundSerial: [String: [Int]] = [:]
    private var firstRecordIDByBankSerial: [String: Int] = [:]
    private var itemIDByRecordID: [Int: Int] = [:]
    private var latestItemIDByLeg: [LegID: Int] = [:]
    private var knownStatementHashes: Set<String> = []
    /// Items awaiting a bank record, oldest payment first (block times never decrease).
    private var awaitingItemIDs: [Int] = []
    private var awaitingCursor = 0

    /// An empty book.
    public init() {}

    /// Whether a statement with this hash was imported (wholly or in part).
    public func hasStatement(_ hash: String) -> Bool { knownStatementHashes.contains(hash) }

    /// The pending statement with this hash, if parts of it are still to come.
    public func pendingStatement(_ hash: String) -> PendingStatement? { pendingStatements.first { $0.statementHash == hash } }

    /// The record published with this bank serial on this account, if any.
    public func record(account: String, bankSerial: String) -> PublishedBankRecord? {
        firstRecordIDByBankSerial[Self.bankSerialKey(account, bankSerial)].map { records[$0] }
    }

    /// The latest item for a leg's payment, if the leg was ever paid.
    public func item(forLeg leg: LegID) -> ReconciliationItem? { latestItemIDByLeg[leg].map { items[$0] } }

    /// The item for a published record.
    public func item(forRecord recordID: Int) -> ReconciliationItem? { itemIDByRecordID[recordID].map { items[$0] } }

    /// The records published with this fund serial.
    public func records(withFundSerial serial: String) -> [PublishedBankRecord] {
        (recordIDsByFundSerial[serial] ?? []).map { records[$0] }
    }

    static func bankSerialKey(_ account: String, _ serial: String) -> String { "\(account)|\(serial)" }

    // MARK: Changes (called by WorkflowState after it validated the command)

    /// Records that `part` of the statement `hash` was published (the caller checked the order).
    mutating func recordPart(_ part: StatementPart, of hash: String, account: String) {
        if part.index == 0 {
            precondition(!knownStatementHashes.contains(hash), "statement imported twice")
            statementHashes.append(hash)
            knownStatementHashes.insert(hash)
            if part.count > 1 { pendingStatements.append(PendingStatement(statementHash: hash, accountNumber: account, nextIndex: 1, count: part.count)) }
            return
        }
        guard let position = pendingStatements.firstIndex(where: { $0.statementHash == hash }) else {
            preconditionFailure("a later part of a statement that is not pending")
        }
        precondition(pendingStatements[position].nextIndex == part.index, "statement parts out of order")
        pendingStatements[position].nextIndex += 1
        if pendingStatements[position].nextIndex == pendingStatements[position].count { pendingStatements.remove(at: position) }
    }

    /// Adds a record unless an identical one is already published (overlapping statements).
    /// Returns the new record's id, or nil when it was already known.
    mutating func addRecord(_ record: BankRecord, publisherID: String, statementHash: String, at provenance: Provenance) -> Int? {
        let key = Self.bankSerialKey(record.accountNumber, record.bankSerial)
        if let first = firstRecordIDByBankSerial[key], records[first].record == record { return nil }
        let id = records.count
        records.append(PublishedBankRecord(id: id, record: record, publisherID: publisherID, statementHash: statementHash, provenance: provenance))
        // A bank serial published again with other contents is a duplicate from the start.
        let conflicting = firstRecordIDByBankSerial[key] != nil
        if !conflicting { firstRecordIDByBankSerial[key] = id }
        if let serial = record.fundSerial { recordIDsByFundSerial[serial, default: []].append(id) }
        let itemID = appendItem(.bankRecord(id), fundSerial: record.fundSerial, outcome: conflicting ? .duplicateSerial : .bankRecordWithoutLeg,
                                since: provenance.time, subjectTime: record.time)
        itemIDByRecordID[id] = itemID
        return id
    }

    /// Adds an item for a leg just paid; it starts awaiting its bank record.
    mutating func addLegPayment(_ leg: LegID, fundSerial: String, at time: Timestamp) {
        let itemID = appendItem(.leg(leg), fundSerial: fundSerial, outcome: .awaitingBankRecord, since: time, subjectTime: time)
        latestItemIDByLeg[leg] = itemID
        awaitingItemIDs.append(itemID)
    }

    /// Marks a leg's latest payment reversed.
    mutating func reverseLegPayment(_ leg: LegID, at time: Timestamp) -> [WorkflowEvent] {
        guard let itemID = latestItemIDByLeg[leg] else { preconditionFailure("reversal of a leg never paid") }
        return setOutcome(itemID, .paymentReversed, at: time)
    }

    /// Records a resolution on an open exception.
    mutating func resolve(_ itemID: Int, _ resolution: Resolution) {
        precondition(items[itemID].isOpenException, "resolution of an item that is not an open exception")
        items[itemID].resolution = resolution
    }

    /// Reclassifies every item of `serial` against the leg currently paid with it.
    /// - Parameters:
    ///   - activeLeg: the paid or confirmed leg whose current fund serial is `serial`, if any.
    ///   - graceSeconds: how long a paid leg may await its bank record.
    mutating func reclassify(serial: String, activeLeg: Leg?, now: Timestamp, graceSeconds: Int64) -> [WorkflowEvent] {
        let published = records(withFundSerial: serial)
        var events: [WorkflowEvent] = []
        var legOutcome: ReconciliationOutcome = .matched
        for entry in published {
            let outcome = classify(entry, among: published, against: activeLeg)
            events += setOutcome(itemIDByRecordID[entry.id]!, outcome, at: now)
            legOutcome = Self.worse(legOutcome, outcome == .bankRecordWithoutLeg ? .matched : outcome)
        }
        if let activeLeg, let itemID = latestItemIDByLeg[activeLeg.id] {
            if published.isEmpty {
                let paidTime = items[itemID].subjectTime
                legOutcome = now.seconds(since: paidTime) >= graceSeconds ? .legWithoutBankRecord : .awaitingBankRecord
            }
            events += setOutcome(itemID, legOutcome, at: now)
        }
        return events
    }

    /// Moves items whose grace period ended at `now` from awaiting to missing.
    mutating func expireGrace(now: Timestamp, graceSeconds: Int64) -> [WorkflowEvent] {
        var events: [WorkflowEvent] = []
        while awaitingCursor < awaitingItemIDs.count {
            let itemID = awaitingItemIDs[awaitingCursor]
            guard items[itemID].outcome == .awaitingBankRecord else {
                awaitingCursor += 1
                continue
            }
            guard now.seconds(since: items[itemID].subjectTime) >= graceSeconds else { break }
            events += setOutcome(itemID, .legWithoutBankRecord, at: now)
            awaitingCursor += 1
        }
        return events
    }

    private func classify(_ entry: PublishedBankRecord, among published: [PublishedBankRecord], against leg: Leg?) -> ReconciliationOutcome {
        let record = entry.record
        let key = Self.bankSerialKey(record.accountNumber, record.bankSerial)
        if firstRecordIDByBankSerial[key] != entry.id { return .duplicateSerial }
        if published.contains(where: { $0.id != entry.id && $0.record.accountNumber == record.accountNumber }) {
            return .duplicateSerial
        }
        guard let leg else { return .bankRecordWithoutLeg }
        if record.amountFen != leg.amountFen { return .amountMismatch }
        let payerMatches = record.payerAccount.isEmpty || record.payerAccount == leg.payerAccount
        let payeeMatches = record.payeeAccount.isEmpty || record.payeeAccount == leg.payeeAccount
        return payerMatches && payeeMatches ? .matched : .accountMismatch
    }

    /// The more serious of two outcomes for a leg with several records.
    private static func worse(_ first: ReconciliationOutcome, _ second: ReconciliationOutcome) -> ReconciliationOutcome {
        let severity: [ReconciliationOutcome] = [.matched, .accountMismatch, .amountMismatch, .duplicateSerial]
        let firstRank = severity.firstIndex(of: first) ?? 0
        let secondRank = severity.firstIndex(of: second) ?? 0
        return secondRank > firstRank ? second : first
    }

    private mutating func appendItem(_ subject: ReconciliationSubject, fundSerial: String?, outcome: ReconciliationOutcome,
                                     since: Timestamp, subjectTime: Timestamp) -> Int {
        let id = items.count
        items.append(ReconciliationItem(id: id, subject: subject, fundSerial: fundSerial, outcome: outcome, since: since, subjectTime: subjectTime))
        return id
    }

    private mutating func setOutcome(_ itemID: Int, _ outcome: ReconciliationOutcome, at time: Timestamp) -> [WorkflowEvent] {
        guard items[itemID].outcome != outcome else { return [] }
        items[itemID].outcome = outcome
        items[itemID].outcomeSince = time
        return [.reconciliationChanged(itemID: itemID, outcome: outcome)]
    }
}

extension ReconciliationBook: CanonicalCodable {
    /// Field order: records, items, statementHashes, pendingStatements. Indexes are derived,
    /// not encoded.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(records)
        writer.write(items)
        writer.write(statementHashes)
        writer.write(pendingStatements)
    }

    /// Reads the arrays and rebuilds the indexes from them.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        self.init()
        records = try reader.readArray()
        items = try reader.readArray()
        statementHashes = try reader.readStringArray(stringLimit: 128)
        pendingStatements = try reader.readArray()
        for entry in records {
            let key = Self.bankSerialKey(entry.record.accountNumber, entry.record.bankSerial)
            if firstRecordIDByBankSerial[key] == nil { firstRecordIDByBankSerial[key] = entry.id }
            if let serial = entry.record.fundSerial { recordIDsByFundSerial[serial, default: []].append(entry.id) }
        }
        for item in items {
            switch item.subject {
            case .bankRecord(let recordID): itemIDByRecordID[recordID] = item.id
            case .leg(let leg):
                latestItemIDByLeg[leg] = item.id
                if item.outcome == .awaitingBankRecord { awaitingItemIDs.append(item.id) }
            }
        }
        knownStatementHashes = Set(statementHashes)
    }
}

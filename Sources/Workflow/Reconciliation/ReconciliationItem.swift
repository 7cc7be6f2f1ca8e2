import Canonical

/// How a leg or a bank record stands against the other side (SPEC section 4).
public enum ReconciliationOutcome: UInt8, CaseIterable, Sendable, CanonicalCodable {
    /// The bank record and the leg agree on serial, amount and accounts.
    case matched = 1
    /// Same fund serial, different amount.
    case amountMismatch = 2
    /// Same fund serial and amount, different payer or payee account.
    case accountMismatch = 3
    /// A paid leg with no bank record after the grace period.
    case legWithoutBankRecord = 4
    /// A bank record whose fund serial matches no paid leg (or that carries none).
    case bankRecordWithoutLeg = 5
    /// The same fund serial appears more than once on one account's records, or one bank serial
    /// was published twice with different contents.
    case duplicateSerial = 6
    /// A paid leg still inside the grace period, waiting for its bank record; not an exception.
    case awaitingBankRecord = 7
    /// The leg's payment was reversed; its bank record, if any, now stands alone.
    case paymentReversed = 8

    /// Whether the outcome is a difference someone must look at.
    public var isException: Bool { self != .matched && self != .awaitingBankRecord && self != .paymentReversed }

    /// The outcome for a person.
    public func name(_ language: Language) -> String {
        switch self {
        case .matched: language.pick("已匹配", "Matched")
        case .amountMismatch: language.pick("金额不符", "Amount mismatch")
        case .accountMismatch: language.pick("账户不符", "Account mismatch")
        case .legWithoutBankRecord: language.pick("链上有、银行无", "On chain, no bank record")
        case .bankRecordWithoutLeg: language.pick("银行有、链上无", "Bank record, no leg")
        case .duplicateSerial: language.pick("流水号重复", "Duplicate serial")
        case .awaitingBankRecord: language.pick("等待银行流水", "Awaiting bank record")
        case .paymentReversed: language.pick("拨付已冲正", "Payment reversed")
        }
    }

    /// Writes the tag.
    public func encode(to writer: inout CanonicalWriter) { writer.write(rawValue) }
    /// Reads a tag, refusing unknown ones.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) { self = try readTag(&reader, "ReconciliationOutcome") }
}

/// What a reconciliation item is about: a paid leg, or a published bank record.
public enum ReconciliationSubject: Hashable, Sendable, CanonicalCodable {
    /// A leg that was paid with a fund serial number.
    case leg(LegID)
    /// A published bank record, by its number in the book.
    case bankRecord(Int)

    /// Tag (1 leg, 2 bank record), then the identifier.
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .leg(let leg): writer.write(UInt8(1)); writer.write(leg)
        case .bankRecord(let record): writer.write(UInt8(2)); writer.write(record)
        }
    }

    /// Reads a tag and its identifier.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        switch try reader.readUInt8() {
        case 1: self = .leg(try reader.read())
        case 2: self = .bankRecord(try reader.readInt())
        case let tag: throw .invalidTag(offset: start, tag: UInt64(tag), type: "ReconciliationSubject")
        }
    }
}

/// An explained, authorised resolution of a difference. The difference stays on record.
public struct Resolution: Hashable, Sendable, CanonicalCodable {
    /// Who resolved it.
    public let resolverID: String
    /// Why the difference is acceptable or how it was settled.
    public let explanation: String
    /// Where on chain.
    public let provenance: Provenance

    /// Field order: resolverID, explanation, provenance.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(resolverID)
        writer.write(explanation)
        writer.write(provenance)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        resolverID = try reader.readString(limit: 64)
        explanation = try reader.readString(limit: 4096)
        provenance = try reader.read()
    }

    init(resolverID: String, explanation: String, provenance: Provenance) {
        self.resolverID = resolverID
        self.explanation = explanation
        self.provenance = provenance
    }
}

/// One line of the reconciliation: a leg or bank record, its current outcome, since when,
/// and its resolution if someone resolved it.
public struct ReconciliationItem: Hashable, Sendable, CanonicalCodable {
    /// The item's number (its position in the book).
    public let id: Int
    /// What it is about.
    public let subject: ReconciliationSubject
    /// The fund serial number it is matched by, if any.
    public let fundSerial: String?
    /// The current classification.
    public internal(set) var outcome: ReconciliationOutcome
    /// When the current classification began (block time).
    public internal(set) var outcomeSince: Timestamp
    /// When the subject happened: the leg's payment or the bank's booking time.
    public let subjectTime: Timestamp
    /// The resolution, if resolved.
    public internal(set) var resolution: Resolution?

    init(id: Int, subject: ReconciliationSubject, fundSerial: String?, outcome: ReconciliationOutcome,
         since: Timestamp, subjectTime: Timestamp) {
        self.id = id
        self.subject = subject
        self.fundSerial = fundSerial
        self.outcome = outcome
        self.outcomeSince = since
        self.subjectTime = subjectTime
        self.resolution = nil
    }

    /// Whether it is an exception nobody has resolved yet.
    public var isOpenException: Bool { outcome.isException && resolution == nil }

    /// Field order: as declared.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(subject)
        writer.write(fundSerial)
        writer.write(outcome)
        writer.write(outcomeSince)
        writer.write(subjectTime)
        writer.write(resolution)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        id = try reader.readInt()
        subject = try reader.read()
        fundSerial = try reader.readOptionalString(limit: 128)
        outcome = try reader.read()
        outcomeSince = try reader.read()
        subjectTime = try reader.read()
        resolution = try reader.readOptional()
    }
}

/// A bank record as published on chain: the record, who published it, from which statement.
public struct PublishedBankRecord: Hashable, Sendable, CanonicalCodable {
    /// Its number in the book.
    public let id: Int
    /// The record.
    public let record: BankRecord
    /// The bank that published it.
    public let publisherID: String
    /// SHA-256 (hex) of the statement file it came from.
    public let statementHash: String
    /// Where on chain.
    public let provenance: Provenance

    init(id: Int, record: BankRecord, publisherID: String, statementHash: String, provenance: Provenance) {
        self.id = id
        self.record = record
        self.publisherID = publisherID
        self.statementHash = statementHash
        self.provenance = provenance
    }

    /// Field order: as declared.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(record)
        writer.write(publisherID)
        writer.write(statementHash)
        writer.write(provenance)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        id = try reader.readInt()
        record = try reader.read()
        publisherID = try reader.readString(limit: 64)
        statementHash = try reader.readString(limit: 128)
        provenance = try reader.read()
    }
}

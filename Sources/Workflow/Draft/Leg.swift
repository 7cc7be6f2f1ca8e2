import Canonical

/// Identifies one leg: the draft's number and the leg's 0-based index ("HP2026000001-3").
public struct LegID: Hashable, Sendable, Comparable, CanonicalCodable, CustomStringConvertible {
    /// The draft's number.
    public let draftNumber: String
    /// The leg's position in the draft.
    public let index: Int

    /// Creates a leg identifier.
    public init(draftNumber: String, index: Int) {
        self.draftNumber = draftNumber
        self.index = index
    }

    /// "HP2026000001-3".
    public var description: String { "\(draftNumber)-\(index)" }

    public static func < (lhs: LegID, rhs: LegID) -> Bool { (lhs.draftNumber, lhs.index) < (rhs.draftNumber, rhs.index) }

    /// Field order: draftNumber, index.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(draftNumber)
        writer.write(index)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        draftNumber = try reader.readString(limit: 64)
        index = try reader.readInt(limit: DigitalDraft.legsMax)
    }
}

/// Why a leg exists.
public enum LegPurpose: Hashable, Sendable, CanonicalCodable {
    /// A row of the tranche table (its rule identifier).
    case tranche(String)
    /// The payment for a stage of the fund plan (0-based stage index).
    case stage(Int)
    /// A refund to a funder after the draft was cancelled.
    case refund

    /// Tag (1 tranche, 2 stage, 3 refund) then the parameter.
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .tranche(let rule): writer.write(UInt8(1)); writer.write(rule)
        case .stage(let index): writer.write(UInt8(2)); writer.write(index)
        case .refund: writer.write(UInt8(3))
        }
    }

    /// Reads a tag and its parameter.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        switch try reader.readUInt8() {
        case 1: self = .tranche(try reader.readString(limit: 64))
        case 2: self = .stage(try reader.readInt(limit: DigitalDraft.legsMax))
        case 3: self = .refund
        case let tag: throw .invalidTag(offset: start, tag: UInt64(tag), type: "LegPurpose")
        }
    }
}

/// One entry in a leg's history. Nothing is edited: every change appends an entry.
public struct LegEntry: Hashable, Sendable, CanonicalCodable {
    /// What happened.
    public enum Action: UInt8, Sendable, CaseIterable {
        case created = 1, paid, confirmed, reversed, cancelled, stalled
    }

    /// What happened.
    public let action: Action
    /// Who did it (organisation identifier; empty for per-block steps).
    public let actorID: String
    /// The fund serial number, for payments.
    public let fundSerial: String?
    /// The reason, for reversals and cancellations.
    public let reason: String?
    /// Where on chain.
    public let provenance: Provenance

    /// Creates an entry.
    public init(action: Action, actorID: String, fundSerial: String? = nil, reason: String? = nil, provenance: Provenance) {
        self.action = action
        self.actorID = actorID
        self.fundSerial = fundSerial
        self.reason = reason
        self.provenance = provenance
    }

    /// Field order: action, actorID, fundSerial?, reason?, provenance.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(action.rawValue)
        writer.write(actorID)
        writer.write(fundSerial)
        writer.write(reason)
        writer.write(provenance)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        action = try readTag(&reader, "LegEntry.Action")
        actorID = try reader.readString(limit: 64)
        fundSerial = try reader.readOptionalString(limit: 128)
        reason = try reader.readOptionalString(limit: 4096)
        provenance = try reader.read()
    }
}

/// One payment of a draft from a payer to a payee: amount, accounts, status, fund serial
/// number and its whole history.
public struct Leg: Hashable, Sendable, CanonicalCodable {
    /// The leg's identifier.
    public let id: LegID
    /// Why it exists.
    public let purpose: LegPurpose
    /// The paying organisation.
    public let payerID: String
    /// The receiving organisation.
    public let payeeID: String
    /// The account money leaves.
    public let payerAccount: String
    /// The account money reaches.
    public let payeeAccount: String
    /// How much.
    public let amountFen: Fen
    /// Where it stands.
    public internal(set) var status: LegStatus
    /// The fund serial number of the current payment, if paid.
    public internal(set) var fundSerial: String?
    /// Since when the payer could pay it (it holds the money and the stage is released).
    public internal(set) var payableSince: Timestamp?
    /// When it was reported stalled, if it was.
    public internal(set) var stalledSince: Timestamp?
    /// Every change, oldest first.
    public internal(set) var history: [LegEntry]

    /// Creates a pending leg with its creation entry.
    init(id: LegID, purpose: LegPurpose, payer: Organisation, payee: Organisation, payeeAccount: String,
         amountFen: Fen, provenance: Provenance) {
        precondition(amountFen.value > 0, "a leg moves a positive amount")
        self.id = id
        self.purpose = purpose
        self.payerID = payer.id
        self.payeeID = payee.id
        self.payerAccount = payer.accountNumber
        self.payeeAccount = payeeAccount
        self.amountFen = amountFen
        self.status = .pending
        self.fundSerial = nil
        self.payableSince = nil
        self.stalledSince = nil
        self.history = [LegEntry(action: .created, actorID: "", provenance: provenance)]
    }

    /// When it was last paid, if it is paid or confirmed.
    public var paidAt: Provenance? {
        guard status.hasMoved else { return nil }
        return history.last(where: { $0.action == .paid })?.provenance
    }

    /// Field order: as declared.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(purpose)
        writer.write(payerID)
        writer.write(payeeID)
        writer.write(payerAccount)
        writer.write(payeeAccount)
        writer.write(amountFen)
        writer.write(status)
        writer.write(fundSerial)
        writer.write(payableSince)
        writer.write(stalledSince)
        writer.write(history)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        id = try reader.read()
        purpose = try reader.read()
        payerID = try reader.readString(limit: 64)
        payeeID = try reader.readString(limit: 64)
        payerAccount = try reader.readString(limit: 64)
        payeeAccount = try reader.readString(limit: 64)
        amountFen = try reader.read()
        status = try reader.read()
        fundSerial = try reader.readOptionalString(limit: 128)
        payableSince = try reader.readOptional()
        stalledSince = try reader.readOptional()
        history = try reader.readArray(limit: 4096)
    }
}

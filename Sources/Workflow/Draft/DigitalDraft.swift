import Canonical

/// The digital draft (数字汇票): the on-chain instance that represents a project's approved
/// money A and records, at every moment, who holds how much of it. It is issued by the
/// provincial office on approval, and its legs carry the money from the funders through the
/// tranche table to the county fund company and, stage by stage, to the implementing unit.
///
/// Holdings: before anything is paid, each funder holds its share of A (what it owes); a paid
/// leg moves its amount from payer to payee. The holdings therefore always sum to exactly A,
/// and `holdings()` asserts it.
public struct DigitalDraft: Hashable, Sendable, CanonicalCodable {
    /// "HP2026000001": 汇票, the year of issue (China Standard Time) and a chain-wide sequence.
    public let number: String
    /// The project it pays for.
    public let projectID: String
    /// A: the reserved amount the provincial office approved.
    public let amountFen: Fen
    /// The provincial office that issued it.
    public let issuedByID: String
    /// Where on chain it was issued.
    public let issuedAt: Provenance
    /// Where it stands.
    public internal(set) var status: DraftStatus
    /// Every leg, in creation order; a leg's index is its position.
    public internal(set) var legs: [Leg]
    /// The cancellation's reason, if cancelled.
    public internal(set) var cancellationReason: String?

    /// The most legs one draft may have (tranches, stages of revised plans, refunds).
    public static let legsMax = 64

    init(number: String, projectID: String, amountFen: Fen, issuedByID: String, issuedAt: Provenance) {
        self.number = number
        self.projectID = projectID
        self.amountFen = amountFen
        self.issuedByID = issuedByID
        self.issuedAt = issuedAt
        self.status = .active
        self.legs = []
        self.cancellationReason = nil
    }

    /// Who holds how much of A now, by organisation identifier, in order of first appearance
    /// in the legs. Organisations holding zero are included once they took part.
    public func holdings() -> [(organisationID: String, amountFen: Fen)] {
        holdings { $0.status.hasMoved }
    }

    /// Who held how much of A at the end of the block at `time`, replayed from the legs'
    /// histories (a leg had moved if its last payment or reversal up to then was a payment).
    /// Legs created later did not exist then; before issue everything is with the funders.
    public func holdings(at time: Timestamp) -> [(organisationID: String, amountFen: Fen)] {
        holdings { leg in
            let entries = leg.history.filter { $0.provenance.time <= time && ($0.action == .paid || $0.action == .reversed) }
            return entries.last?.action == .paid
        }
    }

    private func holdings(moved: (Leg) -> Bool) -> [(organisationID: String, amountFen: Fen)] {
        var order: [String] = []
        var amounts: [String: Int64] = [:]
        func add(_ id: String, _ amount: Int64) {
            if amounts[id] == nil { order.append(id) }
            amounts[id, default: 0] += amount
        }
        for leg in legs {
            if case .tranche = leg.purpose, isSource(leg) { add(leg.payerID, leg.amountFen.value) }
            add(leg.payerID, 0)
            add(leg.payeeID, 0)
            if moved(leg) {
                add(leg.payerID, -leg.amountFen.value)
                add(leg.payeeID, leg.amountFen.value)
            }
        }
        let result = order.map { (organisationID: $0, amountFen: Fen(amounts[$0]!)) }
        precondition(result.reduce(0) { $0 + $1.amountFen.value } == amountFen.value, "draft holdings do not sum to A")
        precondition(result.allSatisfy { $0.amountFen.value >= 0 }, "a draft holder holds a negative amount")
        return result
    }

    /// How much of A `organisationID` holds now.
    public func holding(of organisationID: String) -> Fen {
        holdings().first { $0.organisationID == organisationID }?.amountFen ?? .zero
    }

    /// Whether a tranche leg brings new money (its payer receives nothing in this draft).
    func isSource(_ leg: Leg) -> Bool {
        guard case .tranche = leg.purpose else { return false }
        return !legs.contains { $0.payeeID == leg.payerID && $0.purpose != .refund }
    }

    /// Field order: as declared.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(number)
        writer.write(projectID)
        writer.write(amountFen)
        writer.write(issuedByID)
        writer.write(issuedAt)
        writer.write(status)
        writer.write(legs)
        writer.write(cancellationReason)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        number = try reader.readString(limit: 64)
        projectID = try reader.readString(limit: 64)
        amountFen = try reader.read()
        issuedByID = try reader.readString(limit: 64)
        issuedAt = try reader.read()
        status = try reader.read()
        legs = try reader.readArray(limit: DigitalDraft.legsMax)
        cancellationReason = try reader.readOptionalString(limit: 4096)
    }
}

import Canonical

/// One row of the tranche table: who pays whom, and how much of the draft amount A.
public struct TrancheRule: Hashable, Sendable, CanonicalCodable {
    /// How a rule's amount is determined.
    public enum Share: Hashable, Sendable {
        /// A share of A in basis points (1/10,000): a funding source that brings new money.
        case basisPoints(Int)
        /// Exactly the sum of the named earlier rules, which all pay this rule's payer:
        /// money passed on, so it conserves to the fen by construction.
        case sumOf([String])
    }

    /// Stable identifier ("county-finance-6").
    public let id: String
    /// The kind of organisation that pays.
    public let payer: OrgKind
    /// The kind of organisation that receives.
    public let payee: OrgKind
    /// How the amount is determined.
    public let share: Share

    /// Creates a rule.
    public init(id: String, payer: OrgKind, payee: OrgKind, share: Share) {
        self.id = id
        self.payer = payer
        self.payee = payee
        self.share = share
    }

    /// Field order: id, payer, payee, share tag (1 basis points, 2 sum of), share value.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(payer)
        writer.write(payee)
        switch share {
        case .basisPoints(let points):
            writer.write(UInt8(1))
            writer.write(points)
        case .sumOf(let ruleIDs):
            writer.write(UInt8(2))
            writer.write(ruleIDs)
        }
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        id = try reader.readString(limit: 64)
        payer = try reader.read()
        payee = try reader.read()
        let start = reader.offset
        switch try reader.readUInt8() {
        case 1: share = .basisPoints(try reader.readInt(limit: TrancheTable.basisPointsWhole))
        case 2: share = .sumOf(try reader.readStringArray(limit: TrancheTable.rulesMax, stringLimit: 64))
        case let tag: throw .invalidTag(offset: start, tag: UInt64(tag), type: "TrancheRule.Share")
        }
    }
}

/// The tranche table of SPEC section 3, as data kept in genesis. The default:
/// county finance pays 6% of A to the county fund company; provincial finance 4% and the
/// commercial bank 90% to the limited partnership; the partnership passes exactly what it
/// received (94%) to the county fund company, which then holds 100% and pays the implementing
/// unit stage by stage.
///
/// A table is valid only if it conserves money (`validate()`): source shares add up to 10,000
/// basis points, every pass-through rule consumes earlier rules paid to its payer, every rule
/// not paid to the final holder is passed on exactly once, and the final holder receives all
/// of A. Then, with the rounding rule of `split(_:)`, the legs into every intermediate
/// holder sum to the legs out, and the final holder receives exactly A, for every A.
public struct TrancheTable: Hashable, Sendable, CanonicalCodable {
    /// The rules in payment order.
    public let rules: [TrancheRule]
    /// The kind that ends up holding A and pays the implementing unit by stages.
    public let finalHolder: OrgKind

    /// 100% in basis points.
    public static let basisPointsWhole = 10_000
    /// The most rules a table may have.
    public static let rulesMax = 16

    /// Creates a table; call `validate()` before using it.
    public init(rules: [TrancheRule], finalHolder: OrgKind) {
        self.rules = rules
        self.finalHolder = finalHolder
    }

    /// The table of SPEC section 3 (6% / 4% / 90% / 94%).
    public static let standard = TrancheTable(
        rules: [
            TrancheRule(id: "county-finance-6", payer: .countyFinance, payee: .countyFundCompany, share: .basisPoints(600)),
            TrancheRule(id: "provincial-finance-4", payer: .provincialFinance, payee: .limitedPartnership, share: .basisPoints(400)),
            TrancheRule(id: "bank-90", payer: .commercialBank, payee: .limitedPartnership, share: .basisPoints(9000)),
            TrancheRule(
                id: "partnership-94", payer: .limitedPartnership, payee: .countyFundCompany,
                share: .sumOf(["provincial-finance-4", "bank-90"])),
        ],
        finalHolder: .countyFundCompany)

    /// The first reason this table fails to conserve money, or nil when it is valid.
    public func validate() -> TrancheTableProblem? {
        guard !rules.isEmpty, rules.count <= TrancheTable.rulesMax else { return .ruleCount(rules.count) }
        var seen: [String: TrancheRule] = [:]
        var consumed: [String: String] = [:]
        var sourcePoints = 0
        for rule in rules {
            guard seen[rule.id] == nil else { return .duplicateRule(rule.id) }
            guard rule.payer != rule.payee else { return .paysItself(rule.id) }
            switch rule.share {
            case .basisPoints(let points):
                guard points > 0, points <= TrancheTable.basisPointsWhole else { return .shareOutOfRange(rule.id) }
                guard !rules.contains(where: { $0.payee == rule.payer }) else { return .sourceAlsoReceives(rule.id) }
                sourcePoints += points
            case .sumOf(let inputs):
                guard !inputs.isEmpty else { return .emptyPassThrough(rule.id) }
                for input in inputs {
                    guard let inputRule = seen[input] else { return .unknownInput(rule: rule.id, input: input) }
                    guard inputRule.payee == rule.payer else { return .inputNotPaidToPayer(rule: rule.id, input: input) }
                    guard consumed[input] == nil else { return .inputPassedOnTwice(input) }
                    consumed[input] = rule.id
                }
            }
            seen[rule.id] = rule
        }
        guard sourcePoints == TrancheTable.basisPointsWhole else { return .sourcesDoNotSumToWhole(sourcePoints) }
        for rule in rules where rule.payee != finalHolder && consumed[rule.id] == nil {
            return .moneyLeftWithIntermediary(rule.id)
        }
        guard !rules.contains(where: { $0.payer == finalHolder }) else { return .finalHolderPaysOn }
        return nil
    }

    /// Splits A into one amount per rule, in rule order.
    ///
    /// Rounding rule (largest remainder): each source rule first gets floor(A x points / 10,000)
    /// fen; the fen left over (fewer than the number of source rules) go one each to the source
    /// rules with the largest remainders, ties to the earlier rule. The source amounts therefore
    /// sum to exactly A. A pass-through rule's amount is the exact sum of its inputs, so what
    /// each intermediary receives it passes on to the fen, and the final holder receives A.
    /// Requires a valid table and `0 <= A <= Fen.amountMax` (so A x 10,000 fits in Int64).
    public func split(_ amount: Fen) -> [Fen] {
        precondition(validate() == nil, "split of an invalid tranche table")
        precondition(amount.isValidAmount, "split of an amount outside 0...amountMax")
        let whole = Int64(TrancheTable.basisPointsWhole)
        var amounts = [Int64](repeating: 0, count: rules.count)
        var remainders: [(index: Int, remainder: Int64)] = []
        var allotted: Int64 = 0
        for (index, rule) in rules.enumerated() {
            guard case .basisPoints(let points) = rule.share else { continue }
            let product = amount.value * Int64(points)
            amounts[index] = product / whole
            allotted += amounts[index]
            remainders.append((index, product % whole))
        }
        var leftover = amount.value - allotted
        precondition(leftover >= 0 && leftover < Int64(remainders.count) + 1, "largest remainder leftover out of range")
        let byRemainder = remainders.sorted { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        for entry in byRemainder where leftover > 0 {
            amounts[entry.index] += 1
            leftover -= 1
        }
        for (index, rule) in rules.enumerated() {
            guard case .sumOf(let inputs) = rule.share else { continue }
            amounts[index] = inputs.reduce(0) { total, input in
                total + amounts[rules.firstIndex(where: { $0.id == input })!]
            }
        }
        let result = amounts.map(Fen.init)
        assertConserves(result, amount: amount)
        return result
    }

    /// Checks the split: sources sum to A, and every holder other than the sources and the
    /// final holder passes on exactly what it receives.
    private func assertConserves(_ amounts: [Fen], amount: Fen) {
        var sourceTotal: Int64 = 0
        var netByKind = [Int64](repeating: 0, count: Int(OrgKind.allCases.map(\.rawValue).max()!) + 1)
        for (index, rule) in rules.enumerated() {
            if case .basisPoints = rule.share { sourceTotal += amounts[index].value }
            netByKind[Int(rule.payee.rawValue)] += amounts[index].value
            netByKind[Int(rule.payer.rawValue)] -= amounts[index].value
        }
        precondition(sourceTotal == amount.value, "tranche sources do not sum to A")
        precondition(netByKind[Int(finalHolder.rawValue)] == amount.value, "final holder does not receive A")
    }

    /// Field order: rules, finalHolder.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(rules)
        writer.write(finalHolder)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        rules = try reader.readArray(limit: TrancheTable.rulesMax)
        finalHolder = try reader.read()
    }
}

/// Why a tranche table fails to conserve money.
public enum TrancheTableProblem: Hashable, Sendable {
    /// The table has no rules or more than `TrancheTable.rulesMax`.
    case ruleCount(Int)
    /// Two rules share an identifier.
    case duplicateRule(String)
    /// A rule's payer and payee are the same kind.
    case paysItself(String)
    /// A source share is not within 1...10,000 basis points.
    case shareOutOfRange(String)
    /// A funding source also receives money in the table.
    case sourceAlsoReceives(String)
    /// A pass-through rule names no inputs.
    case emptyPassThrough(String)
    /// A pass-through rule names a rule that is not earlier in the table.
    case unknownInput(rule: String, input: String)
    /// A pass-through rule names an input not paid to its payer.
    case inputNotPaidToPayer(rule: String, input: String)
    /// Two pass-through rules pass on the same input.
    case inputPassedOnTwice(String)
    /// The source shares sum to this many basis points instead of 10,000.
    case sourcesDoNotSumToWhole(Int)
    /// This rule's money stops with an intermediary that never passes it on.
    case moneyLeftWithIntermediary(String)
    /// The final holder pays money on inside the table.
    case finalHolderPaysOn
}

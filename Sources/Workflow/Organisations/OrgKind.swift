import Canonical

/// The kinds of organisation in the poverty-relief fund flow (SPEC section 2), plus a
/// read-only auditor. An organisation's kind decides which commands it may issue.
public enum OrgKind: UInt8, CaseIterable, Sendable, Comparable, CanonicalCodable {
    /// 县脱贫攻坚指挥部: files applications, gives opinions on progress and completion.
    case countyHQ = 1
    /// 省领导小组办公室: approves, rejects or returns applications; issues the digital draft.
    case provincialOffice = 2
    /// 县财政局: pays its 6% tranche.
    case countyFinance = 3
    /// 省财政厅: pays its 4% tranche.
    case provincialFinance = 4
    /// 商业银行: pays its 90% tranche; publishes its bank records for reconciliation.
    case commercialBank = 5
    /// 有限合伙公司 (the fund LP): receives 4% + 90%, passes 94% on.
    case limitedPartnership = 6
    /// 县脱贫基金公司: receives 6% + 94%, pays the implementing unit stage by stage.
    case countyFundCompany = 7
    /// 项目实施单位: receives the money, builds, posts progress and completion.
    case implementingUnit = 8
    /// 审计/纪检 observer: sees everything, changes nothing.
    case auditor = 9

    /// The identifier used in genesis files and JSON ("countyHQ").
    public var identifier: String {
        switch self {
        case .countyHQ: "countyHQ"
        case .provincialOffice: "provincialOffice"
        case .countyFinance: "countyFinance"
        case .provincialFinance: "provincialFinance"
        case .commercialBank: "commercialBank"
        case .limitedPartnership: "limitedPartnership"
        case .countyFundCompany: "countyFundCompany"
        case .implementingUnit: "implementingUnit"
        case .auditor: "auditor"
        }
    }

    /// The kind with the given identifier, if any.
    public init?(identifier: String) {
        guard let kind = OrgKind.allCases.first(where: { $0.identifier == identifier }) else { return nil }
        self = kind
    }

    /// The kind's name for a person.
    public func name(_ language: Language) -> String {
        switch self {
        case .countyHQ: language.pick("县脱贫攻坚指挥部", "County poverty-alleviation HQ")
        case .provincialOffice: language.pick("省领导小组办公室", "Provincial leading-group office")
        case .countyFinance: language.pick("县财政局", "County finance bureau")
        case .provincialFinance: language.pick("省财政厅", "Provincial finance department")
        case .commercialBank: language.pick("商业银行", "Commercial bank")
        case .limitedPartnership: language.pick("有限合伙公司", "Fund limited partnership")
        case .countyFundCompany: language.pick("县脱贫基金公司", "County poverty-relief fund company")
        case .implementingUnit: language.pick("项目实施单位", "Implementing unit")
        case .auditor: language.pick("审计监督", "Auditor (read-only)")
        }
    }

    public static func < (lhs: OrgKind, rhs: OrgKind) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Writes the kind's tag.
    public func encode(to writer: inout CanonicalWriter) { writer.write(rawValue) }

    /// Reads a kind, refusing unknown tags.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) { self = try readTag(&reader, "OrgKind") }
}

import Workflow

/// A consortium for tests: one organisation of each kind in county "qiandong", a second county
/// HQ, and a clock that hands out increasing block provenances.
public enum TestConsortium {
    public static let organisations: [Organisation] = [
        Organisation(id: "county-hq", kind: .countyHQ, name: "黔东县脱贫攻坚指挥部", accountNumber: "6222020100000000101", county: "qiandong"),
        Organisation(id: "other-hq", kind: .countyHQ, name: "黔西县脱贫攻坚指挥部", accountNumber: "6222020100000000102", county: "qianxi"),
        Organisation(id: "provincial-office", kind: .provincialOffice, name: "省领导小组办公室", accountNumber: "6222020100000000202"),
        Organisation(id: "county-finance", kind: .countyFinance, name: "黔东县财政局", accountNumber: "6222020100000000303", county: "qiandong"),
        Organisation(id: "provincial-finance", kind: .provincialFinance, name: "省财政厅", accountNumber: "6222020100000000404"),
        Organisation(id: "commercial-bank", kind: .commercialBank, name: "示范商业银行", accountNumber: "6222020100000000505"),
        Organisation(id: "fund-lp", kind: .limitedPartnership, name: "省扶贫基金（有限合伙）", accountNumber: "6222020100000000606"),
        Organisation(id: "county-fund", kind: .countyFundCompany, name: "黔东县脱贫基金公司", accountNumber: "6222020100000000707", county: "qiandong"),
        Organisation(id: "builder", kind: .implementingUnit, name: "黔东县绿源农业专业合作社", accountNumber: "6222020100000000808", county: "qiandong"),
        Organisation(id: "auditor", kind: .auditor, name: "省审计厅", accountNumber: "6222020100000000909"),
    ]

    /// The draft number the first approval issues.
    public static let firstDraftNumber = "HP2026000001"

    /// Leg `index` of the first draft.
    public static func leg(_ index: Int) -> LegID { LegID(draftNumber: firstDraftNumber, index: index) }

    /// A state in which the standard application was filed as XM2026000001 and approved in
    /// full as HP2026000001, and the clock that made it.
    public static func approvedProject() throws -> (WorkflowState, ChainClock) {
        var state = newState()
        var clock = ChainClock()
        try state.must(.fileApplication(application()), by: "county-hq", &clock)
        try state.must(.approveApplication(projectID: "XM2026000001", reservedFen: Fen(100_000_000), fundPlan: nil), by: "provincial-office", &clock)
        return (state, clock)
    }

    public static func newState(settings: WorkflowSettings = WorkflowSettings()) -> WorkflowState {
        try! WorkflowState(organisations: organisations, settings: settings)
    }

    public static func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: day)! }

    /// A valid application for ¥1,000,000.00 in three stages (300k, 300k, 400k).
    public static func application(budgetFen: Int64 = 100_000_000, name: String = "黔东县高山冷水鱼养殖基地建设项目") -> ProjectApplication {
        let third = budgetFen * 3 / 10
        return ProjectApplication(
            projectName: name, projectTypeCode: "livestock", responsibleDepartment: "县农业农村局", budgetFen: Fen(budgetFen),
            introduction: "在高山冷水资源丰富的村建设冷水鱼养殖基地，带动贫困户入股分红。", implementingUnitID: "builder",
            implementingUnitQualifications: "农民专业合作社，具备水产养殖技术员五名。",
            plannedStart: date(2027, 3, 1), plannedCompletion: date(2027, 12, 31),
            fundPlan: [
                FundPlanStage(title: "一期：鱼塘开挖", amountFen: Fen(third), plannedDate: date(2027, 3, 15)),
                FundPlanStage(title: "二期：设备采购", amountFen: Fen(third), plannedDate: date(2027, 6, 1)),
                FundPlanStage(title: "三期：鱼苗与培训", amountFen: Fen(budgetFen - 2 * third), plannedDate: date(2027, 9, 1)),
            ],
            applicantName: "王建国", withdrawalAccount: "6228480012345678901")
    }
}

/// Hands out block provenances with increasing height and time.
public struct ChainClock {
    public private(set) var height: Int64 = 0
    public private(set) var time = Timestamp(millisecondsSinceEpoch: 1_795_000_000_000)

    public init() {}

    /// The next transaction's provenance, `seconds` after the previous one.
    public mutating func next(after seconds: Int64 = 60) -> Provenance {
        height += 1
        time = time.adding(seconds: seconds)
        var hash = [UInt8](repeating: 0, count: 32)
        withUnsafeBytes(of: height.bigEndian) { hash.replaceSubrange(24..<32, with: $0) }
        return Provenance(height: height, time: time, transactionHash: hash)
    }
}

extension WorkflowState {
    /// Applies and returns the events, failing the test on refusal.
    @discardableResult
    public mutating func must(_ command: WorkflowCommand, by actor: String, _ clock: inout ChainClock) throws -> [WorkflowEvent] {
        try apply(command, by: actor, at: clock.next()).get()
    }

}

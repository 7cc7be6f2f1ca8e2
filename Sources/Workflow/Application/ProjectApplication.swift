import Canonical

/// A project and fund application (Step 1, 项目/资金申请), every field of the thesis's form.
/// `problems(...)` validates it; the same checks run in the terminal form (on blur and on
/// submit) and on chain, so a form that passes locally is not refused for its fields.
public struct ProjectApplication: Hashable, Sendable, CanonicalCodable {
    /// 项目名称.
    public var projectName: String
    /// Code of a project type from genesis (see `ProjectType`).
    public var projectTypeCode: String
    /// 县责任部门.
    public var responsibleDepartment: String
    /// 项目建设预算, in fen.
    public var budgetFen: Fen
    /// 项目介绍, at most 100 characters.
    public var introduction: String
    /// The implementing unit's organisation identifier (项目承接单位).
    public var implementingUnitID: String
    /// 项目承接单位资质介绍.
    public var implementingUnitQualifications: String
    /// 项目开始时间.
    public var plannedStart: CalendarDate
    /// 项目完工时间, after the start.
    public var plannedCompletion: CalendarDate
    /// The stages of the fund plan, summing exactly to the budget.
    public var fundPlan: [FundPlanStage]
    /// The applicant's name (申请方标识).
    public var applicantName: String
    /// The account the implementing unit draws on (支取账户), digits only.
    public var withdrawalAccount: String

    /// Creates an application; see the properties for each field.
    public init(
        projectName: String, projectTypeCode: String, responsibleDepartment: String, budgetFen: Fen,
        introduction: String, implementingUnitID: String, implementingUnitQualifications: String,
        plannedStart: CalendarDate, plannedCompletion: CalendarDate, fundPlan: [FundPlanStage],
        applicantName: String, withdrawalAccount: String
    ) {
        self.projectName = projectName
        self.projectTypeCode = projectTypeCode
        self.responsibleDepartment = responsibleDepartment
        self.budgetFen = budgetFen
        self.introduction = introduction
        self.implementingUnitID = implementingUnitID
        self.implementingUnitQualifications = implementingUnitQualifications
        self.plannedStart = plannedStart
        self.plannedCompletion = plannedCompletion
        self.fundPlan = fundPlan
        self.applicantName = applicantName
        self.withdrawalAccount = withdrawalAccount
    }

    /// Character limits of the text fields, counted as characters (汉字 count one each).
    public static let projectNameCharactersMax = 60
    public static let responsibleDepartmentCharactersMax = 40
    public static let introductionCharactersMax = 100
    public static let qualificationsCharactersMax = 300
    public static let applicantCharactersMax = 30

    /// A required text field's problem: empty, or over `charactersMax` characters.
    public static func textProblem(_ text: String, field: FormField, charactersMax: Int) -> FieldProblem? {
        if text.trimmingWhitespace.isEmpty { return FieldProblem(field, .required) }
        if text.count > charactersMax { return FieldProblem(field, .tooLong(charactersMax: charactersMax)) }
        return nil
    }

    /// Every problem with the application's fields, in form order; empty when it may be filed.
    /// - Parameters:
    ///   - settings: the chain's project types and budget maximum.
    ///   - implementingUnitKind: the kind of the organisation `implementingUnitID` names, or nil
    ///     when no such organisation exists.
    public func problems(settings: WorkflowSettings, implementingUnitKind: OrgKind?) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let texts: [(String, FormField, Int)] = [
            (projectName, .projectName, Self.projectNameCharactersMax),
            (responsibleDepartment, .responsibleDepartment, Self.responsibleDepartmentCharactersMax),
            (introduction, .introduction, Self.introductionCharactersMax),
        ]
        problems += texts.compactMap { Self.textProblem($0.0, field: $0.1, charactersMax: $0.2) }
        if !settings.projectTypes.contains(where: { $0.code == projectTypeCode }) {
            problems.append(FieldProblem(.projectType, .notInList))
        }
        if budgetFen.value <= 0 || budgetFen > settings.budgetMaxFen {
            problems.append(FieldProblem(.budget, .amountOutOfRange(maximum: settings.budgetMaxFen)))
        }
        if implementingUnitKind != .implementingUnit {
            problems.append(FieldProblem(.implementingUnit, .unknownOrganisation))
        }
        if let problem = Self.textProblem(
            implementingUnitQualifications, field: .implementingUnitQualifications, charactersMax: Self.qualificationsCharactersMax)
        {
            problems.append(problem)
        }
        if plannedCompletion <= plannedStart {
            problems.append(FieldProblem(.plannedCompletion, .completionNotAfterStart))
        }
        if budgetFen.value > 0, budgetFen <= settings.budgetMaxFen {
            let window = plannedStart < plannedCompletion ? plannedStart...plannedCompletion : nil
            problems += FundPlanStage.problems(in: fundPlan, total: budgetFen, window: window)
        }
        if let problem = Self.textProblem(applicantName, field: .applicant, charactersMax: Self.applicantCharactersMax) {
            problems.append(problem)
        }
        if AccountNumber.normalise(withdrawalAccount) != withdrawalAccount {
            problems.append(FieldProblem(.withdrawalAccount, .malformedAccountNumber))
        }
        return problems
    }

    /// Field order: as declared.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(projectName)
        writer.write(projectTypeCode)
        writer.write(responsibleDepartment)
        writer.write(budgetFen)
        writer.write(introduction)
        writer.write(implementingUnitID)
        writer.write(implementingUnitQualifications)
        writer.write(plannedStart)
        writer.write(plannedCompletion)
        writer.write(fundPlan)
        writer.write(applicantName)
        writer.write(withdrawalAccount)
    }

    /// Reads the fields in `encode(to:)` order. Text limits here are in bytes (4 per
    /// character at most) and only guard memory; `problems` enforces the character limits.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        projectName = try reader.readString(limit: 4 * Self.projectNameCharactersMax + 64)
        projectTypeCode = try reader.readString(limit: 64)
        responsibleDepartment = try reader.readString(limit: 4 * Self.responsibleDepartmentCharactersMax + 64)
        budgetFen = try reader.read()
        introduction = try reader.readString(limit: 4 * Self.introductionCharactersMax + 64)
        implementingUnitID = try reader.readString(limit: 64)
        implementingUnitQualifications = try reader.readString(limit: 4 * Self.qualificationsCharactersMax + 64)
        plannedStart = try reader.read()
        plannedCompletion = try reader.read()
        fundPlan = try reader.readArray(limit: FundPlanStage.stagesMax)
        applicantName = try reader.readString(limit: 4 * Self.applicantCharactersMax + 64)
        withdrawalAccount = try reader.readString(limit: 64)
    }
}

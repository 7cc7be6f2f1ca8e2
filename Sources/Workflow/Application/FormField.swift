import Canonical

/// Every field a person fills in anywhere in the fund flow. Errors name one of these so the
/// form can put the message beside the field, in words.
public enum FormField: UInt8, CaseIterable, Sendable, CanonicalCodable {
    case projectName = 1, projectType, responsibleDepartment, budget, introduction
    case implementingUnit, implementingUnitQualifications, plannedStart, plannedCompletion
    case fundPlan, stageTitle, stageAmount, stageDate, applicant, withdrawalAccount
    case reservedAmount, reason, fundSerial, progressPercent, progressDescription, documentHash
    case completionNote, opinion, explanation, bankRecords

    /// The field's label for a person.
    public func label(_ language: Language) -> String {
        switch self {
        case .projectName: language.pick("项目名称", "Project name")
        case .projectType: language.pick("项目类型", "Project type")
        case .responsibleDepartment: language.pick("县责任部门", "Responsible county department")
        case .budget: language.pick("项目建设预算", "Construction budget")
        case .introduction: language.pick("项目介绍", "Introduction")
        case .implementingUnit: language.pick("项目承接单位", "Implementing unit")
        case .implementingUnitQualifications: language.pick("承接单位资质介绍", "Implementing unit's qualifications")
        case .plannedStart: language.pick("项目开始时间", "Planned start")
        case .plannedCompletion: language.pick("项目完工时间", "Planned completion")
        case .fundPlan: language.pick("资金计划", "Fund plan")
        case .stageTitle: language.pick("阶段名称", "Stage title")
        case .stageAmount: language.pick("阶段金额", "Stage amount")
        case .stageDate: language.pick("阶段计划日期", "Stage planned date")
        case .applicant: language.pick("申请人", "Applicant")
        case .withdrawalAccount: language.pick("支取账户", "Withdrawal account")
        case .reservedAmount: language.pick("预定资金数", "Reserved amount")
        case .reason: language.pick("理由", "Reason")
        case .fundSerial: language.pick("资金流水号", "Fund serial number")
        case .progressPercent: language.pick("项目进度", "Progress")
        case .progressDescription: language.pick("进度说明", "Progress description")
        case .documentHash: language.pick("文档哈希", "Document hash")
        case .completionNote: language.pick("完工说明", "Completion note")
        case .opinion: language.pick("指挥部意见", "HQ opinion")
        case .explanation: language.pick("差异说明", "Explanation")
        case .bankRecords: language.pick("银行流水", "Bank records")
        }
    }

    /// Writes the field's tag.
    public func encode(to writer: inout CanonicalWriter) { writer.write(rawValue) }

    /// Reads a field tag, refusing unknown ones.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) { self = try readTag(&reader, "FormField") }
}

/// What is wrong with one field.
public enum FieldIssue: Hashable, Sendable {
    /// Nothing was entered.
    case required
    /// More than this many characters.
    case tooLong(charactersMax: Int)
    /// Not one of the allowed choices.
    case notInList
    /// Not a date, or a date that does not exist.
    case malformedDate
    /// Completion is not after the start.
    case completionNotAfterStart
    /// A date outside the project's planned start...completion.
    case dateOutsideProject
    /// An amount outside 1 fen...maximum.
    case amountOutOfRange(maximum: Fen)
    /// Amounts that must sum to `expected` sum to `actual`.
    case sumMismatch(expected: Fen, actual: Fen)
    /// A list with too few or too many entries.
    case countOutOfRange(minimum: Int, maximum: Int)
    /// Not digits in groups (bank account numbers: 8-32 digits).
    case malformedAccountNumber
    /// Not a well-formed value of its kind (fund serial number, SHA-256 hex).
    case malformed
    /// A percentage outside 0...100.
    case percentOutOfRange
    /// The named organisation does not exist or is not of the right kind.
    case unknownOrganisation
}

/// One field's problem, with the fund-plan row it is on when it is in the plan.
public struct FieldProblem: Hashable, Sendable {
    /// The field.
    public let field: FormField
    /// The 0-based fund-plan stage, for stage fields.
    public let stageIndex: Int?
    /// What is wrong.
    public let issue: FieldIssue

    /// Creates a problem report.
    public init(_ field: FormField, stage stageIndex: Int? = nil, _ issue: FieldIssue) {
        self.field = field
        self.stageIndex = stageIndex
        self.issue = issue
    }
}

import Canonical

/// The name of each fund-flow command, and which kinds of organisation may issue it. Checking
/// the kind is the first thing `apply` does; per-instance checks (the leg's own payer, the
/// project's own county HQ) follow in each command.
public enum CommandName: UInt8, CaseIterable, Sendable, CanonicalCodable {
    case fileApplication = 1, resubmitApplication, approveApplication, rejectApplication, returnApplication
    case recordPayment, confirmReceipt, reversePayment, cancelDraft
    case postProgress, completeStage, giveOpinion
    case publishBankRecords, resolveDifference

    /// The kinds allowed to issue this command.
    public var permittedKinds: [OrgKind] {
        switch self {
        case .fileApplication, .resubmitApplication, .giveOpinion: [.countyHQ]
        case .approveApplication, .rejectApplication, .returnApplication, .cancelDraft, .resolveDifference: [.provincialOffice]
        case .recordPayment, .confirmReceipt:
            [.countyFinance, .provincialFinance, .commercialBank, .limitedPartnership, .countyFundCompany, .implementingUnit]
        case .reversePayment:
            [.countyFinance, .provincialFinance, .commercialBank, .limitedPartnership, .countyFundCompany, .implementingUnit,
             .provincialOffice]
        case .postProgress, .completeStage: [.implementingUnit]
        case .publishBankRecords: [.commercialBank]
        }
    }

    /// The command's name for a person.
    public func name(_ language: Language) -> String {
        switch self {
        case .fileApplication: language.pick("提交项目申请", "file an application")
        case .resubmitApplication: language.pick("重新提交申请", "resubmit an application")
        case .approveApplication: language.pick("审批通过并发行数字汇票", "approve and issue a draft")
        case .rejectApplication: language.pick("驳回申请", "reject an application")
        case .returnApplication: language.pick("退回修改", "return for revision")
        case .recordPayment: language.pick("登记拨付", "record a payment")
        case .confirmReceipt: language.pick("确认收款", "confirm receipt")
        case .reversePayment: language.pick("冲正拨付", "reverse a payment")
        case .cancelDraft: language.pick("撤销数字汇票", "cancel a draft")
        case .postProgress: language.pick("更新项目进度", "post progress")
        case .completeStage: language.pick("提交完工说明", "complete a stage")
        case .giveOpinion: language.pick("提出指挥部意见", "give the HQ's opinion")
        case .publishBankRecords: language.pick("发布银行流水", "publish bank records")
        case .resolveDifference: language.pick("处理对账差异", "resolve a reconciliation difference")
        }
    }

    /// Writes the tag.
    public func encode(to writer: inout CanonicalWriter) { writer.write(rawValue) }

    /// Reads a tag, refusing unknown ones.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) { self = try readTag(&reader, "CommandName") }
}

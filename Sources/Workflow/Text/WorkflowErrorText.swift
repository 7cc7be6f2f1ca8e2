/// Renders fund-flow refusals for people. Execution stores only the typed codes; these
/// functions are the one place their words live.
extension WorkflowError {
    /// The refusal in words, naming what is wrong and with what.
    public func message(_ language: Language) -> String {
        let l = language
        switch self {
        case .notPermitted(let command, let kind):
            return l.pick("\(kind.name(l))无权\(command.name(l))", "A \(kind.name(l).lowercased()) may not \(command.name(l))")
        case .unknownOrganisation(let id): return l.pick("未知机构「\(id)」", "Unknown organisation \"\(id)\"")
        case .actingOrganisationMismatch(let expected):
            return l.pick("只有机构「\(expected)」可以执行此操作", "Only organisation \"\(expected)\" may do this")
        case .invalidFields(let problems): return problems.map { $0.message(l) }.joined(separator: l.pick("；", "; "))
        case .unknownProject(let id): return l.pick("项目 \(id) 不存在", "Project \(id) does not exist")
        case .wrongProjectStatus(let id, let status):
            return l.pick("项目 \(id) 当前状态为「\(status.name(l))」，不能执行此操作", "Project \(id) is \(status.name(l).lowercased()); this is not allowed now")
        case .unknownDraft(let number): return l.pick("数字汇票 \(number) 不存在", "Draft \(number) does not exist")
        case .draftNotActive(let number, let status):
            return l.pick("数字汇票 \(number) 已\(status.name(l))", "Draft \(number) is \(status.name(l).lowercased())")
        case .unknownLeg(let id): return l.pick("拨付环节 \(id) 不存在", "Leg \(id) does not exist")
        case .wrongLegStatus(let id, let status):
            return l.pick("拨付环节 \(id) 当前为「\(status.name(l))」，不能执行此操作", "Leg \(id) is \(status.name(l).lowercased()); this is not allowed now")
        case .fundSerialAlreadyUsed(let serial):
            return l.pick("资金流水号 \(serial) 已被使用，每个流水号只能登记一次", "Fund serial number \(serial) was already recorded; each is used once")
        case .insufficientHolding(let id, let held, let needed):
            return l.pick("「\(id)」在此汇票中持有 ¥\(held.yuanText)，不足以拨付 ¥\(needed.yuanText)",
                          "\"\(id)\" holds ¥\(held.yuanText) of this draft, not enough to pay ¥\(needed.yuanText)")
        case .stageNotReleased(let id, let stage):
            return l.pick("项目 \(id) 第 \(stage + 1) 阶段尚未经指挥部放行", "Stage \(stage + 1) of project \(id) has not been released by the HQ")
        case .unknownStage(let id, let stage): return l.pick("项目 \(id) 没有第 \(stage + 1) 阶段", "Project \(id) has no stage \(stage + 1)")
        case .stageNotCompleted(let id, let stage):
            return l.pick("项目 \(id) 第 \(stage + 1) 阶段尚无完工说明", "Stage \(stage + 1) of project \(id) has no completion note yet")
        case .stageAlreadyCompleted(let id, let stage):
            return l.pick("项目 \(id) 第 \(stage + 1) 阶段已提交完工说明", "Stage \(stage + 1) of project \(id) is already completed")
        case .statementAlreadyImported(let hash):
            return l.pick("该对账单已导入过（SHA-256 \(hash.prefix(12))…）", "This statement was already imported (SHA-256 \(hash.prefix(12))…)")
        case .unknownReconciliationItem(let item): return l.pick("对账条目 #\(item) 不存在", "Reconciliation item #\(item) does not exist")
        case .reconciliationItemNotOpen(let item):
            return l.pick("对账条目 #\(item) 不是待处理的差异", "Reconciliation item #\(item) is not an open difference")
        case .malformedOrganisationID(let id):
            return l.pick("机构标识「\(id)」格式不对（2-40 位小写字母、数字或 -）", "Organisation id \"\(id)\" is malformed (2-40 of a-z, 0-9, -)")
        case .malformedOrganisationName(let id): return l.pick("机构「\(id)」的名称为空或过长", "Organisation \"\(id)\" has an empty or too long name")
        case .malformedAccountNumber(let account):
            return l.pick("账号「\(account)」格式不对（8-32 位数字）", "Account number \"\(account)\" is malformed (8-32 digits)")
        case .bankRecordOutsideStatement(let index):
            return l.pick("第 \(index + 1) 条银行流水不属于该对账单的账户", "Bank record \(index + 1) does not belong to the statement's account")
        case .amountOverflow: return l.pick("金额计算溢出", "The amount is too large to compute")
        case .malformedBankRecord(let index):
            return l.pick("第 \(index + 1) 条银行流水不完整或格式不对", "Bank record \(index + 1) is incomplete or malformed")
        case .unresolvedParticipant(let kind):
            return l.pick("无法确定参与此项目的\(kind.name(l))（本县或省级应恰有一个）",
                          "Cannot tell which \(kind.name(l).lowercased()) takes part (exactly one in the county or at province level is needed)")
        case .duplicateOrganisation(let id): return l.pick("机构「\(id)」重复登记", "Organisation \"\(id)\" is listed twice")
        case .statementPartOutOfOrder(let hash, let part):
            return l.pick("对账单（SHA-256 \(hash.prefix(12))…）应先发布第 \(part + 1) 部分，且账号和分段数须一致",
                          "Statement (SHA-256 \(hash.prefix(12))…) expects part \(part + 1) next, with the same account and part count")
        case .legLimitReached(let number):
            return l.pick("数字汇票 \(number) 的拨付环节已达上限 \(DigitalDraft.legsMax)", "Draft \(number) already has the most legs allowed (\(DigitalDraft.legsMax))")
        }
    }
}

extension FieldProblem {
    /// The problem in words, starting with the field's label (and the plan row, if any).
    public func message(_ language: Language) -> String {
        let l = language
        let chineseRow = stageIndex.map { "第 \($0 + 1) 阶段" } ?? ""
        let englishRow = stageIndex.map { " (stage \($0 + 1))" } ?? ""
        return l.pick("\(chineseRow)「\(field.label(l))」：\(issue.message(l))", "\(field.label(l))\(englishRow): \(issue.message(l))")
    }
}

extension FieldIssue {
    /// What is wrong, in words.
    public func message(_ language: Language) -> String {
        let l = language
        switch self {
        case .required: return l.pick("必填", "required")
        case .tooLong(let maximum): return l.pick("最多 \(maximum) 个字", "at most \(maximum) characters")
        case .notInList: return l.pick("请从列表中选择", "choose one from the list")
        case .malformedDate: return l.pick("日期无效（如 2027-03-01）", "not a valid date (e.g. 2027-03-01)")
        case .completionNotAfterStart: return l.pick("完工时间须晚于开始时间", "must be after the start")
        case .dateOutsideProject: return l.pick("须在项目开始与完工时间之间", "must be between the project's start and completion")
        case .amountOutOfRange(let maximum):
            return l.pick("金额须在 ¥0.01 至 ¥\(maximum.yuanText) 之间", "must be between ¥0.01 and ¥\(maximum.yuanText)")
        case .sumMismatch(let expected, let actual):
            return l.pick("各阶段合计 ¥\(actual.yuanText)，应为 ¥\(expected.yuanText)", "stages sum to ¥\(actual.yuanText), must be ¥\(expected.yuanText)")
        case .countOutOfRange(let minimum, let maximum): return l.pick("数量须在 \(minimum) 至 \(maximum) 之间", "needs \(minimum) to \(maximum) entries")
        case .malformedAccountNumber: return l.pick("账号须为 8-32 位数字", "must be 8-32 digits")
        case .malformed: return l.pick("格式不对", "malformed")
        case .percentOutOfRange: return l.pick("须在 0 至 100 之间", "must be 0 to 100")
        case .unknownOrganisation: return l.pick("不是已登记的项目实施单位", "not a registered implementing unit")
        }
    }
}

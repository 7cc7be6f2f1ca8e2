import Foundation
import LedgerClient
import Workflow

/// Step 2 for the provincial office: one submitted application in detail; approve with the
/// reserved amount, or reject or return it with a reason. Approving below the budget needs a
/// fund plan summing to the reserved amount: F2 (or F4) opens the plan editor, filled with
/// the application's stages. Every decision opens a confirmation restating the project and
/// the amount (figures and 大写) with the focus on Cancel.
public struct DecisionScreen: Screen {
    /// A decision.
    public enum Decision: Sendable, Equatable {
        /// Approve, reserving the amount, and issue the digital draft; with a plan when below
        /// the budget.
        case approve(Fen, [FundPlanStage]?)
        /// Reject, with the reason.
        case reject(String)
        /// Return for revision, with the reason.
        case giveBack(String)
    }

    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Approve with the reserved amount.
        case approve
        /// Reject with the reason.
        case reject
        /// Return for revision with the reason.
        case giveBack
        /// Move between the amount and the reason.
        case switchField
        /// Open the fund-plan editor.
        case editPlan
        /// Leave (from the plan editor: back to the application).
        case back
    }

    /// The screen's keys (F-keys and Ctrl keys only: both fields take text).
    public static let keyTable = KeyTable<Action>(scope: "decision", [
        KeyBinding([.function(2), .control("a")], .approve, Bilingual("批准", "approve")),
        KeyBinding([.function(6), .control("r")], .reject, Bilingual("不予批准", "reject")),
        KeyBinding([.function(7), .control("b")], .giveBack, Bilingual("退回修改", "return")),
        KeyBinding([.tab, .backTab, .up, .down], .switchField, Bilingual("切换输入框", "next field"), hinted: false),
        KeyBinding([.function(4), .control("p")], .editPlan, Bilingual("资金计划", "fund plan")),
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// The language to speak.
    public let language: Language
    /// The application decided on.
    public let project: Project
    /// The chain's organisations, for names.
    public let consortium: Consortium
    /// The reserved amount, in yuan; the budget to begin with.
    public private(set) var reservedYuan: LineEditor
    /// The reason for rejecting or returning.
    public private(set) var reason = LineEditor(charactersMax: WorkflowCommand.textCharactersMax, widthColumns: 50)
    /// Whether the reason field has the keys (otherwise the amount).
    public private(set) var isEditingReason = false
    /// The fund plan being edited (approving below the budget), once opened.
    public private(set) var planEditor: PlanEditor?
    /// Whether the plan editor has the keys and the screen.
    public private(set) var isEditingPlan = false
    /// The open confirmation and the decision it confirms.
    public private(set) var pending: (dialog: Dialog, decision: Decision)?
    /// Whether a decision was sent and its reply has not come back.
    public private(set) var isSubmitting = false
    /// Whether the chain accepted a decision.
    public private(set) var isDecided = false
    /// The message line.
    public private(set) var message: Bilingual?

    /// Creates the screen for `project`, naming organisations as `consortium` does.
    public init(language: Language, project: Project, consortium: Consortium) {
        self.language = language
        self.project = project
        self.consortium = consortium
        self.reservedYuan = LineEditor(text: project.application.budgetFen.yuanText, charactersMax: 24, widthColumns: 24)
    }

    public var breadcrumb: Bilingual { Bilingual("审批：\(project.application.projectName)", "Decide: \(project.application.projectName)") }
    public var keyHelp: [KeyHelp] {
        if pending != nil { return Dialog.keyTable.help }
        guard isEditingPlan else { return Self.keyTable.help }
        let approve = Self.keyTable.help.filter { $0.keys == "F2/Ctrl-A" }.map {
            KeyHelp(keys: $0.keys, description: Bilingual("按此计划批准", "approve with this plan"), isHinted: true)
        }
        return approve + PlanEditor.keyTable.help + [KeyHelp(keys: "Esc", description: Bilingual("返回申请详情", "back to the application"), isHinted: true, isWayOut: true)]
    }
    public var hasUnsavedInput: Bool { !isDecided && (!reason.text.isEmpty || planEditor != nil) }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .refused(let why):
            isSubmitting = false
            message = Bilingual("未成功：\(why.chinese)（所填内容已保留）", "Not done: \(why.english) (what you typed is kept)")
        case .succeeded(let result):
            isSubmitting = false
            isDecided = true
            isEditingPlan = false
            message = result
        default: break
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        if var open = pending {
            let pressed = open.dialog.update(key)
            pending = pressed == nil ? open : nil
            return pressed == .confirm ? submit(open.decision) : []
        }
        let action = Self.keyTable.action(for: key)
        guard !isSubmitting, !isDecided || action == .back else { return [] }
        if isEditingPlan, ![.approve, .back].contains(action) {
            _ = planEditor?.update(key)
            return []
        }
        switch action {
        case .approve: confirmApproval()
        case .editPlan: openPlan()
        case .back where isEditingPlan: isEditingPlan = false
        case .reject, .giveBack:
            let isReject = Self.keyTable.action(for: key) == .reject
            confirm(isReject ? .reject(reason.text) : .giveBack(reason.text))
        case .switchField: isEditingReason.toggle()
        case .back: return [.back]
        case nil:
            if isEditingReason { _ = reason.update(key) } else { _ = reservedYuan.update(key) }
        }
        return []
    }

    /// The reserved amount typed, when it is above zero and at most the budget; otherwise
    /// says what is wrong and focuses the amount.
    private mutating func reservedAmount() -> Fen? {
        let budget = project.application.budgetFen
        guard let amount = try? Fen(parsingYuan: reservedYuan.text), amount.value > 0, amount <= budget else {
            isEditingReason = false
            isEditingPlan = false
            message = Bilingual("预留金额须大于零且不超过预算 \(budget.yuanTextWithSymbol)",
                                "The reserved amount must be above zero and at most the budget, \(budget.yuanTextWithSymbol)")
            return nil
        }
        return amount
    }

    /// Opens the plan editor (the application's stages to begin with) for the reserved amount.
    private mutating func openPlan() {
        guard let amount = reservedAmount() else { return }
        let application = project.application
        if planEditor == nil {
            planEditor = PlanEditor(plan: application.fundPlan, total: amount, window: application.plannedStart...application.plannedCompletion)
        }
        planEditor?.setTotal(amount)
        isEditingPlan = true
        message = Bilingual("各阶段金额合计须等于预留金额 \(amount.yuanTextWithSymbol)，F2 按此计划批准",
                            "The stages must sum to the reserved \(amount.yuanTextWithSymbol); F2 approves with this plan")
    }

    private mutating func confirmApproval() {
        guard let amount = reservedAmount() else { return }
        guard amount < project.application.budgetFen || planEditor != nil else { return confirm(.approve(amount, nil)) }
        guard isEditingPlan else { return openPlan() }
        planEditor?.setTotal(amount)
        guard let plan = planEditor?.check() else {
            message = planEditor?.firstProblem
            return
        }
        confirm(.approve(amount, plan))
    }

    private mutating func confirm(_ decision: Decision) {
        let name = project.application.projectName
        var facts = [Dialog.Fact(label: Bilingual("项目", "Project"), value: Bilingual(name, name))]
        let title: Bilingual
        let button: Bilingual
        switch decision {
        case .approve(let amount, let plan):
            let figures = amount.yuanTextWithSymbol
            facts += [Dialog.Fact(label: Bilingual("预留金额", "Reserved"), value: Bilingual(figures, figures)),
                      Dialog.Fact(label: Bilingual("大写", "In words (大写)"), value: Bilingual(amount.chineseCapital, amount.chineseCapital))]
            if let plan {
                facts.append(Dialog.Fact(label: Bilingual("资金计划", "Fund plan"),
                                         value: Bilingual("\(plan.count) 个阶段，合计 \(figures)", "\(plan.count) stages summing to \(figures)")))
            }
            title = Bilingual("批准并签发数字汇票？", "Approve and issue the digital draft?")
            button = Bilingual("批准 \(figures)", "Approve \(figures)")
        case .reject(let text), .giveBack(let text):
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                isEditingReason = true
                message = Bilingual("请先填写理由", "Type the reason first")
                return
            }
            let isReject = decision == .reject(text)
            facts.append(Dialog.Fact(label: Bilingual("理由", "Reason"), value: Bilingual(text, text)))
            title = isReject ? Bilingual("不予批准此申请？", "Reject this application?") : Bilingual("退回此申请修改？", "Return this application for revision?")
            button = isReject ? Bilingual("不予批准", "Reject") : Bilingual("退回修改", "Return")
        }
        pending = (Dialog(title: title, facts: facts, note: Bilingual("上链后不可撤销", "Once on chain this cannot be undone"), confirmLabel: button), decision)
    }

    private mutating func submit(_ decision: Decision) -> [TUIEffect] {
        isSubmitting = true
        let name = project.application.projectName
        message = Bilingual("正在上链…", "Submitting to the chain…")
        switch decision {
        case .approve(let amount, let plan):
            let figures = amount.yuanTextWithSymbol
            return [.submit(.approveApplication(projectID: project.id, reservedFen: amount, fundPlan: plan),
                            success: Bilingual("已批准「\(name)」并签发汇票 \(figures)", "Approved \"\(name)\"; draft of \(figures) issued"))]
        case .reject(let text):
            return [.submit(.rejectApplication(projectID: project.id, reason: text),
                            success: Bilingual("已不予批准「\(name)」", "Rejected \"\(name)\""))]
        case .giveBack(let text):
            return [.submit(.returnApplication(projectID: project.id, reason: text),
                            success: Bilingual("已退回「\(name)」修改", "Returned \"\(name)\" for revision"))]
        }
    }
}

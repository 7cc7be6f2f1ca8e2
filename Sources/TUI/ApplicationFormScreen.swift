import Workflow

/// The Step 1 application form as a screen: fill in, F2 to file; a refusal keeps everything
/// typed and says why. A returned application opens filled in, its return reason shown, and
/// F2 resubmits it with its fund plan.
public struct ApplicationFormScreen: Screen {
    /// A returned application being revised.
    public struct Revision: Sendable, Equatable {
        /// The project's identifier.
        public let projectID: String
        /// Why the provincial office returned it.
        public let returnReason: String
        /// The plan it keeps.
        public let fundPlan: [FundPlanStage]
    }

    /// The language to speak.
    public let language: Language
    /// The returned application being revised, nil for a new one.
    public let revision: Revision?
    /// The form.
    public private(set) var form: Form
    /// Whether a filing was sent and its reply has not come back.
    public private(set) var isSubmitting = false
    /// The confirmation open before filing, with the command it would send.
    public private(set) var pending: (dialog: Dialog, effect: TUIEffect)?

    /// What the screen's own keys do (the form's keys come from `Form.keyTable`).
    public enum Action: Sendable {
        /// Leave the form.
        case back
    }

    /// The screen's own keys.
    public static let keyTable = KeyTable<Action>(scope: "applicationForm", [
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// Creates the screen with an empty form.
    public init(language: Language, settings: WorkflowSettings, organisations: [Organisation]) {
        self.language = language
        self.revision = nil
        self.form = ApplicationForm.make(settings: settings, organisations: organisations)
    }

    /// Creates the screen revising `project`, returned for revision: the form filled in from its
    /// application, the return reason from its history.
    public init(language: Language, settings: WorkflowSettings, organisations: [Organisation], revising project: Project) {
        self.language = language
        let reason = project.history.last { $0.action == .returned }?.text ?? ""
        self.revision = Revision(projectID: project.id, returnReason: reason, fundPlan: project.application.fundPlan)
        self.form = ApplicationForm.make(settings: settings, organisations: organisations, filledFrom: project.application)
    }

    public var breadcrumb: Bilingual {
        revision == nil ? Bilingual("项目申请", "Project application") : Bilingual("修改后重新提交", "Revise and resubmit")
    }
    public var keyHelp: [KeyHelp] { pending == nil ? Form.keyTable.help + Self.keyTable.help : Dialog.keyTable.help }
    public var message: Bilingual? { form.message }
    public var hasUnsavedInput: Bool { form.hasUnsavedInput }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key):
            if var open = pending {
                let pressed = open.dialog.update(key)
                pending = pressed == nil ? open : nil
                guard pressed == .confirm else { return [] }
                isSubmitting = true
                form.setMessage(Bilingual("正在提交申请…", "Filing the application…"))
                return [open.effect]
            }
            if Self.keyTable.action(for: key) == .back { return [.back] }
            guard !isSubmitting, case .submitted(let values) = form.update(key) else { return [] }
            pending = confirmation(for: values)
        case .refused(let reason):
            isSubmitting = false
            form.setMessage(Bilingual("申请未提交：\(reason.chinese)（所填内容已保留）", "Not filed: \(reason.english) (what you typed is kept)"))
        case .succeeded(let result):
            isSubmitting = false
            form.markSaved()
            form.setMessage(result)
        default:
            break
        }
        return []
    }

    /// The confirmation restating the application (name, budget in figures and 大写,
    /// implementing unit, fund plan) and the command it would send.
    private func confirmation(for values: [FormField: String]) -> (dialog: Dialog, effect: TUIEffect) {
        let application = revision.map { ApplicationForm.application(from: values, fundPlan: $0.fundPlan) }
            ?? ApplicationForm.application(from: values)
        let name = application.projectName
        let budget = application.budgetFen.yuanTextWithSymbol
        let unit = form.fields.first { $0.id == .implementingUnit }?.displayValue ?? Bilingual("", "")
        let stages = application.fundPlan.map { "\($0.title) \($0.amountFen.yuanTextWithSymbol)" }.joined(separator: "；")
        let facts = [
            Dialog.Fact(label: Bilingual("项目", "Project"), value: Bilingual(name, name)),
            Dialog.Fact(label: Bilingual("预算", "Budget"), value: Bilingual(budget, budget)),
            Dialog.Fact(label: Bilingual("大写", "In words (大写)"), value: Bilingual(application.budgetFen.chineseCapital, application.budgetFen.chineseCapital)),
            Dialog.Fact(label: Bilingual("承接单位", "Implementing unit"), value: unit),
            Dialog.Fact(label: Bilingual("资金计划", "Fund plan"), value: Bilingual(stages, stages)),
        ]
        guard let revision else {
            return (Dialog(title: Bilingual("提交项目申请？", "File this application?"), facts: facts,
                           note: Bilingual("提交后由省办审批", "The provincial office decides it next"),
                           confirmLabel: Bilingual("提交申请", "File")),
                    .fileApplication(application))
        }
        return (Dialog(title: Bilingual("重新提交此申请？", "Resubmit this application?"), facts: facts,
                       note: Bilingual("提交后由省办重新审批", "The provincial office decides it again"),
                       confirmLabel: Bilingual("重新提交", "Resubmit")),
                .submit(.resubmitApplication(projectID: revision.projectID, application: application),
                        success: Bilingual("已重新提交「\(name)」，等待省办审批", "Resubmitted \"\(name)\", awaiting the provincial office")))
    }

    public func render(into buffer: inout ScreenBuffer) {
        StepIndicator.render(current: .application, into: &buffer, row: 0, language: language)
        if let revision {
            let reason = language.pick("退回理由：", "Returned because: ") + revision.returnReason
            let column = buffer.write(DisplayWidth.truncate(reason, toColumns: buffer.columns - 24), row: 1, column: 2, style: .bold)
            buffer.write(language.pick("  改后按 F2 重新提交", "  F2 resubmits"), row: 1, column: column)
        } else {
            buffer.write(language.pick("项目/资金申请（* 为必填）", "Project and fund application (* required)"), row: 1, column: 2)
        }
        var area = ScreenBuffer(columns: buffer.columns, rows: max(0, buffer.rows - 2))
        form.render(into: &area, language: language)
        buffer.paste(area, row: 2, column: 0)
        pending?.dialog.render(into: &buffer, language: language)
    }
}

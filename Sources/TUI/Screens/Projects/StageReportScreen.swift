import LedgerClient
import Workflow

/// The implementing unit's project updates: progress (percent and what was done) and the
/// completion of the stage being built, with its note and, optionally, a revised plan for the
/// later stages (F4: the plan editor, which must redistribute exactly what they would pay).
/// Each is sent after a confirmation with Cancel focused; errors stand beside their field in
/// words; a refusal keeps the text.
public struct StageReportScreen: Screen {
    /// The fields, in Tab order.
    public enum Field: Int, CaseIterable, Sendable {
        /// Progress, 0-100 percent.
        case percent
        /// What was done.
        case description
        /// The stage's completion note.
        case note
    }

    /// What is being sent.
    public enum Report: Sendable, Equatable {
        /// Progress with its percent and description.
        case progress(Int, String)
        /// The stage's completion with its note and the revised later stages, if any.
        case completion(String, [FundPlanStage]?)
    }

    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Post the progress.
        case postProgress
        /// Complete the stage.
        case completeStage
        /// Revise the later stages (or go back from the plan to the fields).
        case revisePlan
        /// Next field.
        case next
        /// Previous field.
        case previous
        /// Leave.
        case back
    }

    /// The screen's keys (F-keys and Ctrl keys only: the fields take text).
    public static let keyTable = KeyTable<Action>(scope: "stageReport", [
        KeyBinding([.function(2), .control("s")], .postProgress, Bilingual("上报进度", "post progress")),
        KeyBinding([.function(7), .control("e")], .completeStage, Bilingual("本阶段完工", "complete stage")),
        KeyBinding([.function(4), .control("p")], .revisePlan, Bilingual("修订后续计划", "revise later stages")),
        KeyBinding([.tab, .down, .enter], .next, Bilingual("下一栏", "next field"), hinted: false),
        KeyBinding([.backTab, .up], .previous, Bilingual("上一栏", "previous field"), hinted: false),
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// The language to speak.
    public let language: Language
    /// The project, refreshed as blocks commit.
    public private(set) var project: Project
    /// The stage being built.
    public let stageIndex: Int
    /// The three fields' editors, by `Field`.
    public private(set) var editors: [LineEditor] = [
        LineEditor(charactersMax: 3, widthColumns: 5),
        LineEditor(charactersMax: WorkflowCommand.textCharactersMax, widthColumns: 40),
        LineEditor(charactersMax: WorkflowCommand.textCharactersMax, widthColumns: 40),
    ]
    /// Errors beside the fields, by `Field`.
    public private(set) var errors: [Bilingual?] = [nil, nil, nil]
    /// The focused field.
    public private(set) var focus = Field.percent
    /// The later stages being revised, once F4 opened them.
    public private(set) var planEditor: PlanEditor?
    /// Whether the plan editor has the keys and the screen.
    public private(set) var isEditingPlan = false
    /// The open confirmation and what it sends.
    public private(set) var pending: (dialog: Dialog, report: Report)?
    /// What was sent and has not been answered.
    public private(set) var sending: Report?
    /// The message line.
    public private(set) var message: Bilingual?

    /// Creates the screen for stage `stageIndex` of `project`.
    public init(language: Language, project: Project, stageIndex: Int) {
        self.language = language
        self.project = project
        self.stageIndex = stageIndex
        editors[Field.percent.rawValue].setText("\(project.progressPercent)")
    }

    public var breadcrumb: Bilingual {
        let name = project.application.projectName
        return Bilingual("项目进展：\(name)", "Progress: \(name)")
    }
    public var keyHelp: [KeyHelp] {
        if pending != nil { return Dialog.keyTable.help }
        return isEditingPlan ? Self.keyTable.help.filter { $0.keys != "F2/Ctrl-S" } + PlanEditor.keyTable.help : Self.keyTable.help
    }
    public var hasUnsavedInput: Bool {
        !editors[Field.description.rawValue].text.isEmpty || !editors[Field.note.rawValue].text.isEmpty || planEditor != nil
    }

    /// The later stages of the plan in force, which a revision replaces.
    var laterStages: [FundPlanStage] {
        project.currentStages.filter { $0.index > stageIndex }.map(\.stage.plan)
    }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .inboxLoaded(let snapshot): if let fresh = snapshot.project(project.id) { project = fresh }
        case .refused(let why):
            sending = nil
            message = Bilingual("未成功：\(why.chinese)（所填内容已保留）", "Not done: \(why.english) (what you typed is kept)")
        case .succeeded(let result):
            if case .progress = sending { editors[Field.description.rawValue].setText("") }
            if case .completion = sending {
                editors[Field.note.rawValue].setText("")
                planEditor = nil
                isEditingPlan = false
            }
            sending = nil
            message = result
        default: break
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        if var open = pending {
            let pressed = open.dialog.update(key)
            pending = pressed == nil ? open : nil
            return pressed == .confirm ? send(open.report) : []
        }
        let action = Self.keyTable.action(for: key)
        guard sending == nil || action == .back else { return [] }
        if isEditingPlan, ![.completeStage, .revisePlan, .back].contains(action) {
            _ = planEditor?.update(key)
            return []
        }
        switch action {
        case .postProgress: askProgress()
        case .completeStage: askCompletion()
        case .revisePlan: toggleRevision()
        case .back where isEditingPlan: isEditingPlan = false
        case .next: move(by: 1)
        case .previous: move(by: -1)
        case .back: return [.back]
        case nil:
            let typed = focus == .percent ? key.foldingFullWidthText : key
            _ = editors[focus.rawValue].update(typed)
            if errors[focus.rawValue] != nil {
                errors[focus.rawValue] = problem(focus)
                if errors[focus.rawValue] == nil { message = nil }
            }
        }
        return []
    }

    private mutating func move(by step: Int) {
        errors[focus.rawValue] = editors[focus.rawValue].text.isEmpty ? nil : problem(focus)
        let count = Field.allCases.count
        focus = Field(rawValue: ((focus.rawValue + step) % count + count) % count)!
    }

    /// A field's problem in words, nil when acceptable.
    func problem(_ field: Field) -> Bilingual? {
        let text = editors[field.rawValue].text
        if text.trimmingWhitespace.isEmpty { return Bilingual("必填", "required") }
        if field == .percent, Int(text).map({ (0...100).contains($0) }) != true {
            return Bilingual(rendering: FieldIssue.percentOutOfRange.message)
        }
        return nil
    }

    /// Checks `fields`; on a problem focuses the first and says it, naming the field.
    private mutating func checked(_ fields: [Field]) -> Bool {
        for field in fields { errors[field.rawValue] = problem(field) }
        guard let first = fields.first(where: { errors[$0.rawValue] != nil }), let error = errors[first.rawValue] else { return true }
        focus = first
        let label = Self.label(first)
        message = Bilingual("「\(label.chinese)」：\(error.chinese)", "\(label.english): \(error.english)")
        return false
    }

    private mutating func askProgress() {
        guard checked([.percent, .description]) else { return }
        let percent = Int(editors[Field.percent.rawValue].text)!, text = editors[Field.description.rawValue].text
        let facts = [Dialog.Fact(label: Bilingual("项目", "Project"), value: Bilingual(project.application.projectName, project.application.projectName)),
                     Dialog.Fact(label: Bilingual("进度", "Progress"), value: Bilingual("\(percent)%", "\(percent)%")),
                     Dialog.Fact(label: Bilingual("说明", "Description"), value: Bilingual(text, text))]
        pending = (Dialog(title: Bilingual("上报项目进度？", "Post this progress?"), facts: facts,
                          note: Bilingual("上链后不可撤销", "Once on chain this cannot be undone"),
                          confirmLabel: Bilingual("上报进度 \(percent)%", "Post \(percent)%")), .progress(percent, text))
    }

    /// Opens the plan editor on the later stages (their sum is what a revision must keep), or
    /// goes back from it to the fields.
    private mutating func toggleRevision() {
        guard !isEditingPlan else {
            isEditingPlan = false
            return
        }
        let later = laterStages
        guard !later.isEmpty else {
            message = Bilingual("这是最后一个阶段，没有后续计划可修订", "This is the last stage; there is no later plan to revise")
            return
        }
        if planEditor == nil {
            planEditor = PlanEditor(plan: later, total: Fen(later.reduce(Int64(0)) { $0 + $1.amountFen.value }), window: nil)
        }
        isEditingPlan = true
        message = Bilingual("修订后的各阶段合计须等于 \(planEditor!.total.yuanTextWithSymbol)；F7 连同完工一并提交，F4 返回",
                            "The revised stages must sum to \(planEditor!.total.yuanTextWithSymbol); F7 sends them with the completion, F4 goes back")
    }

    private mutating func askCompletion() {
        var revised: [FundPlanStage]?
        if planEditor != nil {
            guard let plan = planEditor?.check() else {
                isEditingPlan = true
                message = planEditor?.firstProblem
                return
            }
            revised = plan
        }
        if isEditingPlan, editors[Field.note.rawValue].text.trimmingWhitespace.isEmpty { isEditingPlan = false }
        guard checked([.note]) else { return }
        let note = editors[Field.note.rawValue].text
        let stage = project.stages[stageIndex].plan
        let figures = stage.amountFen.yuanTextWithSymbol
        let facts = [Dialog.Fact(label: Bilingual("项目", "Project"), value: Bilingual(project.application.projectName, project.application.projectName)),
                     Dialog.Fact(label: Bilingual("阶段", "Stage"), value: Bilingual("第 \(stageIndex + 1) 阶段 \(stage.title) \(figures)",
                                                                                   "stage \(stageIndex + 1) \(stage.title) \(figures)")),
                     Dialog.Fact(label: Bilingual("完工说明", "Note"), value: Bilingual(note, note))]
            + (revised.map { plan in
                let total = Fen(plan.reduce(Int64(0)) { $0 + $1.amountFen.value }).yuanTextWithSymbol
                return [Dialog.Fact(label: Bilingual("后续计划", "Later stages"),
                                    value: Bilingual("修订为 \(plan.count) 个阶段，合计 \(total)", "revised to \(plan.count) stages summing to \(total)"))]
            } ?? [])
        pending = (Dialog(title: Bilingual("报告本阶段完工？", "Report this stage complete?"), facts: facts,
                          note: Bilingual("县指挥部出具意见后放行下一阶段", "The county HQ's opinion then releases the next stage"),
                          confirmLabel: Bilingual("报告完工", "Report complete")), .completion(note, revised))
    }

    private mutating func send(_ report: Report) -> [TUIEffect] {
        sending = report
        message = Bilingual("正在上链…", "Submitting to the chain…")
        switch report {
        case .progress(let percent, let text):
            return [.submit(.postProgress(projectID: project.id, percent: percent, description: text, documentHashes: []),
                            success: Bilingual("已上报进度 \(percent)%", "Progress of \(percent)% posted"))]
        case .completion(let note, let revised):
            return [.submit(.completeStage(projectID: project.id, stageIndex: stageIndex, note: note, revisedPlan: revised),
                            success: Bilingual("已报告第 \(stageIndex + 1) 阶段完工，等待县指挥部意见",
                                               "Stage \(stageIndex + 1) reported complete; awaiting the county HQ's opinion"))]
        }
    }

    /// A field's label.
    static func label(_ field: Field) -> Bilingual {
        switch field {
        case .percent: Bilingual(rendering: FormField.progressPercent.label)
        case .description: Bilingual(rendering: FormField.progressDescription.label)
        case .note: Bilingual(rendering: FormField.completionNote.label)
        }
    }

    /// Draws the project, its stages, the three fields with their errors, and the dialog.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        buffer.write(DisplayWidth.truncate(project.application.projectName + l.pick("  当前进度 ", "  progress ") + "\(project.progressPercent)%",
                                           toColumns: buffer.columns - 3), row: 0, column: 2, style: .bold)
        if isEditingPlan, let planEditor {
            buffer.write(DisplayWidth.truncate(l.pick("修订第 \(stageIndex + 1) 阶段之后的计划，合计须等于 \(planEditor.total.yuanTextWithSymbol)",
                                                      "Later stages after stage \(stageIndex + 1), summing to \(planEditor.total.yuanTextWithSymbol)"),
                                               toColumns: buffer.columns - 3), row: 2, column: 2)
            var area = ScreenBuffer(columns: buffer.columns, rows: max(0, buffer.rows - 4))
            planEditor.render(into: &area, language: l, isFocused: pending == nil)
            buffer.paste(area, row: 4, column: 0)
            if let pending {
                pending.dialog.render(into: &buffer, language: l)
                buffer.cursor = nil
            }
            return
        }
        var row = StageTable.render(project, marking: stageIndex, into: &buffer, row: 2, language: l) + 1
        let labelColumns = Field.allCases.map { DisplayWidth.of(Self.label($0)(l)) }.max() ?? 0
        for field in Field.allCases {
            if field == .note {
                row += 1
                buffer.write(l.pick("第 \(stageIndex + 1) 阶段完工（F7）", "Stage \(stageIndex + 1) completion (F7)"), row: row - 1, column: 2)
            }
            let isFocused = focus == field && pending == nil
            if isFocused { buffer.write(">", row: row, column: 0, style: .bold) }
            let labelEnd = buffer.write("*" + DisplayWidth.pad(Self.label(field)(l), toColumns: labelColumns), row: row, column: 1, style: isFocused ? .bold : [])
            buffer.write("[", row: row, column: labelEnd + 1)
            let editor = editors[field.rawValue]
            editor.render(into: &buffer, row: row, column: labelEnd + 2, isFocused: isFocused, alignment: field == .percent ? .trailing : .leading)
            let after = buffer.write(field == .percent ? "]%" : "]", row: row, column: labelEnd + 2 + editor.widthColumns) + 1
            if let error = errors[field.rawValue] {
                buffer.write(DisplayWidth.truncate("! " + error(l), toColumns: max(0, buffer.columns - after - 1)), row: row, column: after, style: .bold)
            }
            row += 1
        }
        if let pending {
            pending.dialog.render(into: &buffer, language: l)
            buffer.cursor = nil
        }
    }
}

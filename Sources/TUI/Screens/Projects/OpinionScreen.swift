import LedgerClient
import Workflow

/// The county HQ's opinion on a completed stage: the project's stages, the completion note
/// and progress, then F2 releases the next stage's payment (or, after the last stage, accepts
/// the project) and F6 holds it, each with the opinion's text and a confirmation restating
/// the stage and the amount released (figures and 大写, payer and payee) with Cancel focused.
public struct OpinionScreen: Screen {
    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Release the next stage (or accept the project).
        case release
        /// Hold the next stage.
        case hold
        /// Leave.
        case back
    }

    /// The screen's keys (F-keys and Ctrl keys only: the opinion takes text).
    public static let keyTable = KeyTable<Action>(scope: "opinion", [
        KeyBinding([.function(2), .control("a")], .release, Bilingual("同意放行", "release")),
        KeyBinding([.function(6), .control("h")], .hold, Bilingual("暂缓放行", "hold")),
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// The language to speak.
    public let language: Language
    /// The project, refreshed as blocks commit.
    public private(set) var project: Project
    /// The completed stage the opinion is on.
    public let stageIndex: Int
    /// The chain's organisations, for names.
    public let consortium: Consortium
    /// The project's draft, for the payer of the stage a release frees (ask with `.loadDraft`).
    public private(set) var draft: DigitalDraft?
    /// The opinion's text.
    public private(set) var opinion = LineEditor(charactersMax: WorkflowCommand.textCharactersMax, widthColumns: 56)
    /// The open confirmation and whether it releases.
    public private(set) var pending: (dialog: Dialog, release: Bool)?
    /// Whether an opinion was sent and its reply has not come back.
    public private(set) var isSubmitting = false
    /// Whether the chain accepted the opinion.
    public private(set) var isGiven = false
    /// The message line.
    public private(set) var message: Bilingual?

    /// Creates the screen for stage `stageIndex` of `project`.
    public init(language: Language, project: Project, stageIndex: Int, consortium: Consortium) {
        self.language = language
        self.project = project
        self.stageIndex = stageIndex
        self.consortium = consortium
    }

    public var breadcrumb: Bilingual {
        let name = project.application.projectName
        return Bilingual("指挥部意见：\(name)", "HQ opinion: \(name)")
    }
    public var keyHelp: [KeyHelp] { pending == nil ? Self.keyTable.help : Dialog.keyTable.help }
    public var hasUnsavedInput: Bool { !isGiven && !opinion.text.isEmpty }

    /// The message when the opinion is empty.
    static let opinionRequired = Bilingual("「\(FormField.opinion.label(.chinese))」：必填", "\(FormField.opinion.label(.english)): required")

    /// The stage a release frees, nil after the last stage (a release accepts the project).
    public var nextStage: Int? { project.nextCurrentStage(after: stageIndex) }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .inboxLoaded(let snapshot): if let fresh = snapshot.project(project.id) { project = fresh }
        case .draftLoaded(let snapshot): if snapshot.draft.number == project.draftNumber { draft = snapshot.draft }
        case .refused(let why):
            isSubmitting = false
            message = Bilingual("未成功：\(why.chinese)（所填内容已保留）", "Not done: \(why.english) (what you typed is kept)")
        case .succeeded(let result):
            isSubmitting = false
            isGiven = true
            message = result
        default: break
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        if var open = pending {
            let pressed = open.dialog.update(key)
            pending = pressed == nil ? open : nil
            return pressed == .confirm ? submit(release: open.release) : []
        }
        let action = Self.keyTable.action(for: key)
        guard !isSubmitting, !isGiven || action == .back else { return [] }
        switch action {
        case .release: ask(release: true)
        case .hold: ask(release: false)
        case .back: return [.back]
        case nil:
            _ = opinion.update(key)
            if message == Self.opinionRequired, !opinion.text.trimmingWhitespace.isEmpty { message = nil }
        }
        return []
    }

    private mutating func ask(release: Bool) {
        let text = opinion.text
        guard !text.trimmingWhitespace.isEmpty else {
            message = Self.opinionRequired
            return
        }
        let name = project.application.projectName
        let opinionFact = Dialog.Fact(label: Bilingual("意见", "Opinion"), value: Bilingual(text, text))
        guard release else {
            pending = (Dialog(title: Bilingual("暂缓放行下一阶段？", "Hold the next stage?"),
                              facts: [Dialog.Fact(label: Bilingual("项目", "Project"), value: Bilingual(name, name)), opinionFact],
                              note: Bilingual("上链后不可撤销", "Once on chain this cannot be undone"), confirmLabel: Bilingual("暂缓放行", "Hold")), false)
            return
        }
        guard let next = nextStage else {
            pending = (Dialog(title: Bilingual("验收并完结项目？", "Accept the project as complete?"),
                              facts: [Dialog.Fact(label: Bilingual("项目", "Project"), value: Bilingual(name, name)), opinionFact],
                              note: Bilingual("这是最后一个阶段；上链后不可撤销", "This is the last stage; once on chain this cannot be undone"),
                              confirmLabel: Bilingual("验收完工", "Accept")), true)
            return
        }
        let stage = project.stages[next].plan
        let leg = Bilingual("第 \(next + 1) 阶段 \(stage.title)", "stage \(next + 1) \(stage.title)")
        let payerID = draft?.legs.first { $0.purpose == .stage(next) }?.payerID
        pending = (Dialog.onChain(action: Bilingual("放行第 \(next + 1) 阶段", "Release stage \(next + 1)"), draftNumber: project.draftNumber,
                                  amount: stage.amountFen, payer: payerID.map(consortium.name(of:)) ?? "",
                                  payee: consortium.name(of: project.application.implementingUnitID),
                                  more: [Dialog.Fact(label: Bilingual("阶段", "Stage"), value: leg), opinionFact]), true)
    }

    private mutating func submit(release: Bool) -> [TUIEffect] {
        isSubmitting = true
        message = Bilingual("正在上链…", "Submitting to the chain…")
        let success = !release ? Bilingual("已暂缓放行", "Held")
            : nextStage.map { Bilingual("已放行第 \($0 + 1) 阶段", "Stage \($0 + 1) released") } ?? Bilingual("已验收，项目完工", "Accepted; the project is complete")
        return [.submit(.giveOpinion(projectID: project.id, stageIndex: stageIndex, release: release, text: opinion.text), success: success)]
    }

    /// Draws the project, its stages, the completion note, the opinion field and the dialog.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        buffer.write(DisplayWidth.truncate(project.application.projectName + l.pick("  当前进度 ", "  progress ") + "\(project.progressPercent)%",
                                           toColumns: buffer.columns - 3), row: 0, column: 2, style: .bold)
        var row = StageTable.render(project, marking: stageIndex, into: &buffer, row: 2, language: l) + 1
        let note = project.stages[stageIndex].completionNote ?? ""
        buffer.write(DisplayWidth.truncate(l.pick("完工说明：", "Completion note: ") + note, toColumns: buffer.columns - 3), row: row, column: 2)
        row += 1
        let release = nextStage.map { next in
            let stage = project.stages[next].plan
            return l.pick("放行后拨付第 \(next + 1) 阶段 \(stage.amountFen.yuanTextWithSymbol)（\(stage.amountFen.chineseCapital)）",
                          "Releasing pays stage \(next + 1), \(stage.amountFen.yuanTextWithSymbol)")
        } ?? l.pick("这是最后一个阶段：放行即验收完工", "This is the last stage: releasing accepts the project")
        buffer.write(DisplayWidth.truncate(release, toColumns: buffer.columns - 3), row: row, column: 2)
        row += 2
        let labelEnd = buffer.write("*" + FormField.opinion.label(l) + l.pick("：", ": "), row: row, column: 1, style: .bold)
        buffer.write("[", row: row, column: labelEnd)
        opinion.render(into: &buffer, row: row, column: labelEnd + 1, isFocused: pending == nil && !isGiven)
        buffer.write("]", row: row, column: labelEnd + 1 + opinion.widthColumns)
        if let pending {
            pending.dialog.render(into: &buffer, language: l)
            buffer.cursor = nil
        }
    }
}

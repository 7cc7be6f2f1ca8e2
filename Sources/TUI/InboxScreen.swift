import LedgerClient
import Workflow

/// The signed-in organisation's home: what waits for it (`Ledger.inbox()`), counted and
/// summed per kind, then one row per item with its amount in figures. Refreshed whenever a
/// block commits, without a key press. Enter opens the item's screen: the decision, the
/// returned application to revise, my tranches on the leg, the progress report, the HQ's
/// opinion, or the stalled draft's tracking; F4 lists my tranches and F6 tracks a draft.
public struct InboxScreen: Screen {
    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Open the selected item.
        case open
        /// File a new application (county HQ).
        case newApplication
        /// Open the legs the organisation pays or receives.
        case tranches
        /// Track the selected item's draft.
        case track
        /// Read the inbox again.
        case refresh
        /// Open the reconciliation (organisations that pay, hold or audit).
        case reconciliation
        /// Open the node status and block explorer.
        case nodeStatus
        /// Open the documents screen (anchor, verify, export a proof).
        case documents
        /// Open help.
        case help
        /// Quit (after a confirmation).
        case quit
    }

    /// The screen's keys.
    public static let keyTable = KeyTable<Action>(scope: "inbox", [
        KeyBinding([.enter], .open, Bilingual("处理", "open")),
        KeyBinding([.function(3), .text("a")], .newApplication, Bilingual("新建申请", "new application")),
        KeyBinding([.function(4), .text("t")], .tranches, Bilingual("我的拨付", "my tranches")),
        KeyBinding([.function(6), .text("d")], .track, Bilingual("汇票追踪", "track draft")),
        KeyBinding([.function(5), .text("r")], .refresh, Bilingual("刷新", "refresh")),
        KeyBinding([.function(7), .text("c")], .reconciliation, Bilingual("对账", "reconcile")),
        KeyBinding([.function(8), .text("s")], .nodeStatus, Bilingual("节点", "node")),
        KeyBinding([.function(9), .text("f")], .documents, Bilingual("存证", "docs")),
        KeyBinding([.text("?")], .help, Bilingual("帮助", "help"), hinted: false),
        KeyBinding([.text("q"), .function(10)], .quit, Bilingual("退出", "quit")),
    ])

    /// The language to speak.
    public let language: Language
    /// Who is signed in.
    public let signedIn: SignedInOrganisation
    /// The last inbox read, nil until the first arrives.
    public private(set) var snapshot: InboxSnapshot?
    /// The items' list.
    public private(set) var list = ListView(items: [], pageRows: 10)
    /// The chain's organisations and settings, nil until read after sign-in.
    public private(set) var consortium: Consortium?
    /// The message line.
    public private(set) var message: Bilingual?
    private var columns = Shell.minimumColumns
    private var rows = Shell.minimumRows - Shell.frameRows

    /// Creates the screen for `signedIn`; its items arrive with `.inboxLoaded`.
    public init(language: Language, signedIn: SignedInOrganisation) {
        self.language = language
        self.signedIn = signedIn
    }

    private var kind: OrgKind { signedIn.organisation.kind }

    /// Whether organisations of this kind pay or receive legs (and so have tranches to see).
    private var takesPartInLegs: Bool { ![.provincialOffice, .auditor, .countyHQ].contains(kind) }

    public var breadcrumb: Bilingual { Bilingual("待办", "Inbox") }
    public var keyHelp: [KeyHelp] {
        Self.keyTable.help { offers($0) } + ListView.keyTable.help
    }
    public var hasUnsavedInput: Bool { false }

    /// Whether this organisation's kind is offered `action`.
    private func offers(_ action: Action) -> Bool {
        switch action {
        case .newApplication: kind == .countyHQ
        case .tranches: takesPartInLegs
        case .reconciliation: ReconciliationScreen.kinds.contains(kind)
        default: true
        }
    }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .inboxLoaded(let loaded):
            snapshot = loaded
            layOut()
        case .resize(let newColumns, let newRows):
            columns = newColumns
            rows = newRows
            layOut()
        case .consortiumLoaded(let loaded): consortium = loaded
        case .blockCommitted where consortium == nil: return [.loadConsortium]
        case .refused(let reason): message = reason
        case .succeeded(let result): message = result
        default: break
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        switch Self.keyTable.action(for: key) {
        case let action? where [.open, .newApplication, .tranches, .track].contains(action):
            guard let consortium else {
                message = Bilingual("正在读取链上的机构信息，请稍候再试", "Still reading the chain's organisations; try again in a moment")
                return []
            }
            return opening(action, consortium)
        case .refresh: return [.loadInbox]
        case .reconciliation where offers(.reconciliation):
            return [.open(ReconciliationScreen(language: language, signedIn: signedIn)), .loadReconciliation]
        case .nodeStatus: return [.open(NodeStatusScreen(language: language)), .loadChainStatus]
        case .documents: return [.open(DocumentsScreen(language: language))]
        case .reconciliation: message = Bilingual("对账由拨付、托管、审计机构和省办查看", "The reconciliation is for organisations that pay, hold or audit funds, and the provincial office")
        case .help: return [.showHelp]
        case .quit: return [.requestQuit]
        default: _ = list.update(key)
        }
        return []
    }

    /// What the keys that open a screen do, once the chain's organisations are known.
    private mutating func opening(_ action: Action, _ consortium: Consortium) -> [TUIEffect] {
        switch action {
        case .newApplication where kind == .countyHQ:
            return [.open(ApplicationFormScreen(language: language, settings: consortium.settings, organisations: consortium.organisations))]
        case .newApplication: message = Bilingual("只有县指挥部可以提交项目申请", "Only a county HQ files applications")
        case .tranches where takesPartInLegs:
            return [.open(TranchesScreen(language: language, organisationID: signedIn.organisation.id, consortium: consortium)), .loadTranches]
        case .tranches: message = Bilingual("本单位不拨付也不收款；F6 可追踪汇票", "We neither pay nor receive tranches; F6 tracks a draft")
        case .track: return track()
        default: return open()
        }
        return []
    }

    private mutating func open() -> [TUIEffect] {
        guard let snapshot, !snapshot.items.isEmpty, let consortium else { return [] }
        let item = snapshot.items[list.selectedIndex]
        let me = signedIn.organisation.id
        switch item.kind {
        case .decideApplication:
            guard let project = snapshot.project(item.projectID) else { break }
            return [.open(DecisionScreen(language: language, project: project, consortium: consortium))]
        case .reviseApplication:
            guard let project = snapshot.project(item.projectID) else { break }
            return [.open(ApplicationFormScreen(language: language, settings: consortium.settings, organisations: consortium.organisations,
                                                revising: project))]
        case .completeStage:
            guard let project = snapshot.project(item.projectID), let stage = item.stageIndex else { break }
            return [.open(StageReportScreen(language: language, project: project, stageIndex: stage))]
        case .giveOpinion:
            guard let project = snapshot.project(item.projectID), let stage = item.stageIndex else { break }
            return [.open(OpinionScreen(language: language, project: project, stageIndex: stage, consortium: consortium))]
                + (project.draftNumber.map { [.loadDraft($0)] } ?? [])
        case .stalledLeg: return track()
        case .payLeg, .confirmReceipt:
            return [.open(TranchesScreen(language: language, organisationID: me, consortium: consortium, selecting: item.legID)), .loadTranches]
        default: break
        }
        message = Bilingual("「\(item.kind.title.chinese)」的处理页面尚在开发中", "The screen for \"\(item.kind.title.english)\" is still to come")
        return []
    }

    /// Opens the tracking of the selected item's draft (its leg's, or its project's).
    private mutating func track() -> [TUIEffect] {
        guard let snapshot, !snapshot.items.isEmpty, let consortium else { return [] }
        let item = snapshot.items[list.selectedIndex]
        guard let number = item.legID?.draftNumber ?? snapshot.project(item.projectID)?.draftNumber else {
            message = Bilingual("此事项还没有数字汇票", "This item has no draft yet")
            return []
        }
        return [.open(DraftScreen(language: language, draftNumber: number, consortium: consortium)), .loadDraft(number)]
    }

    /// Columns of the kind column (the longest kind's title, in this language).
    private var titleColumns: Int { language == .chinese ? 12 : 26 }

    /// The rows above the list: title and one line per kind.
    private var summaryRows: Int { 2 + (snapshot?.totals.count ?? 0) }

    private mutating func layOut() {
        list.resize(rows: max(2, rows - summaryRows - 1))
        list.setItems((snapshot?.items ?? []).map { row(for: $0, columns: columns - 2) })
    }

    /// One item as a row `columns` wide: what, which project, the amount right-aligned.
    func row(for item: InboxItem, columns: Int) -> String {
        let l = language
        let amount = item.amountFen.map(\.yuanTextWithSymbol) ?? ""
        let subject = snapshot?.project(item.projectID)?.application.projectName ?? item.projectID ?? item.legID.map { "\($0)" } ?? ""
        let left = DisplayWidth.truncate(DisplayWidth.pad(item.kind.title(l), toColumns: titleColumns) + "  " + subject,
                                         toColumns: max(0, columns - 4 - DisplayWidth.of(amount)))
        return DisplayWidth.pad(left, toColumns: columns - 2 - DisplayWidth.of(amount)) + amount
    }

    /// Draws the summary per kind and the list.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        guard let snapshot else {
            buffer.write(l.pick("正在读取待办事项…", "Reading the inbox…"), row: 0, column: 2)
            return
        }
        let count = snapshot.items.count
        buffer.write(l.pick("待办事项：共 \(count) 项", "Waiting for you: \(count) item\(count == 1 ? "" : "s")"), row: 0, column: 2, style: .bold)
        if count == 0 {
            buffer.write(l.pick("目前没有需要处理的事项", "Nothing waits for you now"), row: 2, column: 2)
            return
        }
        for (offset, total) in snapshot.totals.enumerated() {
            let figures = total.amountFen.yuanTextWithSymbol
            let text = DisplayWidth.pad(total.kind.title(l), toColumns: titleColumns) + l.pick("\(total.count) 项", "\(total.count)")
            buffer.write(text, row: 1 + offset, column: 4)
            buffer.write(figures, row: 1 + offset, column: buffer.columns - 2 - DisplayWidth.of(figures))
        }
        var area = ScreenBuffer(columns: buffer.columns - 2, rows: max(2, buffer.rows - summaryRows - 1))
        list.render(into: &area, language: l)
        buffer.paste(area, row: summaryRows, column: 1)
    }
}

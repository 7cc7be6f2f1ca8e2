import LedgerClient
import Workflow

/// The signed-in organisation's home: what waits for it (`Ledger.inbox()`), counted and
/// summed per kind, then one row per item with its amount in figures. Refreshed whenever a
/// block commits, without a key press.
public struct InboxScreen: Screen {
    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Open the selected item.
        case open
        /// File a new application (county HQ).
        case newApplication
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
        KeyBinding([.function(5), .text("r")], .refresh, Bilingual("刷新", "refresh")),
        KeyBinding([.function(7), .text("c")], .reconciliation, Bilingual("对账", "reconcile")),
        KeyBinding([.function(8), .text("s")], .nodeStatus, Bilingual("节点", "node")),
        KeyBinding([.function(9), .text("d")], .documents, Bilingual("存证", "docs")),
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

    public var breadcrumb: Bilingual { Bilingual("待办", "Inbox") }
    public var keyHelp: [KeyHelp] {
        Self.keyTable.help { offers($0) } + ListView.keyTable.help
    }
    public var hasUnsavedInput: Bool { false }

    /// Whether this organisation's kind is offered `action`.
    private func offers(_ action: Action) -> Bool {
        switch action {
        case .newApplication: kind == .countyHQ
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
        case .refused(let reason): message = reason
        case .succeeded(let result): message = result
        case .signedIn, .blockCommitted, .statementRead, .reconciliationLoaded, .chainStatusLoaded, .blockFound, .fileHashed, .documentAnchored, .documentChecked: break
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        switch Self.keyTable.action(for: key) {
        case .open: return open()
        case .newApplication where kind == .countyHQ:
            return [.open(ApplicationFormScreen(language: language, settings: DemoConsortium.settings, organisations: DemoConsortium.organisations))]
        case .newApplication: message = Bilingual("只有县指挥部可以提交项目申请", "Only a county HQ files applications")
        case .refresh: return [.loadInbox]
        case .reconciliation where offers(.reconciliation):
            return [.open(ReconciliationScreen(language: language, signedIn: signedIn)), .loadReconciliation]
        case .nodeStatus: return [.open(NodeStatusScreen(language: language)), .loadChainStatus]
        case .documents: return [.open(DocumentsScreen(language: language))]
        case .reconciliation: message = Bilingual("对账由拨付、托管、审计机构和省办查看", "The reconciliation is for organisations that pay, hold or audit funds, and the provincial office")
        case .help: return [.showHelp]
        case .quit: return [.requestQuit]
        case nil: _ = list.update(key)
        }
        return []
    }

    private mutating func open() -> [TUIEffect] {
        guard let snapshot, !snapshot.items.isEmpty else { return [] }
        let item = snapshot.items[list.selectedIndex]
        guard item.kind == .decideApplication, let project = snapshot.project(item.projectID) else {
            message = Bilingual("「\(item.kind.title.chinese)」的处理页面尚在开发中", "The screen for \"\(item.kind.title.english)\" is still to come")
            return []
        }
        return [.open(DecisionScreen(language: language, project: project))]
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

import LedgerClient
import Workflow

/// The reconciliation (实时对账): the six outcome classes, then awaiting and reversed, each
/// with its count and amount; Enter opens a class with every item's leg and bank record side
/// by side. Read again whenever a block commits, without a key press. The bank imports
/// statements from here.
public struct ReconciliationScreen: Screen {
    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Open the selected class.
        case open
        /// Import a bank statement (the bank).
        case importStatement
        /// Read the book again.
        case refresh
        /// Leave.
        case back
    }

    /// The screen's keys.
    public static let keyTable = KeyTable<Action>(scope: "reconciliation", [
        KeyBinding([.enter], .open, Bilingual("查看明细", "open the class")),
        KeyBinding([.function(4), .text("i")], .importStatement, Bilingual("导入对账单", "import a statement")),
        KeyBinding([.function(5), .text("r")], .refresh, Bilingual("刷新", "refresh")),
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// The organisation kinds that see the reconciliation: those who pay, hold or audit funds,
    /// and the provincial office, which resolves differences.
    public static let kinds: [OrgKind] = [.provincialOffice, .countyFinance, .provincialFinance, .commercialBank,
                                          .limitedPartnership, .countyFundCompany, .auditor]

    /// The language to speak.
    public let language: Language
    /// Who is signed in (only the bank imports).
    public let signedIn: SignedInOrganisation
    /// The last book read, nil until the first arrives.
    public private(set) var snapshot: ReconciliationSnapshot?
    /// The classes' list.
    public private(set) var list = ListView(items: [], pageRows: ReconciliationSnapshot.classes.count)
    /// The message line.
    public private(set) var message: Bilingual?

    /// Creates the screen; its book arrives with `.reconciliationLoaded` (open it together with
    /// `.loadReconciliation`).
    public init(language: Language, signedIn: SignedInOrganisation) {
        self.language = language
        self.signedIn = signedIn
    }

    private var isBank: Bool { signedIn.organisation.kind == .commercialBank }

    public var breadcrumb: Bilingual { Bilingual("对账", "Reconciliation") }
    public var keyHelp: [KeyHelp] { Self.keyTable.help { isBank || $0 != .importStatement } + ListView.keyTable.help }
    public var hasUnsavedInput: Bool { false }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .reconciliationLoaded(let loaded):
            snapshot = loaded
            layOut()
        case .resize: break
        case .blockCommitted: return [.loadReconciliation]
        case .refused(let reason): message = reason
        case .succeeded(let result): message = result
        case .signedIn, .inboxLoaded, .statementRead, .chainStatusLoaded, .blockFound, .primaryExplained, .fileHashed, .documentAnchored, .documentChecked,
             .consortiumLoaded, .tranchesLoaded, .draftLoaded, .readFailed: break
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        switch Self.keyTable.action(for: key) {
        case .open:
            guard let snapshot else { return [] }
            let outcome = ReconciliationSnapshot.classes[list.selectedIndex]
            return [.open(ReconciliationClassScreen(language: language, outcome: outcome, snapshot: snapshot))]
        case .importStatement where isBank: return [.open(StatementImportScreen(language: language))]
        case .importStatement: message = Bilingual("只有商业银行发布对账单", "Only the commercial bank publishes statements")
        case .refresh: return [.loadReconciliation]
        case .back: return [.back]
        case nil: _ = list.update(key)
        }
        return []
    }

    /// Columns of the class name column.
    private var nameColumns: Int { language == .chinese ? 18 : 26 }
    /// Columns of a count column and of an amount column (right-aligned).
    static let countColumns = 6
    static let amountColumns = 17

    private mutating func layOut() {
        guard let snapshot else { return }
        list.setItems(snapshot.totals.map(row))
    }

    /// `text` right-aligned in `columns`.
    static func right(_ text: String, _ columns: Int) -> String {
        String(repeating: " ", count: max(0, columns - DisplayWidth.of(text))) + text
    }

    /// One class as a row: a marker for differences, the name, then payments and bank records
    /// each with count and amount.
    func row(_ total: ReconciliationSnapshot.ClassTotal) -> String {
        let isOpen = total.outcome.isException && total.paymentCount + total.recordCount > 0
        return DisplayWidth.pad((isOpen ? "! " : "  ") + total.outcome.name(language), toColumns: nameColumns)
            + Self.right("\(total.paymentCount)", Self.countColumns) + Self.right(total.paymentFen?.yuanTextWithSymbol ?? "-", Self.amountColumns)
            + Self.right("\(total.recordCount)", Self.countColumns + 2) + Self.right(total.recordFen?.yuanTextWithSymbol ?? "-", Self.amountColumns)
    }

    /// The column headings, aligned with `row`.
    private var headings: String {
        let l = language
        return DisplayWidth.pad(l.pick("  类别", "  Class"), toColumns: nameColumns)
            + Self.right(l.pick("拨付", "Paid"), Self.countColumns) + Self.right(l.pick("拨付金额", "Paid amount"), Self.amountColumns)
            + Self.right(l.pick("流水", "Bank"), Self.countColumns + 2) + Self.right(l.pick("流水金额", "Bank amount"), Self.amountColumns)
    }

    /// Draws the summary line, the classes and the note.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        guard let snapshot else {
            buffer.write(l.pick("正在读取对账结果…", "Reading the reconciliation…"), row: 0, column: 2)
            return
        }
        let legs = snapshot.entries.filter { if case .leg = $0.item.subject { true } else { false } }.count
        let records = snapshot.entries.count - legs
        buffer.write(l.pick("对账结果：共 \(snapshot.total) 项（拨付 \(legs) 笔，银行流水 \(records) 笔）",
                            "Reconciliation: \(snapshot.total) items (\(legs) payments, \(records) bank records)"), row: 0, column: 2, style: .bold)
        if snapshot.entries.count < snapshot.total {
            buffer.write(l.pick("仅显示前 \(snapshot.entries.count) 项", "Showing the first \(snapshot.entries.count) items"), row: 1, column: 2)
        }
        buffer.write(headings, row: 2, column: 4)
        var area = ScreenBuffer(columns: buffer.columns - 2, rows: ReconciliationSnapshot.classes.count + 1)
        list.render(into: &area, language: l)
        buffer.paste(area, row: 3, column: 2)
        let noteRow = 4 + ReconciliationSnapshot.classes.count + 1
        buffer.write(l.pick("「!」标出需要处理的差异；区块提交时自动更新", "\"!\" marks differences to look at; updated as blocks commit"),
                     row: noteRow, column: 2)
    }
}

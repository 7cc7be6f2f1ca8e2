import Workflow

/// One reconciliation class: its items in a list, and the selected item's leg and bank record
/// side by side, so a difference can be seen field by field. Follows the book as it changes.
public struct ReconciliationClassScreen: Screen {
    /// What the screen's own keys do (the list's keys move the selection).
    public enum Action: Sendable {
        /// Leave.
        case back
    }

    /// The screen's keys.
    public static let keyTable = KeyTable<Action>(scope: "reconciliationClass", [
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// Rows the list takes, with its status line.
    static let listRows = 7

    /// The language to speak.
    public let language: Language
    /// The class shown.
    public let outcome: ReconciliationOutcome
    /// The class's entries, in item order.
    public private(set) var entries: [ReconciliationEntry]
    /// The entries' list.
    public private(set) var list: ListView
    private var columns = Shell.minimumColumns

    /// Creates the screen for `outcome` in `snapshot`.
    public init(language: Language, outcome: ReconciliationOutcome, snapshot: ReconciliationSnapshot) {
        self.language = language
        self.outcome = outcome
        self.entries = snapshot.entries(of: outcome)
        self.list = ListView(items: [], pageRows: Self.listRows - 1)
        layOut()
    }

    public var breadcrumb: Bilingual { Bilingual(rendering: outcome.name) }
    public var keyHelp: [KeyHelp] { Self.keyTable.help + ListView.keyTable.help }
    public var message: Bilingual? { nil }
    public var hasUnsavedInput: Bool { false }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key):
            if Self.keyTable.action(for: key) == .back { return [.back] }
            _ = list.update(key)
        case .reconciliationLoaded(let snapshot):
            entries = snapshot.entries(of: outcome)
            layOut()
        case .resize(let newColumns, _):
            columns = newColumns
            layOut()
        case .refused, .succeeded, .signedIn, .inboxLoaded, .blockCommitted, .statementRead, .chainStatusLoaded, .blockFound, .primaryExplained, .fileHashed,
             .documentAnchored, .documentChecked,
             .consortiumLoaded, .tranchesLoaded, .draftLoaded, .readFailed: break
        }
        return []
    }

    private mutating func layOut() {
        list.setItems(entries.map { row($0, columns: columns - 4) })
    }

    /// One entry as a row: fund serial, what it is, the amount right-aligned.
    func row(_ entry: ReconciliationEntry, columns: Int) -> String {
        let l = language
        let what: String
        switch entry.item.subject {
        case .leg(let id): what = l.pick("拨付 ", "payment ") + "\(id)"
        case .bankRecord: what = l.pick("银行流水 ", "bank record ") + (entry.record?.record.bankSerial ?? "")
        }
        let amount = entry.amountFen.yuanTextWithSymbol
        let left = DisplayWidth.pad(entry.item.fundSerial ?? l.pick("（无流水号）", "(no serial)"), toColumns: 16) + what
        return DisplayWidth.pad(DisplayWidth.truncate(left, toColumns: columns - 3 - DisplayWidth.of(amount)), toColumns: columns - 2 - DisplayWidth.of(amount)) + amount
    }

    /// The leg's side: what the chain says was paid, row for row against `recordLines`.
    func legLines(_ leg: Leg?) -> [String] {
        let l = language
        guard let leg else { return [l.pick("（链上无对应拨付）", "(no payment on chain)")] }
        return [
            l.pick("拨付段 ", "Leg ") + "\(leg.id)",
            l.pick("付款方 ", "Payer ") + leg.payerID,
            l.pick("付款账号 ", "Payer acct ") + leg.payerAccount,
            l.pick("收款方 ", "Payee ") + leg.payeeID,
            l.pick("收款账号 ", "Payee acct ") + leg.payeeAccount,
            l.pick("金额 ", "Amount ") + leg.amountFen.yuanTextWithSymbol,
            l.pick("状态 ", "Status ") + leg.status.name(l),
            l.pick("流水号 ", "Serial ") + (leg.fundSerial ?? "-"),
        ]
    }

    /// The bank's side: what the statement says moved, row for row against `legLines`.
    func recordLines(_ published: PublishedBankRecord?) -> [String] {
        let l = language
        guard let record = published?.record else { return [l.pick("（无银行流水）", "(no bank record)")] }
        let direction = record.direction == .debit ? l.pick("借", "debit") : l.pick("贷", "credit")
        return [
            l.pick("银行流水号 ", "Bank serial ") + record.bankSerial,
            l.pick("本方账号 ", "Account ") + record.accountNumber,
            l.pick("付款账号 ", "Payer acct ") + (record.payerAccount.isEmpty ? "-" : record.payerAccount),
            l.pick("对方户名 ", "Other party ") + record.counterpartyName,
            l.pick("收款账号 ", "Payee acct ") + (record.payeeAccount.isEmpty ? "-" : record.payeeAccount),
            l.pick("金额 ", "Amount ") + record.amountFen.yuanTextWithSymbol + " " + direction,
            l.pick("记账时间 ", "Booked ") + record.time.isoText(utcOffsetMinutes: Timestamp.chinaStandardTimeOffsetMinutes),
            l.pick("流水号 ", "Serial ") + (record.fundSerial ?? "-"),
        ]
    }

    /// Draws the list and the selected entry's two sides.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        let title = l.pick("\(outcome.name(l))：\(entries.count) 项", "\(outcome.name(l)): \(entries.count) item\(entries.count == 1 ? "" : "s")")
        buffer.write(title, row: 0, column: 2, style: .bold)
        guard !entries.isEmpty else {
            buffer.write(l.pick("此类目前没有项目", "Nothing in this class now"), row: 2, column: 2)
            return
        }
        var area = ScreenBuffer(columns: buffer.columns - 2, rows: Self.listRows)
        list.render(into: &area, language: l)
        buffer.paste(area, row: 1, column: 2)
        let entry = entries[list.selectedIndex]
        let top = 2 + Self.listRows
        let half = (buffer.columns - 4) / 2
        buffer.write(l.pick("链上拨付", "On chain"), row: top, column: 2, style: .bold)
        buffer.write(l.pick("银行流水", "Bank statement"), row: top, column: 3 + half, style: .bold)
        for (offset, line) in legLines(entry.leg).enumerated() {
            buffer.write(DisplayWidth.truncate(line, toColumns: half - 1), row: top + 1 + offset, column: 2)
        }
        for (offset, line) in recordLines(entry.record).enumerated() {
            buffer.write(DisplayWidth.truncate(line, toColumns: half - 1), row: top + 1 + offset, column: 3 + half)
        }
        if let resolution = entry.item.resolution {
            buffer.write(DisplayWidth.truncate(l.pick("已说明（\(resolution.resolverID)）：", "Resolved by \(resolution.resolverID): ") + resolution.explanation,
                                               toColumns: buffer.columns - 4), row: top + 10, column: 2)
        }
    }
}

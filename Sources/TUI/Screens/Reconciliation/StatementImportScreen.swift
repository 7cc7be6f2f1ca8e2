import Workflow

/// The bank's statement import: type the file's path, choose the layout (or let it be
/// detected) and, when the file does not say it, the account; F2 reads and checks the file.
/// Problems are listed by line and column and nothing is imported; a file that parses opens a
/// confirmation restating the file, layout, account, record count and total, Cancel focused.
public struct StatementImportScreen: Screen {
    /// Which part has the keys.
    public enum Focus: Int, Sendable, CaseIterable {
        /// The file path.
        case path
        /// The layout choice.
        case bank
        /// The account number.
        case account
        /// The list of problems.
        case problems
    }

    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Read and check the file, then confirm the import.
        case check
        /// Next part.
        case next
        /// Previous part.
        case previous
        /// Leave.
        case back
    }

    /// The screen's keys (F-keys and Ctrl keys only: the fields take text).
    public static let keyTable = KeyTable<Action>(scope: "statementImport", [
        KeyBinding([.function(2), .control("o")], .check, Bilingual("检查并导入", "check and import")),
        KeyBinding([.tab, .down], .next, Bilingual("下一栏", "next field")),
        KeyBinding([.backTab, .up], .previous, Bilingual("上一栏", "previous field"), hinted: false),
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// The layouts offered: detection first, then the presets.
    public static let layouts: [(id: String?, name: Bilingual)] =
        [(nil, Bilingual("自动识别", "detect"))] + BankColumnMapping.presets.map { ($0.id, Bilingual($0.displayName, $0.displayName)) }

    /// The language to speak.
    public let language: Language
    /// The file's path.
    public private(set) var path = LineEditor(charactersMax: 400, widthColumns: 50)
    /// The chosen layout, an index into `layouts`.
    public private(set) var layoutIndex = 0
    /// The account, when the file does not name it.
    public private(set) var account = LineEditor(charactersMax: 40, widthColumns: 24)
    /// Which part has the keys.
    public private(set) var focus = Focus.path
    /// The last reading of the file.
    public private(set) var reading: StatementReading?
    /// The problems of the last reading, scrollable.
    public private(set) var problems = ListView(items: [], pageRows: 10)
    /// The open confirmation.
    public private(set) var dialog: Dialog?
    /// Whether a read or a publication was sent and its reply has not come back.
    public private(set) var isBusy = false
    /// The message line.
    public private(set) var message: Bilingual?
    private var rows = Shell.minimumRows - Shell.frameRows

    /// Creates the screen with empty fields.
    public init(language: Language) { self.language = language }

    public var breadcrumb: Bilingual { Bilingual("导入银行对账单", "Import a bank statement") }
    public var keyHelp: [KeyHelp] {
        if dialog != nil { return Dialog.keyTable.help }
        return Self.keyTable.help + (focus == .problems ? ListView.keyTable.help : [])
    }
    public var hasUnsavedInput: Bool { false }

    /// The row where the problems' list starts.
    static let problemsRow = 7

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .resize(_, let newRows):
            rows = newRows
            problems.resize(rows: max(2, rows - Self.problemsRow))
        case .statementRead(let read): received(read)
        case .succeeded(let result):
            isBusy = false
            reading = nil
            message = result
        case .refused(let why):
            isBusy = false
            message = Bilingual("未导入：\(why.chinese)", "Not imported: \(why.english)")
        case .signedIn, .inboxLoaded, .blockCommitted, .reconciliationLoaded, .chainStatusLoaded, .blockFound, .primaryExplained, .fileHashed, .documentAnchored,
             .documentChecked, .consortiumLoaded, .tranchesLoaded, .draftLoaded, .readFailed: break
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        if var open = dialog {
            let pressed = open.update(key)
            dialog = pressed == nil ? open : nil
            guard pressed == .confirm, let reading else { return [] }
            isBusy = true
            message = Bilingual("正在上链…", "Publishing…")
            return [.publishStatement(reading)]
        }
        guard !isBusy || Self.keyTable.action(for: key) == .back else { return [] }
        switch Self.keyTable.action(for: key) {
        case .check: return check()
        case .next: move(by: 1)
        case .previous: move(by: -1)
        case .back: return [.back]
        case nil: edit(key)
        }
        return []
    }

    private mutating func move(by step: Int) {
        let count = problems.items.isEmpty ? Focus.allCases.count - 1 : Focus.allCases.count
        focus = Focus(rawValue: ((focus.rawValue + step) % count + count) % count) ?? .path
    }

    private mutating func edit(_ key: Key) {
        switch focus {
        case .path: _ = path.update(key)
        case .account: _ = account.update(key)
        case .problems: _ = problems.update(key)
        case .bank:
            let step: Int? = switch key { case .right, .text(" "): 1; case .left: -1; default: nil }
            guard let step else { return }
            layoutIndex = ((layoutIndex + step) % Self.layouts.count + Self.layouts.count) % Self.layouts.count
        }
    }

    private mutating func check() -> [TUIEffect] {
        let file = path.text.trimmingWhitespace
        guard !file.isEmpty else {
            focus = .path
            message = Bilingual("「文件路径」：必填", "File path: required")
            return []
        }
        let typedAccount = account.text.trimmingWhitespace
        isBusy = true
        message = Bilingual("正在读取并检查文件…", "Reading and checking the file…")
        return [.readStatement(path: file, bankID: Self.layouts[layoutIndex].id, account: typedAccount.isEmpty ? nil : typedAccount)]
    }

    private mutating func received(_ read: StatementReading) {
        isBusy = false
        reading = read
        problems = ListView(items: read.problems.map { $0(language) }, pageRows: max(1, rows - Self.problemsRow - 1))
        guard let statement = read.statement else {
            focus = .problems
            message = Bilingual("文件有 \(read.problems.count) 处问题，未导入任何记录", "The file has \(read.problems.count) problem(s); nothing was imported")
            return
        }
        if focus == .problems { focus = .path }
        message = nil
        dialog = Self.confirmation(read, statement: statement)
    }

    /// The confirmation restating the file, layout, account, record count and total.
    static func confirmation(_ read: StatementReading, statement: BankStatement) -> Dialog {
        let count = statement.records.count
        let layout = BankColumnMapping.presets.first { $0.id == statement.mappingID }?.displayName ?? statement.mappingID
        let total = read.totalFen
        let figures = total?.yuanTextWithSymbol ?? "-"
        let words = total?.chineseCapital ?? "-"
        func same(_ text: String) -> Bilingual { Bilingual(text, text) }
        let facts = [
            Dialog.Fact(label: Bilingual("文件", "File"), value: same(read.path)),
            Dialog.Fact(label: Bilingual("银行格式", "Layout"), value: same(layout)),
            Dialog.Fact(label: Bilingual("账号", "Account"), value: same(statement.accountNumber)),
            Dialog.Fact(label: Bilingual("笔数", "Records"), value: Bilingual("\(count) 笔", "\(count)")),
            Dialog.Fact(label: Bilingual("金额合计", "Total"), value: same(figures)),
            Dialog.Fact(label: Bilingual("大写", "In words (大写)"), value: same(words)),
        ]
        return Dialog(title: Bilingual("将对账单发布上链？", "Publish the statement on chain?"), facts: facts,
                      note: Bilingual("上链后不可撤销；与已发布记录相同的笔数会跳过", "Once on chain this cannot be undone; records already published are skipped"),
                      confirmLabel: Bilingual("导入 \(count) 笔", "Import \(count) records"))
    }

    /// Draws the fields, the reading's result or problems, and the open confirmation.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        buffer.write(l.pick("导入银行对账单（CSV，UTF-8 或 GB18030）", "Import a bank statement (CSV, UTF-8 or GB18030)"), row: 0, column: 2, style: .bold)
        let labels = [l.pick("文件路径", "File path"), l.pick("银行格式", "Layout"), l.pick("账号（文件未写明时）", "Account (if not in file)")]
        let labelColumns = labels.map(DisplayWidth.of).max() ?? 0
        let boxColumn = 2 + labelColumns + 2
        for (index, label) in labels.enumerated() {
            let isFocused = focus.rawValue == index && dialog == nil
            if isFocused { buffer.write(">", row: 2 + index, column: 0, style: .bold) }
            buffer.write(label, row: 2 + index, column: 2, style: isFocused ? .bold : [])
            buffer.write("[", row: 2 + index, column: boxColumn)
        }
        path.render(into: &buffer, row: 2, column: boxColumn + 1, isFocused: focus == .path && dialog == nil)
        buffer.write("]", row: 2, column: boxColumn + 1 + 50)
        buffer.write("< \(Self.layouts[layoutIndex].name(l)) >", row: 3, column: boxColumn + 1)
        buffer.write("]", row: 3, column: boxColumn + 1 + 50)
        account.render(into: &buffer, row: 4, column: boxColumn + 1, isFocused: focus == .account && dialog == nil)
        buffer.write("]", row: 4, column: boxColumn + 1 + 24)
        if let reading, !reading.problems.isEmpty {
            buffer.write(l.pick("问题（按行号，Tab 移到此处滚动）：", "Problems (by line; Tab here to scroll):"), row: 6, column: 2, style: .bold)
            var area = ScreenBuffer(columns: buffer.columns - 2, rows: max(2, buffer.rows - Self.problemsRow))
            problems.render(into: &area, language: l)
            buffer.paste(area, row: Self.problemsRow, column: 2)
        } else {
            buffer.write(l.pick("格式可自动识别：工商银行、建设银行、农业银行及通用格式", "Layouts detected: ICBC, CCB, ABC and a generic one"), row: 6, column: 2)
        }
        if let dialog {
            dialog.render(into: &buffer, language: l)
            buffer.cursor = nil
        }
    }
}

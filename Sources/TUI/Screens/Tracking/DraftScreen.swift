import LedgerClient
import Workflow

/// Draft tracking: a draft's flow as a diagram of its holders with what each holds and where
/// it stands, its legs with amounts, statuses and fund serial numbers, and (Tab) its history
/// with times, block heights and transaction hashes. Stalled money is said in words at the
/// top and in the holder's box. Re-read whenever a block commits.
public struct DraftScreen: Screen {
    /// The two panels.
    public enum Panel: Sendable, Equatable {
        /// The diagram and the legs.
        case flow
        /// The history.
        case history
    }

    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Show the other panel.
        case switchPanel
        /// Read the draft again.
        case refresh
        /// Open help.
        case help
        /// Leave.
        case back
    }

    /// The screen's keys.
    public static let keyTable = KeyTable<Action>(scope: "draft", [
        KeyBinding([.tab, .backTab], .switchPanel, Bilingual("流向/历史", "flow/history")),
        KeyBinding([.function(5), .text("r")], .refresh, Bilingual("刷新", "refresh")),
        KeyBinding([.text("?")], .help, Bilingual("帮助", "help"), hinted: false),
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// The language to speak.
    public let language: Language
    /// The draft tracked.
    public let draftNumber: String
    /// The chain's organisations, for names.
    public let consortium: Consortium
    /// The last read, nil until the first arrives.
    public private(set) var snapshot: DraftSnapshot?
    /// The panel shown.
    public private(set) var panel = Panel.flow
    /// The legs (flow panel).
    public private(set) var legList = ListView(items: [], pageRows: 4)
    /// The history (history panel).
    public private(set) var historyList = ListView(items: [], pageRows: 10)
    /// The history's lines, in list order.
    public private(set) var history: [DraftHistory.Line] = []
    /// The message line: nothing of its own (a failed read is the shell's to say).
    public var message: Bilingual? { nil }
    private var rows = Shell.minimumRows - Shell.frameRows

    /// Creates the screen; the draft arrives with `.draftLoaded` (ask with `.loadDraft`).
    public init(language: Language, draftNumber: String, consortium: Consortium) {
        self.language = language
        self.draftNumber = draftNumber
        self.consortium = consortium
    }

    public var breadcrumb: Bilingual { Bilingual("汇票追踪 \(draftNumber)", "Track \(draftNumber)") }
    public var keyHelp: [KeyHelp] { Self.keyTable.help + ListView.keyTable.help }
    public var hasUnsavedInput: Bool { false }

    /// The diagram of the draft read last.
    public var diagram: FlowDiagram? { snapshot.map { FlowDiagram(draft: $0.draft) } }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key):
            switch Self.keyTable.action(for: key) {
            case .switchPanel: panel = panel == .flow ? .history : .flow
            case .refresh: return [.loadDraft(draftNumber)]
            case .help: return [.showHelp]
            case .back: return [.back]
            case nil: _ = panel == .flow ? legList.update(key) : historyList.update(key)
            }
        case .draftLoaded(let loaded) where loaded.draft.number == draftNumber:
            snapshot = loaded
            layOut()
        case .resize(_, let newRows):
            rows = newRows
            layOut()
        case .blockCommitted: return [.loadDraft(draftNumber)]
        default: break
        }
        return []
    }

    /// Rows above the diagram: the draft's line and the stalled notice.
    static let diagramTop = 2

    private mutating func layOut() {
        guard let snapshot else { return }
        let l = language
        let draft = snapshot.draft
        legList.setItems(draft.legs.map { leg in
            let parties = DisplayWidth.pad(DisplayWidth.truncate("\(leg.id.index + 1) \(consortium.name(of: leg.payerID)) -> \(consortium.name(of: leg.payeeID))",
                                                                 toColumns: 36), toColumns: 37)
            let amount = leg.amountFen.yuanTextWithSymbol
            let status = LegText.isStalled(leg) ? l.pick("滞留!", "STALLED") : leg.status.name(l)
            return parties + String(repeating: " ", count: max(0, 14 - DisplayWidth.of(amount))) + amount + "  "
                + DisplayWidth.pad(status, toColumns: 10) + (leg.fundSerial ?? "")
        })
        let diagramRows = FlowDiagram(draft: draft).rows
        legList.resize(rows: max(2, rows - Self.diagramTop - diagramRows - 1))
        history = DraftHistory.lines(draft: draft, project: snapshot.project, consortium: consortium)
        historyList.setItems(history.map { DraftHistory.row($0, l) })
        historyList.resize(rows: max(2, rows - 2 - Self.detailRows))
    }

    /// The top line: draft, amount, status, project.
    func title(_ l: Language) -> String {
        guard let snapshot else { return "" }
        let draft = snapshot.draft
        let name = snapshot.project?.application.projectName ?? draft.projectID
        return l.pick("数字汇票 \(draft.number) · \(draft.amountFen.yuanTextWithSymbol) · \(draft.status.name(l)) · \(name)",
                      "Draft \(draft.number) · \(draft.amountFen.yuanTextWithSymbol) · \(draft.status.name(l)) · \(name)")
    }

    /// The stalled legs in words, or nil when nothing stalled.
    func stalledNotice(_ l: Language) -> String? {
        guard let snapshot else { return nil }
        let stalled = snapshot.draft.legs.filter(LegText.isStalled)
        guard let first = stalled.first else { return nil }
        let waited = LegText.waitingSince(first).map { WaitingTime.text(from: $0, to: snapshot.asOf, l) } ?? ""
        let payer = consortium.name(of: first.payerID)
        let more = stalled.count > 1 ? l.pick("等 \(stalled.count) 笔", " and \(stalled.count - 1) more") : ""
        return l.pick("! 滞留：\(payer) 应付第 \(first.id.index + 1) 笔 \(first.amountFen.yuanTextWithSymbol)，已等待 \(waited)\(more)",
                      "! STALLED: \(payer) owes leg \(first.id.index + 1), \(first.amountFen.yuanTextWithSymbol), waiting \(waited)\(more)")
    }

    /// Rows under the history for the selected entry in full.
    static let detailRows = 4

    /// The selected history entry in full: what happened (up to three lines) and its whole
    /// transaction hash.
    private func renderDetail(into buffer: inout ScreenBuffer, row: Int) {
        guard history.indices.contains(historyList.selectedIndex) else { return }
        let l = language
        let line = history[historyList.selectedIndex]
        for (offset, text) in DisplayWidth.wrap(line.text(l), toColumns: buffer.columns - 4).prefix(Self.detailRows - 1).enumerated() {
            buffer.write(text, row: row + offset, column: 2)
        }
        let hash = line.provenance.transactionHash.isEmpty ? l.pick("（区块步骤，无交易）", "(block step, no transaction)") : line.provenance.transactionHashHex
        buffer.write(DisplayWidth.truncate(l.pick("交易 ", "tx ") + hash, toColumns: buffer.columns - 3), row: row + Self.detailRows - 1, column: 2)
    }

    /// Draws the title, the stalled notice, and the panel shown.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        guard let snapshot else {
            buffer.write(l.pick("正在读取数字汇票 \(draftNumber)…", "Reading draft \(draftNumber)…"), row: 0, column: 2)
            return
        }
        buffer.write(DisplayWidth.truncate(title(l), toColumns: buffer.columns - 3), row: 0, column: 2, style: .bold)
        if panel == .history {
            buffer.write(l.pick("历史（时间为北京时间，# 为区块高度，其后为交易哈希）", "History (Beijing time, # block height, then the transaction hash)"),
                         row: 1, column: 2)
            var area = ScreenBuffer(columns: buffer.columns - 2, rows: max(2, buffer.rows - 2 - Self.detailRows))
            historyList.render(into: &area, language: l)
            buffer.paste(area, row: 2, column: 1)
            renderDetail(into: &buffer, row: buffer.rows - Self.detailRows)
            return
        }
        if let notice = stalledNotice(l) {
            buffer.write(DisplayWidth.truncate(notice, toColumns: buffer.columns - 3), row: 1, column: 2, style: .bold)
        }
        let diagram = FlowDiagram(draft: snapshot.draft)
        diagram.render(into: &buffer, row: Self.diagramTop, column: 2, columns: buffer.columns - 4, consortium: consortium, language: l)
        let listTop = Self.diagramTop + diagram.rows + 1
        var area = ScreenBuffer(columns: buffer.columns - 2, rows: max(2, buffer.rows - listTop))
        legList.render(into: &area, language: l)
        buffer.paste(area, row: listTop, column: 1)
    }
}

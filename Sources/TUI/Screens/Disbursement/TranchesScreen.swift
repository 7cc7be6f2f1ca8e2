import LedgerClient
import Workflow

/// Step 3 for funders and payees: "my tranches", every leg the organisation pays or receives
/// with its draft, project, amount, counterparty, status and waiting time. F2 records a
/// payment (its own screen), F3 confirms a receipt after a confirmation with Cancel focused,
/// F6 tracks the draft. Re-read whenever a block commits.
public struct TranchesScreen: Screen {
    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Record the selected leg's payment.
        case pay
        /// Confirm the selected leg's receipt.
        case confirm
        /// Reverse the selected leg's payment (recorded in error).
        case reverse
        /// Track the selected leg's draft.
        case track
        /// Read the legs again.
        case refresh
        /// Open help.
        case help
        /// Leave.
        case back
    }

    /// The screen's keys (letters too: the list has no text field).
    public static let keyTable = KeyTable<Action>(scope: "tranches", [
        KeyBinding([.function(2), .text("p")], .pay, Bilingual("拨付", "pay")),
        KeyBinding([.function(3), .text("c")], .confirm, Bilingual("确认到账", "confirm receipt")),
        KeyBinding([.function(8), .text("x")], .reverse, Bilingual("冲正", "reverse")),
        KeyBinding([.function(6), .text("d")], .track, Bilingual("汇票追踪", "track draft")),
        KeyBinding([.function(5), .text("r")], .refresh, Bilingual("刷新", "refresh")),
        KeyBinding([.text("?")], .help, Bilingual("帮助", "help"), hinted: false),
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// The language to speak.
    public let language: Language
    /// Who is signed in.
    public let organisationID: String
    /// The chain's organisations, for names.
    public let consortium: Consortium
    /// The last read, nil until the first arrives.
    public private(set) var snapshot: TranchesSnapshot?
    /// The legs listed, in list order.
    public private(set) var legs: [Leg] = []
    /// The list of legs.
    public private(set) var list = ListView(items: [], pageRows: 10)
    /// The open receipt confirmation and the leg it confirms.
    public private(set) var pending: (dialog: Dialog, legID: LegID)?
    /// Whether a confirmation was sent and its reply has not come back.
    public private(set) var isSubmitting = false
    /// The message line.
    public private(set) var message: Bilingual?
    /// The leg to select when the legs arrive (the inbox item it was opened from).
    private var legToSelect: LegID?
    private var columns = Shell.minimumColumns
    private var rows = Shell.minimumRows - Shell.frameRows

    /// Creates the screen; its legs arrive with `.tranchesLoaded` (ask with `.loadTranches`).
    public init(language: Language, organisationID: String, consortium: Consortium, selecting legID: LegID? = nil) {
        self.language = language
        self.organisationID = organisationID
        self.consortium = consortium
        self.legToSelect = legID
    }

    public var breadcrumb: Bilingual { Bilingual("我的拨付", "My tranches") }
    public var keyHelp: [KeyHelp] { pending == nil ? Self.keyTable.help + ListView.keyTable.help : Dialog.keyTable.help }
    public var hasUnsavedInput: Bool { false }

    /// The selected leg, if any.
    public var selectedLeg: Leg? { legs.isEmpty ? nil : legs[list.selectedIndex] }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .tranchesLoaded(let loaded):
            snapshot = loaded
            layOut()
        case .resize(let newColumns, let newRows):
            columns = newColumns
            rows = newRows
            layOut()
        case .blockCommitted: return [.loadTranches]
        case .refused(let why):
            isSubmitting = false
            message = Bilingual("未成功：\(why.chinese)", "Not done: \(why.english)")
        case .succeeded(let result):
            isSubmitting = false
            message = result
            return [.loadTranches]
        default: break
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        if var open = pending {
            let pressed = open.dialog.update(key)
            pending = pressed == nil ? open : nil
            guard pressed == .confirm, let leg = legs.first(where: { $0.id == open.legID }) else { return [] }
            isSubmitting = true
            message = Bilingual("正在上链…", "Submitting to the chain…")
            let figures = leg.amountFen.yuanTextWithSymbol
            return [.submit(.confirmReceipt(legID: leg.id), success: Bilingual("已确认收到 \(leg.id) \(figures)", "Confirmed receipt of \(leg.id), \(figures)"))]
        }
        switch Self.keyTable.action(for: key) {
        case .pay: return pay()
        case .confirm: askToConfirm()
        case .reverse: return reverse()
        case .track:
            guard let number = selectedLeg?.id.draftNumber else { return [] }
            return [.open(DraftScreen(language: language, draftNumber: number, consortium: consortium)), .loadDraft(number)]
        case .refresh: return [.loadTranches]
        case .help: return [.showHelp]
        case .back: return [.back]
        case nil: _ = list.update(key)
        }
        return []
    }

    private mutating func pay() -> [TUIEffect] {
        guard let leg = selectedLeg, !isSubmitting else { return [] }
        guard LegText.isPayable(leg, by: organisationID) else {
            message = leg.payerID != organisationID
                ? Bilingual("\(leg.id) 不由本单位拨付", "\(leg.id) is not ours to pay")
                : leg.status != .pending
                ? Bilingual("\(leg.id) 已是「\(leg.status.name(.chinese))」，无需拨付", "\(leg.id) is already \(leg.status.name(.english)); nothing to pay")
                : Bilingual("\(leg.id) 尚不能付：本单位还未收到这笔资金，或该阶段尚未放行",
                            "\(leg.id) is not due: the money has not reached us yet, or its stage is not released")
            return []
        }
        let project = snapshot?.projects.first { $0.id == snapshot?.drafts.first { $0.number == leg.id.draftNumber }?.projectID }
        return [.open(PaymentScreen(language: language, leg: leg, project: project, consortium: consortium))]
    }

    private mutating func reverse() -> [TUIEffect] {
        guard let leg = selectedLeg, !isSubmitting else { return [] }
        guard leg.payerID == organisationID, leg.status == .paid else {
            message = leg.payerID != organisationID
                ? Bilingual("\(leg.id) 不由本单位拨付，不能冲正", "\(leg.id) is not ours to reverse")
                : Bilingual("\(leg.id) 是「\(leg.status.name(.chinese))」，只有已拨付、未确认的款项可以冲正",
                            "\(leg.id) is \(leg.status.name(.english)); only a paid, unconfirmed leg can be reversed")
            return []
        }
        return [.open(ReversalScreen(language: language, leg: leg, consortium: consortium))]
    }

    private mutating func askToConfirm() {
        guard let leg = selectedLeg, !isSubmitting else { return }
        guard LegText.isConfirmable(leg, by: organisationID) else {
            message = leg.payeeID != organisationID
                ? Bilingual("\(leg.id) 的收款方不是本单位", "We are not the payee of \(leg.id)")
                : Bilingual("\(leg.id) 是「\(leg.status.name(.chinese))」，只有已拨付的款项可以确认到账",
                            "\(leg.id) is \(leg.status.name(.english)); only a paid leg can be confirmed")
            return
        }
        let serial = leg.fundSerial ?? ""
        pending = (Dialog.onChain(action: Bilingual("确认到账", "Confirm receipt"), draftNumber: leg.id.description, amount: leg.amountFen,
                                  payer: consortium.name(of: leg.payerID), payee: consortium.name(of: leg.payeeID),
                                  more: [Dialog.Fact(label: Bilingual("资金流水号", "Fund serial"), value: Bilingual(serial, serial))]),
                   leg.id)
    }

    private mutating func layOut() {
        legs = snapshot?.legs(of: organisationID) ?? []
        list.resize(rows: max(2, rows - Self.listTop))
        list.setItems(legs.map { row(for: $0, columns: columns - 4) })
        if let wanted = legToSelect, let index = legs.firstIndex(where: { $0.id == wanted }) {
            legToSelect = nil
            for _ in 0..<index { _ = list.update(.down) }
        }
    }

    /// Rows above the list: the step indicator, the summary, the column titles.
    static let listTop = 4

    /// Column widths of a row `columns` wide: leg, project, amount, counterparty, status, waiting.
    static func widths(columns: Int) -> [Int] {
        [14, max(6, columns - 64), 15, 14, 10, 6]
    }

    /// One leg as a row `columns` wide.
    func row(for leg: Leg, columns: Int) -> String {
        let l = language
        let pays = leg.payerID == organisationID
        let other = consortium.name(of: pays ? leg.payeeID : leg.payerID)
        let counterparty = (pays ? l.pick("付 ", "to ") : l.pick("收 ", "from ")) + other
        let waited = LegText.waitingSince(leg).map { WaitingTime.text(from: $0, to: snapshot?.asOf ?? $0, l) } ?? "-"
        let amount = leg.amountFen.yuanTextWithSymbol
        return Self.cells([leg.id.description, snapshot?.projectName(ofDraft: leg.id.draftNumber) ?? "", amount, counterparty,
                           LegText.status(leg, for: organisationID, l), waited], columns: columns)
    }

    /// Cells laid out in the columns' widths, the amount (third) right-aligned.
    static func cells(_ texts: [String], columns: Int) -> String {
        zip(texts, widths(columns: columns)).enumerated().map { index, cell in
            let text = DisplayWidth.truncate(cell.0, toColumns: cell.1)
            if index == 2 { return String(repeating: " ", count: cell.1 - DisplayWidth.of(text)) + text }
            return DisplayWidth.pad(text, toColumns: cell.1)
        }.joined(separator: " ")
    }

    /// Draws the step indicator, the summary, the column titles, the list and the open dialog.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        StepIndicator.render(current: .disbursement, into: &buffer, row: 0, language: l)
        guard snapshot != nil else {
            buffer.write(l.pick("正在读取拨付记录…", "Reading the tranches…"), row: 2, column: 2)
            return
        }
        buffer.write(DisplayWidth.truncate(summary(l), toColumns: buffer.columns - 4), row: 1, column: 2, style: .bold)
        let titles = [l.pick("汇票-笔次", "Leg"), l.pick("项目", "Project"), l.pick("金额", "Amount"), l.pick("对方", "Counterparty"),
                      l.pick("状态", "Status"), l.pick("已等待", "Age")]
        buffer.write(Self.cells(titles, columns: buffer.columns - 4), row: 3, column: 3)
        guard !legs.isEmpty else {
            buffer.write(l.pick("本单位在任何数字汇票中都没有收付款", "We pay or receive in no draft"), row: Self.listTop, column: 3)
            return
        }
        var area = ScreenBuffer(columns: buffer.columns - 2, rows: max(2, buffer.rows - Self.listTop))
        list.render(into: &area, language: l)
        buffer.paste(area, row: Self.listTop, column: 1)
        if let pending {
            pending.dialog.render(into: &buffer, language: l)
            buffer.cursor = nil
        }
    }

    /// "待拨付 2 笔 ¥… · 待确认到账 1 笔 ¥… · 滞留 0 笔".
    func summary(_ l: Language) -> String {
        func total(_ chosen: [Leg]) -> String { Fen(chosen.reduce(Int64(0)) { $0 + $1.amountFen.value }).yuanTextWithSymbol }
        let toPay = legs.filter { LegText.isPayable($0, by: organisationID) }
        let toConfirm = legs.filter { LegText.isConfirmable($0, by: organisationID) }
        let stalled = legs.filter { LegText.isStalled($0) && $0.payerID == organisationID }
        return l.pick("待拨付 \(toPay.count) 笔 \(total(toPay)) · 待确认到账 \(toConfirm.count) 笔 \(total(toConfirm)) · 滞留 \(stalled.count) 笔",
                      "To pay: \(toPay.count), \(total(toPay)) · to confirm: \(toConfirm.count), \(total(toConfirm)) · stalled: \(stalled.count)")
    }
}

import LedgerClient
import Workflow

/// Reversing a payment recorded in error (冲正), by its payer before the payee confirms: the
/// leg's facts, the reason (required), and a confirmation restating draft, amount in figures
/// and 大写, payer, payee and the serial being reversed, with Cancel focused. The chain
/// appends a compensating entry; nothing is edited.
public struct ReversalScreen: Screen {
    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Check the reason and ask for confirmation.
        case reverse
        /// Leave.
        case back
    }

    /// The screen's keys (F-keys and Ctrl keys only: the reason takes text).
    public static let keyTable = KeyTable<Action>(scope: "reversal", [
        KeyBinding([.function(2), .control("s")], .reverse, Bilingual("冲正", "reverse")),
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// The language to speak.
    public let language: Language
    /// The paid leg reversed.
    public let leg: Leg
    /// The chain's organisations, for names.
    public let consortium: Consortium
    /// Why the payment is reversed.
    public private(set) var reason = LineEditor(charactersMax: WorkflowCommand.textCharactersMax, widthColumns: 56)
    /// The open confirmation.
    public private(set) var dialog: Dialog?
    /// Whether the reversal was sent and its reply has not come back.
    public private(set) var isSubmitting = false
    /// Whether the chain accepted it.
    public private(set) var isReversed = false
    /// The message line.
    public private(set) var message: Bilingual?

    /// Creates the screen for `leg`.
    public init(language: Language, leg: Leg, consortium: Consortium) {
        self.language = language
        self.leg = leg
        self.consortium = consortium
    }

    public var breadcrumb: Bilingual { Bilingual("冲正 \(leg.id)", "Reverse \(leg.id)") }
    public var keyHelp: [KeyHelp] { dialog == nil ? Self.keyTable.help : Dialog.keyTable.help }
    public var hasUnsavedInput: Bool { !isReversed && !reason.text.isEmpty }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .refused(let why):
            isSubmitting = false
            message = Bilingual("未冲正：\(why.chinese)（所填内容已保留）", "Not reversed: \(why.english) (what you typed is kept)")
        case .succeeded(let result):
            isSubmitting = false
            isReversed = true
            message = result
        default: break
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        if var open = dialog {
            let pressed = open.update(key)
            dialog = pressed == nil ? open : nil
            return pressed == .confirm ? submit() : []
        }
        let action = Self.keyTable.action(for: key)
        guard !isSubmitting, !isReversed || action == .back else { return [] }
        switch action {
        case .reverse: askToConfirm()
        case .back: return [.back]
        case nil: _ = reason.update(key)
        }
        return []
    }

    private mutating func askToConfirm() {
        let text = reason.text
        guard !text.trimmingWhitespace.isEmpty else {
            message = Bilingual("「\(FormField.reason.label(.chinese))」：必填", "\(FormField.reason.label(.english)): required")
            return
        }
        message = nil
        let serial = leg.fundSerial ?? ""
        dialog = Dialog.onChain(action: Bilingual("冲正拨付", "Reverse payment"), draftNumber: leg.id.description, amount: leg.amountFen,
                                payer: consortium.name(of: leg.payerID), payee: consortium.name(of: leg.payeeID),
                                more: [Dialog.Fact(label: Bilingual("冲正流水号", "Serial reversed"), value: Bilingual(serial, serial)),
                                       Dialog.Fact(label: Bilingual("理由", "Reason"), value: Bilingual(text, text))])
    }

    private mutating func submit() -> [TUIEffect] {
        isSubmitting = true
        message = Bilingual("正在上链…", "Submitting to the chain…")
        let figures = leg.amountFen.yuanTextWithSymbol
        return [.submit(.reversePayment(legID: leg.id, reason: reason.text),
                        success: Bilingual("已冲正 \(leg.id) \(figures)，可重新拨付", "Reversed \(leg.id), \(figures); it can be paid again"))]
    }

    /// Draws the leg's facts, the reason field and the dialog.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        StepIndicator.render(current: .disbursement, into: &buffer, row: 0, language: l)
        let facts = [
            (l.pick("数字汇票", "Draft"), leg.id.description),
            (l.pick("付款方", "Payer"), consortium.name(of: leg.payerID)),
            (l.pick("收款方", "Payee"), consortium.name(of: leg.payeeID)),
            (l.pick("金额", "Amount"), leg.amountFen.yuanTextWithSymbol + "  " + leg.amountFen.chineseCapital),
            (l.pick("资金流水号", "Fund serial"), leg.fundSerial ?? ""),
        ]
        let labelColumns = facts.map { DisplayWidth.of($0.0) }.max() ?? 0
        for (offset, (label, value)) in facts.enumerated() {
            buffer.write(label, row: 2 + offset, column: 2)
            buffer.write(DisplayWidth.truncate(value, toColumns: buffer.columns - labelColumns - 5), row: 2 + offset, column: 4 + labelColumns)
        }
        let row = 3 + facts.count
        let labelEnd = buffer.write("*" + l.pick("冲正理由：", "Reason: "), row: row, column: 1, style: .bold)
        buffer.write("[", row: row, column: labelEnd)
        reason.render(into: &buffer, row: row, column: labelEnd + 1, isFocused: dialog == nil && !isReversed)
        buffer.write("]", row: row, column: labelEnd + 1 + reason.widthColumns)
        buffer.write(DisplayWidth.truncate(l.pick("只能在收款方确认到账之前由付款方冲正；冲正记录上链，原记录保留",
                                                  "Only the payer, before the payee confirms; the reversal is recorded, the payment stays in the history"),
                                           toColumns: buffer.columns - 4), row: row + 1, column: 2)
        if let dialog {
            dialog.render(into: &buffer, language: l)
            buffer.cursor = nil
        }
    }
}

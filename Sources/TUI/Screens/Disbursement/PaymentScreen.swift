import LedgerClient
import Workflow

/// Step 3, recording one payment: the leg's facts (draft, project, purpose, payer and payee
/// with accounts, amount in figures and 大写) and the fund serial number (资金流水号) the bank
/// transfer carries, checked by the chain's own rule beside the field. F2 opens a confirmation
/// restating everything with Cancel focused; a refusal keeps the serial and says why.
public struct PaymentScreen: Screen {
    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Check the serial and ask for confirmation.
        case record
        /// Leave.
        case back
    }

    /// The screen's keys (F-keys and Ctrl keys only: the serial field takes text).
    public static let keyTable = KeyTable<Action>(scope: "payment", [
        KeyBinding([.function(2), .control("s"), .enter], .record, Bilingual("记录拨付", "record payment")),
        KeyBinding([.escape], .back, Bilingual("返回", "back")),
    ])

    /// The language to speak.
    public let language: Language
    /// The leg paid.
    public let leg: Leg
    /// Its draft's project, for names.
    public let project: Project?
    /// The chain's organisations, for names.
    public let consortium: Consortium
    /// The fund serial number being typed.
    public private(set) var serial = LineEditor(charactersMax: FundSerialNumber.lengthRange.upperBound, widthColumns: 24)
    /// What is wrong with the serial, as last checked.
    public private(set) var serialError: Bilingual?
    /// The open confirmation.
    public private(set) var dialog: Dialog?
    /// Whether the payment was sent and its reply has not come back.
    public private(set) var isSubmitting = false
    /// Whether the chain accepted the payment.
    public private(set) var isRecorded = false
    /// The message line.
    public private(set) var message: Bilingual?

    /// Creates the screen for `leg`.
    public init(language: Language, leg: Leg, project: Project?, consortium: Consortium) {
        self.language = language
        self.leg = leg
        self.project = project
        self.consortium = consortium
    }

    public var breadcrumb: Bilingual { Bilingual("拨付 \(leg.id)", "Pay \(leg.id)") }
    public var keyHelp: [KeyHelp] { dialog == nil ? Self.keyTable.help : Dialog.keyTable.help }
    public var hasUnsavedInput: Bool { !isRecorded && !serial.text.isEmpty }

    /// The serial's problem in words, nil when the chain would accept its form.
    static func problem(_ text: String) -> Bilingual? {
        if text.isEmpty { return Bilingual("必填", "required") }
        guard FundSerialNumber.isWellFormed(text) else {
            let range = FundSerialNumber.lengthRange
            return Bilingual("须为 \(range.lowerBound)-\(range.upperBound) 位字母、数字或 - _ /",
                             "must be \(range.lowerBound)-\(range.upperBound) letters, digits, - _ or /")
        }
        return nil
    }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .refused(let why):
            isSubmitting = false
            message = Bilingual("未拨付：\(why.chinese)（所填内容已保留）", "Not recorded: \(why.english) (what you typed is kept)")
        case .succeeded(let result):
            isSubmitting = false
            isRecorded = true
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
        guard !isSubmitting, !isRecorded || action == .back else { return [] }
        switch action {
        case .record: askToConfirm()
        case .back: return [.back]
        case nil:
            _ = serial.update(key.foldingFullWidthText)
            if serialError != nil { serialError = Self.problem(serial.text) }
        }
        return []
    }

    private mutating func askToConfirm() {
        serialError = Self.problem(serial.text)
        if let serialError {
            message = Bilingual("「资金流水号」：\(serialError.chinese)", "Fund serial number: \(serialError.english)")
            return
        }
        let text = serial.text
        message = nil
        dialog = Dialog.onChain(action: Bilingual("确认拨付", "Record payment"), draftNumber: leg.id.description, amount: leg.amountFen,
                                payer: consortium.name(of: leg.payerID), payee: consortium.name(of: leg.payeeID),
                                more: [Dialog.Fact(label: Bilingual("资金流水号", "Fund serial"), value: Bilingual(text, text))])
    }

    private mutating func submit() -> [TUIEffect] {
        isSubmitting = true
        message = Bilingual("正在上链…", "Submitting to the chain…")
        let figures = leg.amountFen.yuanTextWithSymbol
        return [.submit(.recordPayment(legID: leg.id, fundSerial: serial.text),
                        success: Bilingual("已记录拨付 \(leg.id) \(figures)，资金流水号 \(serial.text)",
                                           "Payment of \(leg.id), \(figures), recorded with fund serial \(serial.text)"))]
    }

    /// The leg's facts as (label, value) lines.
    func facts(_ l: Language) -> [(String, String)] {
        let payer = consortium.name(of: leg.payerID), payee = consortium.name(of: leg.payeeID)
        return [
            (l.pick("数字汇票", "Draft"), "\(leg.id.draftNumber)" + l.pick("（第 \(leg.id.index + 1) 笔）", " (leg \(leg.id.index + 1))")),
            (l.pick("项目", "Project"), project?.application.projectName ?? ""),
            (l.pick("用途", "Purpose"), LegText.purpose(leg, project: project, l)),
            (l.pick("付款方", "Payer"), payer + l.pick("  账户 ", "  account ") + leg.payerAccount),
            (l.pick("收款方", "Payee"), payee + l.pick("  账户 ", "  account ") + leg.payeeAccount),
            (l.pick("金额", "Amount"), leg.amountFen.yuanTextWithSymbol),
            (l.pick("大写", "In words (大写)"), leg.amountFen.chineseCapital),
            (l.pick("状态", "Status"), leg.status.name(l)),
        ]
    }

    /// Draws the step indicator, the facts, the serial field with its error, and the dialog.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        StepIndicator.render(current: .disbursement, into: &buffer, row: 0, language: l)
        let lines = facts(l)
        let labelColumns = lines.map { DisplayWidth.of($0.0) }.max() ?? 0
        for (offset, (label, value)) in lines.enumerated() {
            buffer.write(label, row: 2 + offset, column: 2)
            buffer.write(DisplayWidth.truncate(value, toColumns: buffer.columns - labelColumns - 5), row: 2 + offset, column: 4 + labelColumns)
        }
        let row = 3 + lines.count
        let labelEnd = buffer.write("*" + l.pick("资金流水号：", "Fund serial: "), row: row, column: 1, style: .bold)
        buffer.write("[", row: row, column: labelEnd)
        serial.render(into: &buffer, row: row, column: labelEnd + 1, isFocused: dialog == nil && !isRecorded)
        let errorColumn = buffer.write("]", row: row, column: labelEnd + 1 + serial.widthColumns) + 1
        if let serialError {
            buffer.write(DisplayWidth.truncate("! " + serialError(l), toColumns: max(0, buffer.columns - errorColumn - 1)),
                         row: row, column: errorColumn, style: .bold)
        }
        buffer.write(DisplayWidth.truncate(l.pick("与银行转账附言中的资金流水号一致，对账时据此匹配银行流水",
                                                  "As written in the bank transfer's remark; reconciliation matches the bank record by it"),
                                           toColumns: buffer.columns - 4), row: row + 1, column: 2)
        if let dialog {
            dialog.render(into: &buffer, language: l)
            buffer.cursor = nil
        }
    }
}

extension Key {
    /// Typed text with full-width letters and digits folded to ASCII (a serial typed with a
    /// Chinese input method in full-width mode); other keys unchanged.
    var foldingFullWidthText: Key {
        if case .text(let text) = self { return .text(text.foldingFullWidth) }
        return self
    }
}

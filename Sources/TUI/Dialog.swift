import Workflow

/// A confirmation that restates what will happen, with two buttons naming the choice. The
/// focus starts on Cancel and no single key confirms: confirming takes a move to the action
/// button and Enter, so nothing irreversible happens by accident.
public struct Dialog: Sendable {
    /// The two buttons.
    public enum Button: Sendable, Equatable {
        /// Do the action the dialog names.
        case confirm
        /// Leave everything as it is.
        case cancel
    }

    /// One restated fact: a label and its value ("金额", "¥9,000,000.00").
    public struct Fact: Sendable, Equatable {
        /// What the value is.
        public let label: Bilingual
        /// The value.
        public let value: Bilingual
    }

    /// The question ("确认拨付？").
    public let title: Bilingual
    /// What will happen, one fact a line.
    public let facts: [Fact]
    /// A closing remark ("上链后不可撤销"), if any.
    public let note: Bilingual?
    /// The action button's label, naming the action ("确认拨付 ¥9,000,000.00").
    public let confirmLabel: Bilingual
    /// The cancel button's label.
    public let cancelLabel: Bilingual
    /// The focused button; Cancel when the dialog opens.
    public private(set) var focus = Button.cancel

    /// Creates a dialog focused on Cancel.
    public init(title: Bilingual, facts: [Fact], note: Bilingual?, confirmLabel: Bilingual,
                cancelLabel: Bilingual = Bilingual("取消", "Cancel")) {
        self.title = title
        self.facts = facts
        self.note = note
        self.confirmLabel = confirmLabel
        self.cancelLabel = cancelLabel
    }

    /// What a dialog's keys do.
    public enum Action: Sendable {
        /// Move the focus to the other button.
        case switchFocus
        /// Press the focused button.
        case press
        /// Close without doing anything.
        case cancel
    }

    /// The keys a dialog understands, for dispatch and help.
    public static let keyTable = KeyTable<Action>(scope: "dialog", [
        KeyBinding([.left, .right, .tab, .backTab], .switchFocus, Bilingual("切换按钮", "switch button")),
        KeyBinding([.enter], .press, Bilingual("执行所选按钮", "press the focused button")),
        KeyBinding([.escape], .cancel, Bilingual("取消", "cancel")),
    ])

    /// Applies a key; returns the chosen button when one was pressed.
    public mutating func update(_ key: Key) -> Button? {
        switch Self.keyTable.action(for: key) {
        case .switchFocus: focus = focus == .cancel ? .confirm : .cancel
        case .press: return focus
        case .cancel: return .cancel
        case nil: break
        }
        return nil
    }

    /// A confirmation of an on-chain action, restating draft, amount in figures and 大写,
    /// payer and payee, then `more` (a fund serial number, say); the action button names the
    /// action and the amount.
    public static func onChain(action: Bilingual, draftNumber: String?, amount: Fen, payer: String, payee: String,
                               more: [Fact] = []) -> Dialog {
        var facts: [Fact] = []
        if let draftNumber { facts.append(Fact(label: Bilingual("数字汇票", "Draft"), value: Bilingual(draftNumber, draftNumber))) }
        let figures = amount.yuanTextWithSymbol
        facts += [
            Fact(label: Bilingual("金额", "Amount"), value: Bilingual(figures, figures)),
            Fact(label: Bilingual("大写", "In words (大写)"), value: Bilingual(amount.chineseCapital, amount.chineseCapital)),
            Fact(label: Bilingual("付款方", "Payer"), value: Bilingual(payer, payer)),
            Fact(label: Bilingual("收款方", "Payee"), value: Bilingual(payee, payee)),
        ] + more
        return Dialog(title: Bilingual("\(action.chinese)？", "\(action.english)?"), facts: facts,
                      note: Bilingual("上链后不可撤销", "Once on chain this cannot be undone"),
                      confirmLabel: Bilingual("\(action.chinese) \(figures)", "\(action.english) \(figures)"))
    }

    /// The confirmation before quitting, warning when typed input would be lost.
    public static func quit(hasUnsavedInput: Bool) -> Dialog {
        Dialog(title: Bilingual("退出 FundChain？", "Quit FundChain?"), facts: [],
               note: hasUnsavedInput ? Bilingual("已输入的内容尚未提交，退出后将丢失", "What you typed has not been submitted and will be lost") : nil,
               confirmLabel: Bilingual("退出", "Quit"), cancelLabel: Bilingual("继续使用", "Stay"))
    }

    /// Draws the dialog as an ASCII-bordered box centred in `buffer` (ASCII so the border lines
    /// up in terminals that draw box-drawing characters double width).
    public func render(into buffer: inout ScreenBuffer, language l: Language) {
        let labelColumns = facts.map { DisplayWidth.of($0.label(l)) }.max() ?? 0
        var lines = facts.map { fact in
            fact.label(l) + String(repeating: " ", count: labelColumns - DisplayWidth.of(fact.label(l))) + "  " + fact.value(l)
        }
        if let note { lines += (lines.isEmpty ? [] : [""]) + [note(l)] }
        let buttons = buttonTexts(l)
        let buttonsText = buttons.confirm + "   " + buttons.cancel
        let contentColumns = ([DisplayWidth.of(title(l)), DisplayWidth.of(buttonsText)] + lines.map(DisplayWidth.of)).max() ?? 0
        let width = min(buffer.columns - 2, max(40, contentColumns + 4))
        let height = lines.count + 6
        let top = max(0, (buffer.rows - height) / 2)
        let left = max(0, (buffer.columns - width) / 2)
        let border = "+" + String(repeating: "-", count: width - 2) + "+"
        buffer.write(border, row: top, column: left)
        for row in top + 1..<top + height - 1 {
            buffer.write("|" + String(repeating: " ", count: width - 2) + "|", row: row, column: left)
        }
        buffer.write(border, row: top + height - 1, column: left)
        buffer.write(DisplayWidth.truncate(title(l), toColumns: width - 4), row: top + 1, column: left + 2, style: .bold)
        for (offset, line) in lines.enumerated() {
            buffer.write(DisplayWidth.truncate(line, toColumns: width - 4), row: top + 3 + offset, column: left + 2)
        }
        let buttonRow = top + height - 2
        let buttonsLeft = left + max(2, (width - DisplayWidth.of(buttonsText)) / 2)
        let cancelLeft = buffer.write(buttons.confirm, row: buttonRow, column: buttonsLeft, style: focus == .confirm ? .reverse : []) + 3
        buffer.write(buttons.cancel, row: buttonRow, column: cancelLeft, style: focus == .cancel ? .reverse : [])
    }

    /// The buttons' texts; the focused one is marked "[>...<]" as well as drawn in reverse.
    public func buttonTexts(_ language: Language) -> (confirm: String, cancel: String) {
        func text(_ label: Bilingual, _ button: Button) -> String {
            focus == button ? "[>\(label(language))<]" : "[ \(label(language)) ]"
        }
        return (text(confirmLabel, .confirm), text(cancelLabel, .cancel))
    }
}

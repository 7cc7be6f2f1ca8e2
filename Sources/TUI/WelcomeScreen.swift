import LedgerClient
import Workflow

/// The consortium overview F5 opens from sign-in: the demo consortium's organisations and how
/// a sample draft splits through the tranche table.
public struct WelcomeScreen: Screen {
    /// The language to speak.
    public let language: Language
    /// The amount whose split is shown.
    public let sampleAmountFen = Fen(100_000_000)

    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Open help.
        case help
        /// Quit (after a confirmation).
        case quit
        /// Back to the screen it was opened from (nothing at top level).
        case back
    }

    /// The screen's keys.
    public static let keyTable = KeyTable<Action>(scope: "welcome", [
        KeyBinding([.text("?")], .help, Bilingual("帮助", "help"), hinted: false),
        KeyBinding([.text("q"), .function(10)], .quit, Bilingual("退出", "quit")),
        KeyBinding([.escape], .back, Bilingual("返回", "back"), hinted: false),
    ])

    /// Creates the screen.
    public init(language: Language) { self.language = language }

    public var breadcrumb: Bilingual { Bilingual("欢迎", "Welcome") }
    public var keyHelp: [KeyHelp] { Self.keyTable.help }
    public var message: Bilingual? { nil }
    public var hasUnsavedInput: Bool { false }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        guard case .key(let key) = event else { return [] }
        switch Self.keyTable.action(for: key) {
        case .help: return [.showHelp]
        case .quit: return [.requestQuit]
        case .back: return [.back]
        case nil: return []
        }
    }

    /// Draws the organisations and the split of a sample draft.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        buffer.write(l.pick("参与机构", "Organisations"), row: 0, column: 1, style: .bold)
        for (index, organisation) in DemoConsortium.organisations.enumerated() {
            let kind = DisplayWidth.truncate(organisation.kind.name(l), toColumns: 30)
            buffer.write(kind, row: 1 + index, column: 2)
            buffer.write(DisplayWidth.truncate(organisation.name, toColumns: 44), row: 1 + index, column: 34)
        }
        let splitRow = 2 + DemoConsortium.organisations.count
        buffer.write(l.pick("数字汇票 ¥\(sampleAmountFen.yuanText)（\(sampleAmountFen.chineseCapital)）的拨付",
                            "How a draft of ¥\(sampleAmountFen.yuanText) is paid"), row: splitRow, column: 1, style: .bold)
        let table = DemoConsortium.settings.trancheTable
        for (offset, (rule, amount)) in zip(table.rules, table.split(sampleAmountFen)).enumerated() {
            // "->", not "→": an arrow is ambiguous width and many zh terminals draw it two columns wide.
            let line = "\(rule.payer.name(l)) -> \(rule.payee.name(l))"
            buffer.write(DisplayWidth.truncate(line, toColumns: 56), row: splitRow + 1 + offset, column: 2)
            let figure = "¥" + amount.yuanText
            buffer.write(figure, row: splitRow + 1 + offset, column: buffer.columns - 2 - DisplayWidth.of(figure))
        }
    }
}

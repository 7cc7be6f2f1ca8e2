import LedgerClient
import Workflow

/// The embedded default's first screen until the role screens arrive: the demo consortium's
/// organisations and how a sample draft splits through the tranche table.
public struct WelcomeScreen: Sendable {
    /// The language to speak.
    public let language: Language
    /// The amount whose split is shown.
    public let sampleAmountFen = Fen(100_000_000)

    /// Creates the screen.
    public init(language: Language) { self.language = language }

    /// The smallest terminal the screen lays out in.
    public static let minimumColumns = 80
    public static let minimumRows = 24

    /// Draws the screen into `buffer`.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        guard buffer.columns >= Self.minimumColumns, buffer.rows >= Self.minimumRows else {
            buffer.write(l.pick("终端太小：至少需要 80x24", "Terminal too small: 80x24 needed"), row: 0, column: 0, style: .bold)
            return
        }
        buffer.fillRow(0, style: .reverse)
        buffer.write(l.pick(" FundChain 扶贫资金链 · 演示联盟（本机）", " FundChain · demo consortium (local)"), row: 0, column: 0, style: .reverse)
        buffer.write(l.pick("参与机构", "Organisations"), row: 2, column: 1, style: .bold)
        for (index, organisation) in DemoConsortium.organisations.enumerated() {
            let kind = DisplayWidth.truncate(organisation.kind.name(l), toColumns: 30)
            buffer.write(kind, row: 3 + index, column: 2)
            buffer.write(DisplayWidth.truncate(organisation.name, toColumns: 44), row: 3 + index, column: 34)
        }
        let splitRow = 4 + DemoConsortium.organisations.count
        buffer.write(l.pick("数字汇票 ¥\(sampleAmountFen.yuanText)（\(sampleAmountFen.chineseCapital)）的拨付",
                            "How a draft of ¥\(sampleAmountFen.yuanText) is paid"), row: splitRow, column: 1, style: .bold)
        let table = DemoConsortium.settings.trancheTable
        for (offset, (rule, amount)) in zip(table.rules, table.split(sampleAmountFen)).enumerated() {
            let line = "\(rule.payer.name(l)) → \(rule.payee.name(l))"
            buffer.write(DisplayWidth.truncate(line, toColumns: 56), row: splitRow + 1 + offset, column: 2)
            let figure = "¥" + amount.yuanText
            buffer.write(figure, row: splitRow + 1 + offset, column: buffer.columns - 2 - DisplayWidth.of(figure))
        }
        buffer.fillRow(buffer.rows - 1, style: .reverse)
        buffer.write(l.pick(" q/F10 退出   角色界面将在后续版本中提供", " q/F10 quit   role screens arrive in a later release"),
                     row: buffer.rows - 1, column: 0, style: .reverse)
    }
}

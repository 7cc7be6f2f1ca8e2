import Testing
@testable import TUI
import Workflow

/// The embedded default's first screen, shown through the shell, at 80x24 in both languages
/// and wider.
@Suite struct WelcomeScreenTests {
    func render(_ language: Language, columns: Int = 80, rows: Int = 24) -> [String] {
        var shell = Shell(language: language, header: Header(), root: WelcomeScreen(language: language))
        _ = shell.update(.resize(columns: columns, rows: rows))
        var buffer = ScreenBuffer(columns: columns, rows: rows)
        shell.render(into: &buffer)
        return buffer.text.components(separatedBy: "\n")
    }

    @Test func chineseAt80x24() {
        let lines = render(.chinese)
        #expect(lines.count == 24)
        #expect(lines[0].hasPrefix(" FundChain 扶贫资金链 · 未登录"))
        #expect(lines[0].hasSuffix("本机节点"))
        #expect(DisplayWidth.of(lines[0]) == 79, "the right part ends one column before the edge")
        #expect(lines[1] == " 欢迎")
        #expect(lines[2] == " 参与机构")
        #expect(lines[3].hasPrefix("  县脱贫攻坚指挥部"))
        #expect(lines.contains { $0.contains("壹佰万元整") })
        #expect(lines.contains { $0.hasSuffix("¥940,000.00") && $0.contains("有限合伙公司 -> 县脱贫基金公司") })
        #expect(lines[23] == " q/F10 退出  F1 帮助", "no demo application form: it could only answer \"not connected\"")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test func englishAt200x60() {
        let lines = render(.english, columns: 200, rows: 60)
        #expect(lines[0].hasPrefix(" FundChain · not signed in"))
        #expect(lines.contains { $0.contains("How a draft of ¥1,000,000.00 is paid") })
        #expect(lines.contains { $0.contains("Commercial bank -> Fund limited partnership") && $0.hasSuffix("¥900,000.00") })
        #expect(lines[59].contains("q/F10 quit"))
    }
}

import Testing
@testable import TUI
import Workflow

/// The embedded default's first screen at 80x24 in both languages, and its notice below that.
@Suite struct WelcomeScreenTests {
    func render(_ language: Language, columns: Int = 80, rows: Int = 24) -> [String] {
        var buffer = ScreenBuffer(columns: columns, rows: rows)
        WelcomeScreen(language: language).render(into: &buffer)
        return buffer.text.components(separatedBy: "\n")
    }

    @Test func chineseAt80x24() {
        let lines = render(.chinese)
        #expect(lines.count == 24)
        #expect(lines[0].hasPrefix(" FundChain 扶贫资金链"))
        #expect(lines[3].hasPrefix("  县脱贫攻坚指挥部"))
        #expect(lines.contains { $0.contains("壹佰万元整") })
        #expect(lines.contains { $0.hasSuffix("¥940,000.00") && $0.contains("有限合伙公司 → 县脱贫基金公司") })
        #expect(lines[23].contains("q/F10 退出"))
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test func englishAt200x60() {
        let lines = render(.english, columns: 200, rows: 60)
        #expect(lines[0].hasPrefix(" FundChain · demo consortium"))
        #expect(lines.contains { $0.contains("How a draft of ¥1,000,000.00 is paid") })
        #expect(lines.contains { $0.contains("Commercial bank → Fund limited partnership") && $0.hasSuffix("¥900,000.00") })
        #expect(lines[59].contains("q/F10 quit"))
    }

    @Test func tooSmallSaysSo() {
        #expect(render(.english, columns: 79, rows: 24)[0] == "Terminal too small: 80x24 needed")
        #expect(render(.chinese, columns: 80, rows: 23)[0] == "终端太小：至少需要 80x24")
    }
}

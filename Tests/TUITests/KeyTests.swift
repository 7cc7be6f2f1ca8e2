import Testing
@testable import TUI
import Workflow

/// Terminal input decoded into keys, and key tables that generate dispatch and help.
@Suite struct KeyTests {
    @Test func anInputMethodCommitInOneReadIsOneTextKey() {
        let inputs = "扶贫项目".map { KeyDecoder.Input.character($0) }
        #expect(KeyDecoder.decode(inputs) == [.text("扶贫项目")])
    }

    @Test func controlCharactersBreakTextIntoKeys() {
        let inputs: [KeyDecoder.Input] = [.character("a"), .character("\t"), .character("你"), .character("好"),
                                          .character("\r"), .character("\u{7F}"), .character("\u{03}"), .key(.left), .character("b")]
        #expect(KeyDecoder.decode(inputs) == [.text("a"), .tab, .text("你好"), .enter, .backspace, .interrupt, .left, .text("b")])
    }

    @Test func escapeFollowedByADigitIsAFunctionKey() {
        #expect(KeyDecoder.decode([.character("\u{1B}"), .character("1")]) == [.function(1)])
        #expect(KeyDecoder.decode([.character("\u{1B}"), .character("0")]) == [.function(10)])
        #expect(KeyDecoder.decode([.character("\u{1B}"), .character("x")]) == [.escape, .text("x")])
        #expect(KeyDecoder.decode([.character("\u{1B}")]) == [.escape])
        #expect(KeyDecoder.decode([.character("\u{1B}"), .character("\u{1B}")]) == [.escape, .escape])
        #expect(KeyDecoder.decode([.character("\u{1B}"), .character("１")]) == [.escape, .text("１")], "only ASCII digits")
    }

    @Test func keyTableDispatchesAndGeneratesHelpFromTheSameBindings() {
        let table = TranchesScreen.keyTable
        for binding in table.bindings {
            for key in binding.keys { #expect(table.action(for: key) == binding.action) }
        }
        #expect(table.action(for: .text("z")) == nil)
        #expect(table.help.map(\.keys) == ["F2/p", "F3/c", "F8/x", "F6/d", "F5/r", "?", "Esc"])
        #expect(table.help.map { $0.description(.chinese) } == ["拨付", "确认到账", "冲正", "汇票追踪", "刷新", "帮助", "返回"])
        #expect(KeyHelp.hintBar(table.help, .english) == "F2/p pay  F3/c confirm receipt  F8/x reverse  F6/d track draft  F5/r refresh  Esc back",
                "? is not hinted")
    }

    @Test func keyLabelsArePlainASCII() {
        let keys: [Key] = [.backTab, .pageDown, .interrupt, .function(12), .text(" "), .delete]
        #expect(keys.map(\.label) == ["Shift-Tab", "PgDn", "Ctrl-C", "F12", "Space", "Del"])
        #expect(keys.allSatisfy { $0.label.allSatisfy(\.isASCII) })
    }
}

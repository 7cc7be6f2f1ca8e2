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
        let table = WelcomeScreen.keyTable
        for binding in table.bindings {
            for key in binding.keys { #expect(table.action(for: key) == binding.action) }
        }
        #expect(table.action(for: .text("x")) == nil)
        #expect(table.help.map(\.keys) == ["?", "F3/a", "q/F10", "Esc"])
        #expect(table.help.map { $0.description(.chinese) } == ["帮助", "演示申请表", "退出", "返回"])
        #expect(KeyHelp.hintBar(table.help, .english) == "F3/a demo application form  q/F10 quit", "? is not hinted")
    }

    @Test func keyLabelsArePlainASCII() {
        let keys: [Key] = [.backTab, .pageDown, .interrupt, .function(12), .text(" "), .delete]
        #expect(keys.map(\.label) == ["Shift-Tab", "PgDn", "Ctrl-C", "F12", "Space", "Del"])
        #expect(keys.allSatisfy { $0.label.allSatisfy(\.isASCII) })
    }
}

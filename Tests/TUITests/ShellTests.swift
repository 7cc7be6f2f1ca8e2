import LedgerClient
import Testing
@testable import TUI
import Workflow

/// The shell: back, quit and its confirmations, help from the key tables, the frame at
/// 80x24 around a Chinese and an English form, resize and the too-small notice.
@Suite struct ShellTests {
    /// A top-level screen for the shell's tests: F3/a opens the application form on the demo
    /// consortium, q/F10 quits, ? helps.
    struct Home: Screen {
        enum Action { case form, quit, help, back }
        static let keyTable = KeyTable<Action>(scope: "home", [
            KeyBinding([.text("?")], .help, Bilingual("帮助", "help"), hinted: false),
            KeyBinding([.function(3), .text("a")], .form, Bilingual("演示申请表", "demo application form")),
            KeyBinding([.text("q"), .function(10)], .quit, Bilingual("退出", "quit")),
            KeyBinding([.escape], .back, Bilingual("返回", "back"), hinted: false),
        ])
        let language: Language
        var breadcrumb: Bilingual { Bilingual("欢迎", "Welcome") }
        var keyHelp: [KeyHelp] { Self.keyTable.help }
        var message: Bilingual? { nil }
        var hasUnsavedInput: Bool { false }
        mutating func update(_ event: TUIEvent) -> [TUIEffect] {
            guard case .key(let key) = event else { return [] }
            switch Self.keyTable.action(for: key) {
            case .form: return [.open(ApplicationFormScreen(language: language, settings: DemoConsortium.settings, organisations: DemoConsortium.organisations))]
            case .quit: return [.requestQuit]
            case .help: return [.showHelp]
            case .back: return [.back]
            case nil: return []
            }
        }
        func render(into buffer: inout ScreenBuffer) {}
    }

    static func shell(_ language: Language = .chinese, columns: Int = 80, rows: Int = 24) -> Shell {
        var shell = Shell(language: language, header: Header(), root: Home(language: language))
        _ = shell.update(.resize(columns: columns, rows: rows))
        return shell
    }

    static func lines(_ shell: Shell) -> (lines: [String], buffer: ScreenBuffer) {
        var buffer = ScreenBuffer(columns: shell.columns, rows: shell.rows)
        shell.render(into: &buffer)
        return (buffer.text.components(separatedBy: "\n"), buffer)
    }

    /// The characters of cells `column..<column+count` of `row`, continuation cells skipped.
    static func cells(_ buffer: ScreenBuffer, row: Int, column: Int, count: Int) -> String {
        String((column..<column + count).compactMap { buffer.cells[row * buffer.columns + $0].character })
    }

    static func press(_ keys: [Key], _ shell: inout Shell) -> [TUIEffect] {
        keys.flatMap { shell.update(.key($0)) }
    }

    static func quits(_ effects: [TUIEffect]) -> Bool {
        effects.contains { if case .quit = $0 { true } else { false } }
    }

    @Test func escapeAtTopLevelNeverQuits() {
        var shell = Self.shell()
        #expect(Self.press([.escape, .escape], &shell).isEmpty)
        #expect(shell.stack.count == 1)
        #expect(shell.dialog == nil)
    }

    @Test func qAndF10AskFirstWithTheFocusOnStaying() {
        for key in [Key.text("q"), .function(10)] {
            var shell = Self.shell()
            #expect(Self.press([key], &shell).isEmpty)
            #expect(shell.dialog?.focus == .cancel)
            #expect(Self.press([.enter], &shell).isEmpty, "Enter on the focused Stay button")
            #expect(shell.dialog == nil)
            #expect(Self.quits(Self.press([key, .tab, .enter], &shell)))
        }
    }

    @Test func lettersInAFormAreTextNotCommands() {
        var shell = Self.shell()
        _ = Self.press([.function(3), .text("q")], &shell)
        #expect(shell.stack.count == 2)
        #expect(shell.dialog == nil)
        _ = Self.press([.function(10)], &shell)
        #expect(shell.dialog == nil, "F10 quits only from top level")
        let form = (shell.stack.last as? ApplicationFormScreen)?.form
        #expect(form?.fields[0].value == "q")
    }

    @Test func escapeGoesBackAndAsksBeforeDroppingInput() {
        var shell = Self.shell()
        _ = Self.press([.text("a"), .escape], &shell)
        #expect(shell.stack.count == 1, "nothing typed: straight back")
        _ = Self.press([.text("a"), .text("扶贫"), .escape], &shell)
        #expect(shell.stack.count == 2)
        #expect(shell.dialog?.focus == .cancel)
        _ = Self.press([.enter], &shell)
        #expect(shell.stack.count == 2, "stayed")
        _ = Self.press([.escape, .tab, .enter], &shell)
        #expect(shell.stack.count == 1)
    }

    @Test func ctrlCQuitsAtOnceUnlessInputWouldBeLost() {
        var shell = Self.shell()
        #expect(Self.quits(Self.press([.interrupt], &shell)))
        _ = Self.press([.text("a"), .text("扶贫")], &shell)
        #expect(!Self.quits(Self.press([.interrupt], &shell)))
        #expect(shell.dialog?.note?.chinese == "已输入的内容尚未提交，退出后将丢失")
        #expect(Self.quits(Self.press([.tab, .enter], &shell)))
    }

    @Test func helpIsGeneratedFromTheKeyTables() {
        var shell = Self.shell()
        _ = Self.press([.function(1)], &shell)
        #expect(shell.isShowingHelp)
        let (lines, _) = Self.lines(shell)
        #expect(lines[2] == " 帮助：欢迎")
        // Longest keys are "Ctrl-C" (6 columns): descriptions start at column 2 + 8.
        #expect(lines[4] == "  ?" + String(repeating: " ", count: 7) + "帮助")
        #expect(lines[5] == "  F3/a" + String(repeating: " ", count: 4) + "演示申请表")
        for (offset, entry) in shell.keyHelp.enumerated() {
            #expect(lines[4 + offset].hasPrefix("  \(entry.keys) "))
            #expect(lines[4 + offset].hasSuffix(entry.description(.chinese)))
        }
        #expect(shell.keyHelp.count == Home.keyTable.bindings.count + Shell.keyTable.bindings.count)
        _ = Self.press([.text("x")], &shell)
        #expect(!shell.isShowingHelp, "any key closes help")
        _ = Self.press([.text("?")], &shell)
        #expect(shell.isShowingHelp)
    }

    @Test func tooSmallSaysSoAndResizeLaysOutAgain() {
        var shell = Self.shell(columns: 79, rows: 24)
        #expect(shell.isTooSmall)
        #expect(Self.lines(shell).lines[0] == "终端太小：至少需要 80x24（当前 79x24）")
        #expect(Self.press([.function(3)], &shell).isEmpty)
        #expect(shell.stack.count == 1, "keys do nothing while the screen cannot be seen")
        _ = shell.update(.resize(columns: 80, rows: 23))
        var english = Shell(language: .english, header: Header(), root: Home(language: .english))
        _ = english.update(.resize(columns: 80, rows: 23))
        #expect(Self.lines(english).lines[0] == "Terminal too small: 80x24 needed (now 80x23)")
        _ = shell.update(.resize(columns: 80, rows: 24))
        #expect(Self.lines(shell).lines[1] == " 欢迎")
        #expect(Self.quits(Self.press([.interrupt], &english)), "Ctrl-C works even when too small")
    }

    @Test func chineseFormAt80x24() {
        var shell = Self.shell(.chinese)
        _ = Self.press([.function(3), .text("农村种植产业扶贫项目"), .tab, .tab], &shell)
        let (lines, buffer) = Self.lines(shell)
        #expect(lines[1] == " 欢迎 › 项目申请")
        #expect(lines[2] == "  [第一步 项目申请]  ->  第二步 审批签发  ->  第三步 资金拨付", "the step indicator, the current step bracketed")
        #expect(lines[3] == "  项目/资金申请（* 为必填）")
        // Fields start on row 4: name 4, type 5, department 6 (focused).
        #expect(Self.cells(buffer, row: 4, column: 0, count: 44) == " *项目名称" + String(repeating: " ", count: 13) + "[农村种植产业扶贫项目")
        #expect(Self.cells(buffer, row: 4, column: 56, count: 1) == "]")
        #expect(lines[5].hasPrefix(" *项目类型" + String(repeating: " ", count: 13) + "[< 请选择 >"))
        #expect(Self.cells(buffer, row: 5, column: 56, count: 8) == "] ! 必填", "the error beside the field, with a marker")
        #expect(buffer.cells[5 * 80 + 58].style == .bold)
        #expect(lines[6].hasPrefix(">*县责任部门" + String(repeating: " ", count: 11) + "["))
        #expect(buffer.cursor == .init(row: 6, column: 24))
        // Fund plan is field 10 of the form's rows (the budget takes two): row 14.
        #expect(lines[14] == "  资金计划" + String(repeating: " ", count: 14) + "一期：预算全额，完工日拨付", "read-only: no brackets, no *")
        #expect(lines[22] == " 「项目类型」：必填")
        #expect(lines[23] == " Tab/Down 下一栏  F2/Ctrl-S 提交  Esc 返回  F1 帮助")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test func chineseCursorFollowsWideCharacters() {
        var shell = Self.shell(.chinese)
        _ = Self.press([.function(3), .text("农村种植"), .text("产业")], &shell)
        #expect(Self.lines(shell).buffer.cursor == .init(row: 4, column: 24 + 12))
        _ = Self.press([.backspace, .left], &shell)
        #expect(Self.lines(shell).buffer.cursor == .init(row: 4, column: 24 + 8))
    }

    @Test func englishAmountAt80x24() {
        var shell = Self.shell(.english)
        _ = Self.press([.function(3), .tab, .tab, .tab, .text("１２３４５６７．８"), .tab], &shell)
        let (lines, buffer) = Self.lines(shell)
        #expect(lines[1] == " Welcome › Project application")
        #expect(lines[7].hasPrefix(" *Construction budget  ["))
        // Right-aligned in the 32 columns 24-55: "1,234,567.80" is 12 columns, so 44-55.
        #expect(Self.cells(buffer, row: 7, column: 43, count: 14) == " 1,234,567.80]")
        #expect(lines[8] == String(repeating: " ", count: 24) + "In words: 壹佰贰拾叁万肆仟伍佰陆拾柒元捌角")
        #expect(lines[9].hasPrefix(">*Introduction"))
        #expect(lines[23] == " Tab/Down next field  F2/Ctrl-S submit  Esc back  F1 help")
    }

    @Test func aRefusedFilingKeepsWhatWasTypedAndSaysWhy() {
        var shell = Self.shell(.chinese)
        #expect(Self.press([.function(3)] + FormTests.fillingKeys + [.function(2)], &shell).isEmpty, "F2 only asks first")
        let question = Self.lines(shell).lines.joined(separator: "\n")
        #expect(question.contains("提交项目申请？"))
        #expect(question.contains("¥1,234,567.80") && question.contains("壹佰贰拾叁万肆仟伍佰陆拾柒元捌角"))
        #expect(question.contains("[>取消<]"), "Cancel has the focus")
        #expect(Self.press([.enter], &shell).isEmpty, "Enter on Cancel files nothing")
        let effects = Self.press([.function(2), .left, .enter], &shell)
        guard case .fileApplication(let application) = effects.first else {
            Issue.record("no filing: \(Self.lines(shell).lines[22])")
            return
        }
        #expect(application.projectName == "农村种植产业扶贫项目")
        #expect(application.budgetFen == Fen(123_456_780))
        _ = shell.update(App.offlineReply)
        let (lines, _) = Self.lines(shell)
        #expect(lines[22] == " 申请未提交：未连接节点（所填内容已保留）")
        #expect(lines[4].contains("农村种植产业扶贫项目"))
        #expect(shell.stack.last?.hasUnsavedInput == true)
    }
}

import Testing
@testable import TUI
import Workflow

/// The list view's keys and search, and the confirmation dialog's defaults.
@Suite struct WidgetTests {
    static let places = ["黔东县", "Qiandong", "省财政厅", "ＡＢＣ农业", "县财政局", "abc 合作社"]

    @Test func listMovesWithArrowsLettersAndPages() {
        var list = ListView(items: (1...30).map { "项目 \($0)" }, pageRows: 10)
        #expect(list.update(.down) == true)
        #expect(list.update(.text("j")) == true)
        #expect(list.selectedIndex == 2)
        #expect(list.update(.text("k")) == true)
        #expect(list.selectedIndex == 1)
        _ = list.update(.pageDown)
        #expect(list.selectedIndex == 11)
        #expect(list.topIndex == 2, "the selection is the last row shown")
        _ = list.update(.text("G"))
        #expect(list.selectedIndex == 29)
        #expect(list.topIndex == 20)
        _ = list.update(.pageUp)
        #expect(list.selectedIndex == 19)
        _ = list.update(.home)
        #expect(list.selectedIndex == 0)
        #expect(list.topIndex == 0)
        _ = list.update(.end)
        _ = list.update(.text("g"))
        #expect(list.selectedIndex == 0)
        _ = list.update(.up)
        #expect(list.selectedIndex == 0, "stops at the top")
        #expect(list.update(.text("x")) == false)
    }

    @Test func slashSearchesAndNFindsTheNextMatch() {
        var list = ListView(items: Self.places, pageRows: 10)
        _ = list.update(.text("/"))
        #expect(list.searchEditor != nil)
        _ = list.update(.text("财政"))
        _ = list.update(.enter)
        #expect(list.searchEditor == nil)
        #expect(list.selectedIndex == 2)
        _ = list.update(.text("n"))
        #expect(list.selectedIndex == 4)
        _ = list.update(.text("n"))
        #expect(list.selectedIndex == 2, "wraps")
        _ = list.update(.text("N"))
        #expect(list.selectedIndex == 4)
    }

    @Test func searchIgnoresCaseAndFullWidth() {
        var list = ListView(items: Self.places, pageRows: 10)
        for key: Key in [.text("/"), .text("abc"), .enter] { _ = list.update(key) }
        #expect(list.selectedIndex == 3, "ＡＢＣ农业 matches abc")
        _ = list.update(.text("n"))
        #expect(list.selectedIndex == 5)
        for key: Key in [.text("/"), .text("无此项"), .enter] { _ = list.update(key) }
        #expect(list.searchFailed)
        #expect(list.selectedIndex == 5)
        var buffer = ScreenBuffer(columns: 40, rows: 8)
        list.render(into: &buffer, language: .chinese)
        #expect(buffer.text.components(separatedBy: "\n")[7] == "6/6  未找到“无此项”")
    }

    @Test func escapeClosesTheSearchWithoutMoving() {
        var list = ListView(items: Self.places, pageRows: 10)
        for key: Key in [.text("/"), .text("省"), .escape] { _ = list.update(key) }
        #expect(list.searchEditor == nil)
        #expect(list.selectedIndex == 0)
    }

    @Test func theSelectedRowIsMarkedNotOnlyReversed() {
        var list = ListView(items: Self.places, pageRows: 3)
        _ = list.update(.down)
        var buffer = ScreenBuffer(columns: 20, rows: 4)
        list.render(into: &buffer, language: .english)
        let lines = buffer.text.components(separatedBy: "\n")
        #expect(lines == ["  黔东县", "> Qiandong", "  省财政厅", "2/6"])
        #expect(buffer.cells[20].style == .reverse)
    }

    static func payment() -> Dialog {
        Dialog.onChain(action: Bilingual("确认拨付", "Pay"), draftNumber: "QD-2027-0001", amount: Fen(900_000_000),
                       payer: "示范商业银行省分行", payee: "省扶贫产业基金（有限合伙）")
    }

    @Test func aDialogOpensOnCancelAndNoSingleKeyConfirms() {
        var dialog = Self.payment()
        #expect(dialog.focus == .cancel)
        var pressed = Self.payment()
        #expect(pressed.update(.enter) == .cancel)
        var escaped = Self.payment()
        #expect(escaped.update(.escape) == .cancel)
        #expect(dialog.update(.text("y")) == nil)
        #expect(dialog.update(.tab) == nil)
        #expect(dialog.focus == .confirm)
        #expect(dialog.update(.enter) == .confirm)
    }

    @Test func aDialogRestatesTheActionInFiguresAndWords() {
        let dialog = Self.payment()
        var buffer = ScreenBuffer(columns: 80, rows: 24)
        dialog.render(into: &buffer, language: .chinese)
        let lines = buffer.text.components(separatedBy: "\n")
        // Five facts, a blank line and the note: 7 lines, so the box is 13 rows, rows 5-17.
        #expect(lines[5].contains("+----"))
        #expect(lines[6].contains("确认拨付？"))
        #expect(lines[8].contains("数字汇票  QD-2027-0001"))
        #expect(lines[9].contains("金额      ¥9,000,000.00"))
        #expect(lines[10].contains("大写      玖佰万元整"))
        #expect(lines[11].contains("付款方    示范商业银行省分行"))
        #expect(lines[14].contains("上链后不可撤销"))
        #expect(lines[16].contains("[ 确认拨付 ¥9,000,000.00 ]   [>取消<]"))
        #expect(dialog.buttonTexts(.english) == ("[ Pay ¥9,000,000.00 ]", "[>Cancel<]"))
    }
}

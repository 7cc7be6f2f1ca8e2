import Testing
@testable import TUI

/// Every key path of the line editor, with Chinese input committed several characters at a
/// time and columns measured by display width.
@Suite struct LineEditorTests {
    func rendered(_ editor: LineEditor, focused: Bool = true, alignment: LineEditor.Alignment = .leading, columns: Int = 12) -> ScreenBuffer {
        var buffer = ScreenBuffer(columns: columns, rows: 1)
        editor.render(into: &buffer, row: 0, column: 0, isFocused: focused, alignment: alignment)
        return buffer
    }

    @Test func severalChineseCharactersInOneKeyAreInsertedTogether() {
        var editor = LineEditor(charactersMax: 60, widthColumns: 30)
        #expect(editor.update(.text("扶贫项目")) == .changed)
        #expect(editor.text == "扶贫项目")
        #expect(editor.cursorIndex == 4)
        #expect(editor.cursorColumn == 8, "four wide characters")
        #expect(rendered(editor).cursor == .init(row: 0, column: 8))
    }

    @Test func insertionInTheMiddleMovesTheCursorByCharacters() {
        var editor = LineEditor(text: "扶贫项目", charactersMax: 60, widthColumns: 30)
        #expect(editor.update(.home) == .moved)
        #expect(editor.update(.right) == .moved)
        #expect(editor.update(.text("AB")) == .changed)
        #expect(editor.text == "扶AB贫项目")
        #expect(editor.cursorIndex == 3)
        #expect(editor.cursorColumn == 4, "扶 is two columns, A and B one each")
    }

    @Test func backspaceAndDeleteRemoveWholeWideCharacters() {
        var editor = LineEditor(text: "扶贫项目", charactersMax: 60, widthColumns: 30)
        #expect(editor.update(.backspace) == .changed)
        #expect(editor.text == "扶贫项")
        #expect(editor.cursorColumn == 6)
        #expect(editor.update(.left) == .moved)
        #expect(editor.update(.delete) == .changed)
        #expect(editor.text == "扶贫")
        #expect(editor.cursorIndex == 2)
        #expect(editor.update(.home) == .moved)
        #expect(editor.update(.delete) == .changed)
        #expect(editor.text == "贫")
    }

    @Test func keysAtTheEdgesDoNothing() {
        var editor = LineEditor(text: "ab", charactersMax: 60, widthColumns: 30)
        #expect(editor.update(.delete) == .ignored)
        #expect(editor.update(.right) == .ignored)
        #expect(editor.update(.end) == .ignored)
        #expect(editor.update(.home) == .moved)
        #expect(editor.update(.backspace) == .ignored)
        #expect(editor.update(.left) == .ignored)
        #expect(editor.update(.home) == .ignored)
        #expect(editor.update(.end) == .moved)
        #expect(editor.update(.function(5)) == .ignored)
        #expect(editor.text == "ab")
    }

    @Test func theCharacterLimitKeepsWhatFits() {
        var editor = LineEditor(charactersMax: 5, widthColumns: 30)
        #expect(editor.update(.text("一二三四五六七")) == .limitReached)
        #expect(editor.text == "一二三四五")
        #expect(editor.update(.text("x")) == .limitReached)
        #expect(editor.text == "一二三四五")
        #expect(LineEditor(text: "abcdefg", charactersMax: 3, widthColumns: 9).text == "abc")
    }

    @Test func scrollingIsMeasuredInColumns() {
        var editor = LineEditor(charactersMax: 60, widthColumns: 10)
        _ = editor.update(.text("一二三四五六"))
        // 12 columns of text and the cursor's cell need 13: the first two characters scroll off.
        #expect(editor.firstVisibleIndex == 2)
        var buffer = rendered(editor)
        #expect(buffer.text == "三四五六")
        #expect(buffer.cursor == .init(row: 0, column: 8))
        _ = editor.update(.home)
        buffer = rendered(editor)
        #expect(buffer.text == "一二三四五", "exactly ten columns")
        #expect(buffer.cursor == .init(row: 0, column: 0))
    }

    @Test func deletingScrollsBackToFillTheView() {
        var editor = LineEditor(charactersMax: 60, widthColumns: 10)
        _ = editor.update(.text("一二三四五六"))
        _ = editor.update(.backspace)
        // "二三四五" plus the cursor is 9 columns; with 一 it would be 11.
        #expect(editor.firstVisibleIndex == 1)
        #expect(rendered(editor).text == "二三四五")
        #expect(editor.cursorColumn == 8)
    }

    @Test func aWideCharacterIsNeverSplitAtTheRightEdge() {
        var editor = LineEditor(text: "ab一二", charactersMax: 60, widthColumns: 5)
        #expect(editor.firstVisibleIndex == 2, "cursor at the end: 一二 and the cursor fill 5 columns")
        #expect(editor.cursorColumn == 4)
        _ = editor.update(.home)
        let buffer = rendered(editor, columns: 5)
        #expect(buffer.text == "ab一", "二 would need columns 4-5 of a 5-column view")
        #expect(buffer.cells[4].character == " ")
    }

    @Test func unfocusedTextIsCutWithAnEllipsis() {
        let editor = LineEditor(text: "黔东县脱贫攻坚", charactersMax: 60, widthColumns: 6)
        let buffer = rendered(editor, focused: false)
        #expect(buffer.text == "黔东…")
        #expect(buffer.cursor == nil)
    }

    @Test func trailingAlignmentLeavesRoomForTheCursor() {
        let editor = LineEditor(text: "12,345.00", charactersMax: 24, widthColumns: 10)
        #expect(rendered(editor, focused: false, alignment: .trailing, columns: 10).text == " 12,345.00")
        let focused = rendered(editor, focused: true, alignment: .trailing, columns: 10)
        #expect(focused.text == "12,345.00")
        #expect(focused.cursor == .init(row: 0, column: 9))
    }
}

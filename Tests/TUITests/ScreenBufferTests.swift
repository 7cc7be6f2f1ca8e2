import Testing
@testable import TUI
import Workflow

/// Columns are display widths: wide characters take two cells, never split at an edge, and
/// truncation ends with an ellipsis on a character boundary.
@Suite struct ScreenBufferTests {
    @Test func widths() {
        #expect(DisplayWidth.of("农村种植产业扶贫项目") == 20)
        #expect(DisplayWidth.of("ABC") == 3)
        #expect(DisplayWidth.of("１２３") == 6, "full-width digits")
        #expect(DisplayWidth.of("e\u{301}") == 1, "a combining accent adds nothing")
        #expect(DisplayWidth.of("𠀾") == 2, "a CJK Extension B character")
    }

    @Test func truncationNeverSplitsAWideCharacter() {
        #expect(DisplayWidth.truncate("黔东县脱贫攻坚指挥部", toColumns: 9) == "黔东县脱…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("黔东县脱贫攻坚指挥部", toColumns: 9)) == 9)
        #expect(DisplayWidth.truncate("黔东县脱贫攻坚指挥部", toColumns: 8) == "黔东县…")
        #expect(DisplayWidth.truncate("short", toColumns: 8) == "short")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = ScreenBuffer(columns: 8, rows: 1)
        buffer.write("流水号填", row: 0, column: 0)
        buffer.write("|", row: 0, column: 7)
        #expect(buffer.text == "流水号 |", "the border over 填's right half leaves no half character")
        buffer.write("+", row: 0, column: 0)
        #expect(buffer.text == "+ 水号 |", "over a left half, the right half goes too")
    }

    @Test func writingPlacesWideCharactersInTwoCells() {
        var buffer = ScreenBuffer(columns: 10, rows: 2)
        let end = buffer.write("扶贫ab", row: 0, column: 1)
        #expect(end == 7)
        #expect(buffer.text == " 扶贫ab\n")
        let clipped = buffer.write("项目资金", row: 1, column: 3)
        #expect(clipped == 9, "the fourth character would cross the right edge and is not drawn")
        #expect(buffer.text.split(separator: "\n", omittingEmptySubsequences: false)[1] == "   项目资")
    }
}

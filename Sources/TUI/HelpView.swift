import Workflow

/// The F1/? help: every key of the current screen and the shell, generated from their key
/// tables, drawn over the screen's area.
public enum HelpView {
    /// Draws help for `entries` into `buffer` (the screen's area), keys in a column.
    public static func render(_ entries: [KeyHelp], title: String, into buffer: inout ScreenBuffer, language l: Language) {
        for row in 0..<buffer.rows { buffer.fillRow(row, style: []) }
        buffer.write(DisplayWidth.truncate(l.pick("帮助：", "Help: ") + title, toColumns: buffer.columns - 2), row: 0, column: 1, style: .bold)
        let keyColumns = min(24, (entries.map { DisplayWidth.of($0.keys) }.max() ?? 0) + 2)
        let rowsForEntries = max(0, buffer.rows - 3)
        for (offset, entry) in entries.prefix(rowsForEntries).enumerated() {
            buffer.write(DisplayWidth.truncate(entry.keys, toColumns: keyColumns - 2), row: 2 + offset, column: 2)
            buffer.write(DisplayWidth.truncate(entry.description(l), toColumns: buffer.columns - 3 - keyColumns),
                         row: 2 + offset, column: 2 + keyColumns)
        }
        buffer.write(l.pick("按任意键关闭帮助", "Press any key to close help"), row: buffer.rows - 1, column: 1)
    }
}

import Workflow

/// Drawing a form: one row per field (two for amounts, whose 大写 goes beneath), the focused
/// field marked ">", required ones "*", errors beside the field after "!".
extension Form {
    /// Column of the field box's "[".
    public static let boxColumn = 2 + labelColumns + 1
    /// Column where a field's error starts.
    public static let errorColumn = boxColumn + fieldColumns + 3

    /// The first row of each field, relative to the form's top, and the rows used in all.
    public var fieldRows: (starts: [Int], total: Int) {
        var starts: [Int] = []
        var row = 0
        for field in fields {
            starts.append(row)
            row += field.kind == .amount ? 2 : 1
        }
        return (starts, row)
    }

    /// Draws the form into `buffer` (the form's area), scrolled so the focused field shows.
    public func render(into buffer: inout ScreenBuffer, language l: Language) {
        let (starts, _) = fieldRows
        let focusedEnd = fields.indices.contains(focusIndex) ? starts[focusIndex] + (fields[focusIndex].kind == .amount ? 2 : 1) : 0
        let scrollRows = max(0, focusedEnd - buffer.rows)
        for (index, field) in fields.enumerated() {
            let row = starts[index] - scrollRows
            guard row >= 0, row < buffer.rows else { continue }
            renderField(field, isFocused: index == focusIndex, row: row, into: &buffer, language: l)
        }
    }

    private func renderField(_ field: FormFieldState, isFocused: Bool, row: Int, into buffer: inout ScreenBuffer, language l: Language) {
        if isFocused { buffer.write(">", row: row, column: 0, style: .bold) }
        if field.isRequired, field.isFocusable { buffer.write("*", row: row, column: 1) }
        buffer.write(DisplayWidth.truncate(field.label(l), toColumns: Self.labelColumns), row: row, column: 2, style: isFocused ? .bold : [])
        let inside = Self.boxColumn + 1
        switch field.kind {
        case .readOnly(let text):
            buffer.write(DisplayWidth.truncate(text(l), toColumns: buffer.columns - inside), row: row, column: inside)
        case .choice(let choices):
            buffer.write("[", row: row, column: Self.boxColumn)
            let text = field.choiceIndex.map { "< \(choices[$0].label(l)) >" } ?? l.pick("< 请选择 >", "< choose >")
            buffer.write(DisplayWidth.truncate(text, toColumns: Self.fieldColumns), row: row, column: inside)
            buffer.write("]", row: row, column: inside + Self.fieldColumns)
        case .text, .date, .amount:
            buffer.write("[", row: row, column: Self.boxColumn)
            field.editor.render(into: &buffer, row: row, column: inside, isFocused: isFocused,
                                alignment: field.kind == .amount ? .trailing : .leading)
            buffer.write("]", row: row, column: inside + Self.fieldColumns)
        }
        if let amount = field.amount {
            let words = l.pick("大写：", "In words: ") + amount.chineseCapital
            buffer.write(DisplayWidth.truncate(words, toColumns: buffer.columns - inside), row: row + 1, column: inside)
        }
        if let error = field.error {
            let text = DisplayWidth.truncate("! " + error(l), toColumns: buffer.columns - Self.errorColumn)
            buffer.write(text, row: row, column: Self.errorColumn, style: .bold)
        }
    }
}

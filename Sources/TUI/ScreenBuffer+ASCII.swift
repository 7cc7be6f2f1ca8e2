/// `--ascii`: the buffer with every ambiguous-width glyph replaced by one ASCII character of
/// the same single column, so layout is unchanged in terminals that draw them double width.
extension ScreenBuffer {
    /// The replacements: ellipsis, middle dot, guillemets and quotes, arrows, box drawing.
    static let asciiGlyphs: [Character: Character] = [
        "…": "~", "·": "|", "›": ">", "‹": "<", "“": "\"", "”": "\"", "‘": "'", "’": "'",
        "→": ">", "←": "<", "↑": "^", "↓": "v", "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+",
        "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+", "✓": "v", "✗": "x", "×": "x", "—": "-",
    ]

    /// This buffer with `asciiGlyphs` applied.
    public func asciiOnly() -> ScreenBuffer {
        var result = self
        for index in result.cells.indices {
            if let character = result.cells[index].character, let replacement = Self.asciiGlyphs[character] {
                result.cells[index].character = replacement
            }
        }
        return result
    }
}

/// An in-memory grid of terminal cells that screens render into. Only `Terminal` copies it to
/// ncurses; tests compare its text. A wide character occupies its cell and a continuation
/// cell to its right.
public struct ScreenBuffer: Sendable, Equatable {
    /// How a cell is drawn; meaning never depends on colour alone.
    public struct Style: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Bold text.
        public static let bold = Style(rawValue: 1)
        /// Reverse video (selection, title bars).
        public static let reverse = Style(rawValue: 2)
    }

    /// One cell: a character, or a continuation of the wide character to its left.
    public struct Cell: Sendable, Equatable {
        /// The character, nil for the right half of a wide character.
        public var character: Character?
        /// How it is drawn.
        public var style: Style
    }

    /// Width in columns.
    public let columns: Int
    /// Height in rows.
    public let rows: Int
    /// The cells, row by row.
    public private(set) var cells: [Cell]

    /// A blank buffer.
    public init(columns: Int, rows: Int) {
        precondition(columns >= 0 && rows >= 0, "negative buffer size")
        self.columns = columns
        self.rows = rows
        self.cells = Array(repeating: Cell(character: " ", style: []), count: columns * rows)
    }

    /// Writes `text` at (row, column), clipped at the right edge without splitting a wide
    /// character. Returns the column after the last character written.
    @discardableResult
    public mutating func write(_ text: String, row: Int, column: Int, style: Style = []) -> Int {
        guard (0..<rows).contains(row) else { return column }
        var x = column
        for character in text {
            let width = DisplayWidth.of(character)
            guard width > 0 else { continue }
            guard x >= 0, x + width <= columns else { break }
            cells[row * columns + x] = Cell(character: character, style: style)
            if width == 2 { cells[row * columns + x + 1] = Cell(character: nil, style: style) }
            x += width
        }
        return x
    }

    /// Fills a row from `column` to the right edge with spaces in `style`.
    public mutating func fillRow(_ row: Int, from column: Int = 0, style: Style) {
        guard (0..<rows).contains(row) else { return }
        for x in max(0, column)..<columns { cells[row * columns + x] = Cell(character: " ", style: style) }
    }

    /// The buffer as text, one line per row, trailing spaces removed.
    public var text: String {
        (0..<rows).map { row in
            var line = ""
            for x in 0..<columns { if let character = cells[row * columns + x].character { line.append(character) } }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}

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

    /// A cell's position.
    public struct Position: Sendable, Equatable {
        /// Row from the top, 0-based.
        public var row: Int
        /// Column from the left, 0-based.
        public var column: Int
        /// Creates a position.
        public init(row: Int, column: Int) {
            self.row = row
            self.column = column
        }
    }

    /// Width in columns.
    public let columns: Int
    /// Height in rows.
    public let rows: Int
    /// The cells, row by row.
    public internal(set) var cells: [Cell]
    /// Where the terminal's cursor goes (the focused text field), nil to hide it.
    public var cursor: Position?

    /// A blank buffer.
    public init(columns: Int, rows: Int) {
        precondition(columns >= 0 && rows >= 0, "negative buffer size")
        self.columns = columns
        self.rows = rows
        self.cells = Array(repeating: Cell(character: " ", style: []), count: columns * rows)
    }

    /// Writes `text` at (row, column), clipped at the right edge without splitting a wide
    /// character. A wide character it half covers (a dialog's border over a line of 汉字) is
    /// replaced by a space, so no half character is left for the terminal to draw. Returns the
    /// column after the last character written.
    @discardableResult
    public mutating func write(_ text: String, row: Int, column: Int, style: Style = []) -> Int {
        guard (0..<rows).contains(row) else { return column }
        var x = column
        for character in text {
            let width = DisplayWidth.of(character)
            guard width > 0 else { continue }
            guard x >= 0, x + width <= columns else { break }
            clearHalves(row: row, from: x, to: x + width - 1)
            cells[row * columns + x] = Cell(character: character, style: style)
            if width == 2 { cells[row * columns + x + 1] = Cell(character: nil, style: style) }
            x += width
        }
        return x
    }

    /// Blanks the other half of a wide character whose half lies at either end of
    /// `from...to` (the cells about to be overwritten).
    private mutating func clearHalves(row: Int, from: Int, to: Int) {
        let start = row * columns
        if cells[start + from].character == nil, from > 0 { cells[start + from - 1].character = " " }
        if let last = cells[start + to].character, DisplayWidth.of(last) == 2, to + 1 < columns {
            cells[start + to + 1].character = " "
        }
    }

    /// Fills a row from `column` to the right edge with spaces in `style`.
    public mutating func fillRow(_ row: Int, from column: Int = 0, style: Style) {
        guard (0..<rows).contains(row) else { return }
        for x in max(0, column)..<columns { cells[row * columns + x] = Cell(character: " ", style: style) }
    }

    /// Copies `other` with its top-left corner at (row, column), clipped to this buffer, and
    /// its cursor with it. A wide character whose right half would be clipped is not copied.
    public mutating func paste(_ other: ScreenBuffer, row: Int, column: Int) {
        for y in 0..<other.rows where (0..<rows).contains(row + y) {
            for x in 0..<other.columns where (0..<columns).contains(column + x) {
                let cell = other.cells[y * other.columns + x]
                let isCutWide = cell.character.map { DisplayWidth.of($0) == 2 && column + x + 1 >= columns } ?? false
                cells[(row + y) * columns + column + x] = isCutWide ? Cell(character: " ", style: cell.style) : cell
            }
        }
        if let inner = other.cursor { cursor = Position(row: row + inner.row, column: column + inner.column) }
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

/// A one-line text editor over `String`: the cursor moves by Character, input may insert
/// several characters at once (an input method commits words), a character limit holds, and
/// the view scrolls horizontally by display columns without ever splitting a wide character.
public struct LineEditor: Sendable, Equatable {
    /// What a key did.
    public enum Outcome: Sendable, Equatable {
        /// The text changed.
        case changed
        /// Only the cursor moved.
        case moved
        /// Input was cut at the character limit (what fitted was inserted).
        case limitReached
        /// The key means nothing here (or nothing could happen, as Backspace at the start).
        case ignored
    }

    /// Where text that fits sits in the view.
    public enum Alignment: Sendable {
        /// Against the left edge (text).
        case leading
        /// Against the right edge (amounts).
        case trailing
    }

    /// The text.
    public private(set) var text: String
    /// Characters before the cursor, 0...text.count.
    public private(set) var cursorIndex: Int
    /// The most characters the text may hold (汉字 count one each).
    public let charactersMax: Int
    /// Width of the view, in display columns.
    public private(set) var widthColumns: Int
    /// Index of the first character shown when focused.
    public private(set) var firstVisibleIndex = 0

    /// Creates an editor holding `text` (cut to `charactersMax`) with the cursor at its end.
    public init(text: String = "", charactersMax: Int, widthColumns: Int) {
        self.text = String(text.prefix(charactersMax))
        self.cursorIndex = self.text.count
        self.charactersMax = charactersMax
        self.widthColumns = max(1, widthColumns)
        keepCursorVisible()
    }

    /// Applies one key.
    public mutating func update(_ key: Key) -> Outcome {
        let outcome = apply(key)
        keepCursorVisible()
        return outcome
    }

    /// Replaces the text (a reformatted amount, say), cursor at the end.
    public mutating func setText(_ newText: String) {
        text = String(newText.prefix(charactersMax))
        cursorIndex = text.count
        keepCursorVisible()
    }

    /// Changes the view's width (after a resize).
    public mutating func resize(widthColumns: Int) {
        self.widthColumns = max(1, widthColumns)
        keepCursorVisible()
    }

    /// Columns from the view's left edge to the cursor, when focused and left-aligned.
    public var cursorColumn: Int { DisplayWidth.of(slice(firstVisibleIndex, cursorIndex)) }

    private mutating func apply(_ key: Key) -> Outcome {
        let count = text.count
        switch key {
        case .text(let input):
            let room = charactersMax - count
            let inserted = input.prefix(room)
            text.insert(contentsOf: inserted, at: text.index(text.startIndex, offsetBy: cursorIndex))
            cursorIndex += inserted.count
            return inserted.count < input.count ? .limitReached : .changed
        case .backspace where cursorIndex > 0:
            cursorIndex -= 1
            text.remove(at: text.index(text.startIndex, offsetBy: cursorIndex))
            return .changed
        case .delete where cursorIndex < count:
            text.remove(at: text.index(text.startIndex, offsetBy: cursorIndex))
            return .changed
        case .left where cursorIndex > 0: cursorIndex -= 1
        case .right where cursorIndex < count: cursorIndex += 1
        case .home where cursorIndex > 0: cursorIndex = 0
        case .end where cursorIndex < count: cursorIndex = count
        default: return .ignored
        }
        return .moved
    }

    /// Scrolls so the cursor's cell (the character under it, or one column at the end) is in
    /// view, and fills the view from the left when text was deleted.
    private mutating func keepCursorVisible() {
        let characters = Array(text)
        let cursorCellColumns = cursorIndex < characters.count ? DisplayWidth.of(characters[cursorIndex]) : 1
        if cursorIndex < firstVisibleIndex { firstVisibleIndex = cursorIndex }
        while firstVisibleIndex < cursorIndex,
              DisplayWidth.of(slice(firstVisibleIndex, cursorIndex)) + cursorCellColumns > widthColumns {
            firstVisibleIndex += 1
        }
        while firstVisibleIndex > 0,
              DisplayWidth.of(slice(firstVisibleIndex - 1, characters.count)) + 1 <= widthColumns {
            firstVisibleIndex -= 1
        }
    }

    private func slice(_ from: Int, _ to: Int) -> String {
        let start = text.index(text.startIndex, offsetBy: from)
        return String(text[start..<text.index(start, offsetBy: to - from)])
    }

    /// Draws the editor at (row, column). Focused, it shows the scrolled view and places the
    /// buffer's cursor; unfocused, the text from its start, cut with "…" when too wide.
    public func render(into buffer: inout ScreenBuffer, row: Int, column: Int, isFocused: Bool,
                       alignment: Alignment = .leading, style: ScreenBuffer.Style = []) {
        let textColumns = DisplayWidth.of(text)
        let cursorRoom = isFocused ? 1 : 0
        if alignment == .trailing, textColumns + cursorRoom <= widthColumns {
            let start = column + widthColumns - textColumns - cursorRoom
            buffer.write(text, row: row, column: start, style: style)
            if isFocused { buffer.cursor = .init(row: row, column: start + DisplayWidth.of(slice(0, cursorIndex))) }
            return
        }
        guard isFocused else {
            buffer.write(DisplayWidth.truncate(text, toColumns: widthColumns), row: row, column: column, style: style)
            return
        }
        var visible = ""
        var used = 0
        for character in text.dropFirst(firstVisibleIndex) {
            let width = DisplayWidth.of(character)
            if used + width > widthColumns { break }
            visible.append(character)
            used += width
        }
        buffer.write(visible, row: row, column: column, style: style)
        buffer.cursor = .init(row: row, column: column + cursorColumn)
    }
}

import Workflow

/// A scrolling list with a selection: arrows and j/k, PgUp/PgDn, Home/End and g/G move; `/`
/// searches (case and full-width insensitive), n/N go to the next/previous match. The last
/// row of its area is a status line (position, search).
public struct ListView: Sendable, Equatable {
    /// What a list's keys do.
    public enum Action: Sendable {
        /// Moves and searches, in the order of `keyTable`.
        case up, down, pageUp, pageDown, first, last, search, nextMatch, previousMatch
    }

    /// The rows' texts.
    public private(set) var items: [String]
    /// The selected row; 0 when the list is empty.
    public private(set) var selectedIndex = 0
    /// The first row shown.
    public private(set) var topIndex = 0
    /// Rows of items the area shows (its height less the status line).
    public private(set) var pageRows: Int
    /// The search being typed, while `/` is open.
    public private(set) var searchEditor: LineEditor?
    /// The last search, for n/N.
    public private(set) var query = ""
    /// Whether the last search or n/N found nothing.
    public private(set) var searchFailed = false

    /// Creates a list showing `pageRows` rows of items.
    public init(items: [String], pageRows: Int) {
        self.items = items
        self.pageRows = max(1, pageRows)
    }

    /// The keys, for dispatch and help.
    public static let keyTable = KeyTable<Action>(scope: "list", [
        KeyBinding([.up, .text("k")], .up, Bilingual("上一项", "previous item"), hinted: false),
        KeyBinding([.down, .text("j")], .down, Bilingual("下一项", "next item"), hinted: false),
        KeyBinding([.pageUp], .pageUp, Bilingual("上一页", "page up"), hinted: false),
        KeyBinding([.pageDown], .pageDown, Bilingual("下一页", "page down"), hinted: false),
        KeyBinding([.home, .text("g")], .first, Bilingual("第一项", "first item"), hinted: false),
        KeyBinding([.end, .text("G")], .last, Bilingual("最后一项", "last item"), hinted: false),
        KeyBinding([.text("/"), .control("f")], .search, Bilingual("搜索", "search")),
        KeyBinding([.text("n")], .nextMatch, Bilingual("下一个匹配", "next match"), hinted: false),
        KeyBinding([.text("N")], .previousMatch, Bilingual("上一个匹配", "previous match"), hinted: false),
    ])

    /// Applies a key; returns false when the list has no use for it.
    public mutating func update(_ key: Key) -> Bool {
        if searchEditor != nil { return updateSearch(key) }
        switch Self.keyTable.action(for: key) {
        case .up: select(selectedIndex - 1)
        case .down: select(selectedIndex + 1)
        case .pageUp: select(selectedIndex - pageRows)
        case .pageDown: select(selectedIndex + pageRows)
        case .first: select(0)
        case .last: select(items.count - 1)
        case .search: searchEditor = LineEditor(charactersMax: 40, widthColumns: 40)
        case .nextMatch: findMatch(from: selectedIndex + 1, step: 1)
        case .previousMatch: findMatch(from: selectedIndex - 1, step: -1)
        case nil: return false
        }
        return true
    }

    /// Replaces the rows, keeping the selection in range.
    public mutating func setItems(_ newItems: [String]) {
        items = newItems
        select(selectedIndex)
    }

    /// Fits the list to an area `rows` high.
    public mutating func resize(rows: Int) {
        pageRows = max(1, rows - 1)
        select(selectedIndex)
    }

    private mutating func updateSearch(_ key: Key) -> Bool {
        switch key {
        case .escape:
            searchEditor = nil
        case .enter:
            query = searchEditor?.text ?? ""
            searchEditor = nil
            findMatch(from: selectedIndex, step: 1)
        default:
            _ = searchEditor?.update(key)
        }
        return true
    }

    private mutating func findMatch(from start: Int, step: Int) {
        let needle = query.foldingFullWidth.lowercased()
        guard !needle.isEmpty, !items.isEmpty else { return }
        for offset in 0..<items.count {
            let index = ((start + step * offset) % items.count + items.count) % items.count
            if items[index].foldingFullWidth.lowercased().contains(needle) {
                searchFailed = false
                select(index)
                return
            }
        }
        searchFailed = true
    }

    private mutating func select(_ index: Int) {
        selectedIndex = max(0, min(index, items.count - 1))
        if selectedIndex < topIndex { topIndex = selectedIndex }
        if selectedIndex >= topIndex + pageRows { topIndex = selectedIndex - pageRows + 1 }
        topIndex = max(0, min(topIndex, items.count - pageRows))
    }

    /// Draws the rows and the status line into `buffer` (the list's area). The selected row is
    /// marked ">" and drawn in reverse.
    public func render(into buffer: inout ScreenBuffer, language l: Language) {
        for (offset, index) in (topIndex..<min(items.count, topIndex + pageRows)).enumerated() {
            let isSelected = index == selectedIndex
            if isSelected { buffer.fillRow(offset, style: .reverse) }
            let line = (isSelected ? "> " : "  ") + DisplayWidth.truncate(items[index], toColumns: buffer.columns - 2)
            buffer.write(line, row: offset, column: 0, style: isSelected ? .reverse : [])
        }
        let statusRow = min(pageRows, buffer.rows - 1)
        let position = items.isEmpty ? l.pick("（空）", "(empty)") : "\(selectedIndex + 1)/\(items.count)"
        let column = buffer.write(position, row: statusRow, column: 0) + 2
        if let searchEditor {
            let promptEnd = buffer.write("/", row: statusRow, column: column)
            searchEditor.render(into: &buffer, row: statusRow, column: promptEnd, isFocused: true)
        } else if searchFailed {
            buffer.write(DisplayWidth.truncate(l.pick("未找到“\(query)”", "Not found: “\(query)”"), toColumns: buffer.columns - column),
                         row: statusRow, column: column, style: .bold)
        }
    }
}

/// Terminal display width of text, in columns: 2 for East Asian wide and full-width
/// characters, 0 for combining marks and controls, 1 otherwise. Computed from Unicode data,
/// not from the C locale, so layout is the same in tests and on every terminal.
public enum DisplayWidth {
    /// Columns one character occupies.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return 0 }
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark { return 0 }
        if first.properties.isEmojiPresentation { return 2 }
        return isWide(first.value) ? 2 : 1
    }

    /// Columns a string occupies.
    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// The longest prefix of `text` that fits in `columns`, with "…" when it was cut. Never
    /// cuts a wide character in half.
    public static func truncate(_ text: String, toColumns columns: Int) -> String {
        guard of(text) > columns else { return text }
        guard columns > 0 else { return "" }
        var result = ""
        var used = 0
        for character in text {
            let width = of(character)
            if used + width > columns - 1 { break }
            result.append(character)
            used += width
        }
        return result + "…"
    }

    /// `text` in lines of at most `columns` columns, never splitting a wide character.
    public static func wrap(_ text: String, toColumns columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        var used = 0
        for character in text {
            let width = of(character)
            if used + width > columns {
                lines.append(line)
                line = ""
                used = 0
            }
            line.append(character)
            used += width
        }
        return lines + (line.isEmpty ? [] : [line])
    }

    /// `text` followed by spaces up to `columns` (unchanged when already as wide or wider).
    public static func pad(_ text: String, toColumns columns: Int) -> String {
        text + String(repeating: " ", count: max(0, columns - of(text)))
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges of Unicode 15.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

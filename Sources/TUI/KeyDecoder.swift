/// Turns what the terminal delivered in one read into `Key`s: runs of printable characters
/// become one `.text` (an input method commits whole words at once), control characters
/// become their keys, and Esc followed by a digit becomes a function key (many SSH clients
/// eat F-keys). Pure, so every path is tested without a terminal.
public enum KeyDecoder {
    /// One unit of terminal input: a character, or a key ncurses already recognised
    /// (arrows, F-keys, resize...).
    public enum Input: Hashable, Sendable {
        /// A character as typed (control characters included).
        case character(Character)
        /// A special key.
        case key(Key)
    }

    /// The keys for `inputs`, in order.
    public static func decode(_ inputs: [Input]) -> [Key] {
        var keys: [Key] = []
        var pendingText = ""
        var afterEscape = false
        func flushText() {
            if !pendingText.isEmpty { keys.append(.text(pendingText)) }
            pendingText = ""
        }
        for input in inputs {
            if afterEscape {
                afterEscape = false
                if case .character(let character) = input, let digit = character.wholeNumberValue, character.isASCII {
                    keys.append(.function(digit == 0 ? 10 : digit))
                    continue
                }
                keys.append(.escape)
            }
            switch input {
            case .key(let key):
                flushText()
                keys.append(key)
            case .character("\u{1B}"):
                flushText()
                afterEscape = true
            case .character(let character):
                if let key = controlKey(character) {
                    flushText()
                    if let key { keys.append(key) }
                } else {
                    pendingText.append(character)
                }
            }
        }
        flushText()
        if afterEscape { keys.append(.escape) }
        return keys
    }

    /// The key of a control character: `.some(key)`, `.some(nil)` for a control character
    /// that means nothing here, or nil for a printable character.
    private static func controlKey(_ character: Character) -> Key?? {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return nil }
        switch scalar.value {
        case 9: return .some(.tab)
        case 10, 13: return .some(.enter)
        case 8, 127: return .some(.backspace)
        case 1...26: return .some(.control(Character(Unicode.Scalar(scalar.value + 96)!)))
        case 0..<32, 0x80..<0xA0: return .some(nil)
        default: return nil
        }
    }
}

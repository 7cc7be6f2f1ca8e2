/// A key press as screens see it, independent of ncurses. Produced by `KeyDecoder` from what
/// the terminal delivers; compared against `KeyTable` bindings.
public enum Key: Hashable, Sendable {
    /// Printable text: one character from the keyboard, or several committed at once by an
    /// input method ("扶贫项目").
    case text(String)
    /// Function key F1-F12 (also Esc followed by a digit: Esc 1 is F1, Esc 0 is F10).
    case function(Int)
    /// Esc: back, cancel, close.
    case escape
    /// Enter or Return.
    case enter
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Backspace: deletes the character before the cursor.
    case backspace
    /// Delete: deletes the character under the cursor.
    case delete
    /// Arrow keys.
    case up, down, left, right
    /// Home and End.
    case home, end
    /// Page Up and Page Down.
    case pageUp, pageDown
    /// Ctrl with a letter, lowercase: `.control("c")` is Ctrl-C.
    case control(Character)
    /// The terminal changed size.
    case resize

    /// Ctrl-C: quit (with a confirmation when something is unsaved).
    public static let interrupt = Key.control("c")

    /// The key's name as printed on keycaps and in help ("F1", "Shift-Tab", "PgDn", "q").
    /// Plain ASCII so that names line up in every terminal.
    public var label: String {
        switch self {
        case .text(let text): text == " " ? "Space" : text
        case .function(let number): "F\(number)"
        case .escape: "Esc"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .control(let letter): "Ctrl-\(letter.uppercased())"
        case .resize: "Resize"
        }
    }

    /// The key named `label` as `label` prints it ("F5", "Ctrl-R", "PgDn", "Space", "j"); nil
    /// for a name no key has. Letters are case-sensitive ("G" is Shift-g).
    public init?(label: String) {
        let named: [String: Key] = [
            "Esc": .escape, "Enter": .enter, "Tab": .tab, "Shift-Tab": .backTab, "Backspace": .backspace, "Del": .delete,
            "Up": .up, "Down": .down, "Left": .left, "Right": .right, "Home": .home, "End": .end,
            "PgUp": .pageUp, "PgDn": .pageDown, "Space": .text(" "),
        ]
        if let key = named[label] {
            self = key
        } else if label.hasPrefix("F"), let number = Int(label.dropFirst()), (1...12).contains(number) {
            self = .function(number)
        } else if label.hasPrefix("Ctrl-"), label.count == 6, let letter = label.last, letter.isASCII, letter.isLetter {
            self = .control(Character(letter.lowercased()))
        } else if label.count == 1, let character = label.first, character.isASCII, !character.isWhitespace,
                  DisplayWidth.of(character) == 1 {
            self = .text(label)
        } else {
            return nil
        }
    }
}

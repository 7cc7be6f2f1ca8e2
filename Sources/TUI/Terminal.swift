import CNcursesw
import Glibc

/// The only type that touches ncurses: starts and ends the terminal session, copies a
/// `ScreenBuffer` to the screen and reads keys.
public final class Terminal {
    /// A key press as the app loop sees it.
    public enum Key: Equatable, Sendable {
        /// A typed character (an input method may deliver several in a row).
        case character(Character)
        /// Function key F1-F12.
        case function(Int)
        /// The terminal was resized.
        case resize
        /// Escape.
        case escape
        /// Any other key code.
        case other(Int32)
    }

    /// Starts curses: the user's locale (falling back to C.UTF-8 for wide characters), no echo,
    /// keypad keys, a short Esc delay.
    public init() {
        if setlocale(LC_ALL, "") == nil || !Terminal.localeIsUTF8() { setlocale(LC_CTYPE, "C.UTF-8") }
        setenv("ESCDELAY", "50", 0)
        initscr()
        cbreak()
        noecho()
        keypad(shim_stdscr(), true)
    }

    /// Ends curses and restores the terminal.
    public func end() { endwin() }

    /// The terminal's size in columns and rows.
    public var size: (columns: Int, rows: Int) {
        (Int(shim_getmaxx(shim_stdscr())), Int(shim_getmaxy(shim_stdscr())))
    }

    /// Copies `buffer` to the screen.
    public func draw(_ buffer: ScreenBuffer) {
        erase()
        for row in 0..<buffer.rows {
            for column in 0..<buffer.columns {
                let cell = buffer.cells[row * buffer.columns + column]
                guard let character = cell.character, let scalar = character.unicodeScalars.first else { continue }
                var attributes: attr_t = 0
                if cell.style.contains(.bold) { attributes |= shim_A_BOLD() }
                if cell.style.contains(.reverse) { attributes |= shim_A_REVERSE() }
                _ = shim_mvadd_wch(Int32(row), Int32(column), wchar_t(bitPattern: scalar.value), attributes)
            }
        }
        refresh()
    }

    /// Waits for the next key.
    public func readKey() -> Key {
        var code: wint_t = 0
        let status = get_wch(&code)
        if status == KEY_CODE_YES {
            if code == KEY_RESIZE { return .resize }
            for number in 1...12 where Int32(code) == shim_KEY_F(Int32(number)) { return .function(number) }
            return .other(Int32(code))
        }
        guard status == OK, let scalar = Unicode.Scalar(UInt32(code)) else { return .other(Int32(code)) }
        if scalar.value == 27 { return .escape }
        return .character(Character(scalar))
    }

    private static func localeIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}

import CNcursesw
import Glibc

/// The only type that touches ncurses: starts and ends the terminal session, copies a
/// `ScreenBuffer` to the screen and reads keys.
public final class Terminal {
    /// How long ncurses waits after Esc for the rest of an escape sequence (its default of a
    /// whole second makes Esc feel broken).
    public static let escapeDelayMs: Int32 = 50
    /// How long a bare Esc waits for a digit that makes it an F-key (Esc 1 = F1).
    public static let escapeDigitWaitMs: Int32 = 50
    /// The most inputs gathered into one read (an input method's commit).
    static let inputsPerReadMax = 512

    /// The colour pair of reverse-video cells when colour is on (white on blue).
    static let barColorPair: Int16 = 1
    /// Whether reverse-video cells are drawn in `barColorPair`.
    private let usesColor: Bool

    /// Starts curses: the user's locale (falling back to C.UTF-8 for wide characters), raw
    /// input (Ctrl-C arrives as a key), no echo, keypad keys, a short Esc delay; colour when
    /// `usesColor` and the terminal has it (the terminal's own colours otherwise).
    public init(usesColor: Bool) {
        if setlocale(LC_ALL, "") == nil || !Terminal.localeIsUTF8() { setlocale(LC_CTYPE, "C.UTF-8") }
        initscr()
        raw()
        noecho()
        nonl()
        keypad(shim_stdscr(), true)
        set_escdelay(Terminal.escapeDelayMs)
        self.usesColor = usesColor && has_colors()
        if self.usesColor {
            start_color()
            use_default_colors()
            init_pair(Self.barColorPair, Int16(COLOR_WHITE), Int16(COLOR_BLUE))
        }
    }

    /// Ends curses and restores the terminal.
    public func end() { endwin() }

    /// The terminal's size in columns and rows.
    public var size: (columns: Int, rows: Int) {
        (Int(shim_getmaxx(shim_stdscr())), Int(shim_getmaxy(shim_stdscr())))
    }

    /// Copies `buffer` to the screen and places the cursor (hidden when the buffer has none).
    public func draw(_ buffer: ScreenBuffer) {
        erase()
        for row in 0..<buffer.rows {
            for column in 0..<buffer.columns {
                let cell = buffer.cells[row * buffer.columns + column]
                guard let character = cell.character, let scalar = character.unicodeScalars.first else { continue }
                var attributes: attr_t = 0
                if cell.style.contains(.bold) { attributes |= shim_A_BOLD() }
                if cell.style.contains(.reverse) {
                    attributes |= usesColor ? shim_COLOR_PAIR(Int32(Self.barColorPair)) : shim_A_REVERSE()
                }
                _ = shim_mvadd_wch(Int32(row), Int32(column), wchar_t(bitPattern: scalar.value), attributes)
            }
        }
        if let cursor = buffer.cursor {
            curs_set(1)
            move(Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        refresh()
    }

    /// Waits for input, then takes everything already waiting (an input method commits a
    /// whole word at once) and decodes it into keys.
    public func readKeys() -> [Key] {
        timeout(-1)
        return readWaiting(first: readInput())
    }

    /// Waits for input or for `wakeDescriptor` to become readable (an event was posted), then
    /// takes every key already waiting; empty when only the descriptor woke it. A signal
    /// (the resize signal) also ends the wait, and ncurses then reports the resize as a key.
    public func readKeys(wakingOn wakeDescriptor: Int32) -> [Key] {
        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)]
        _ = poll(&descriptors, nfds_t(descriptors.count), -1)
        timeout(0)
        return readWaiting(first: readInput())
    }

    /// `first` and every input that follows without waiting, decoded into keys.
    private func readWaiting(first: KeyDecoder.Input?) -> [Key] {
        var inputs: [KeyDecoder.Input] = []
        if let first { inputs.append(first) }
        while !inputs.isEmpty, inputs.count < Self.inputsPerReadMax {
            timeout(inputs.last == .character("\u{1B}") ? Self.escapeDigitWaitMs : 0)
            guard let next = readInput() else { break }
            inputs.append(next)
        }
        timeout(-1)
        return KeyDecoder.decode(inputs)
    }

    /// One input from ncurses, nil when none came in time.
    private func readInput() -> KeyDecoder.Input? {
        var code: wint_t = 0
        let status = get_wch(&code)
        if status == KEY_CODE_YES { return Self.keypadKey(Int32(code)).map { .key($0) } }
        guard status == OK, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
        return .character(Character(scalar))
    }

    /// The key of an ncurses keypad code, nil for codes FundChain does not use.
    static func keypadKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_RESIZE: return .resize
        default: return (1...12).first { shim_KEY_F(Int32($0)) == code }.map { .function($0) }
        }
    }

    private static func localeIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}

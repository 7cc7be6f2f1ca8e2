import Workflow

/// The terminal application's loop: draw, read keys, update the shell, run the effects it
/// passes out and feed their replies back as events, until it says quit.
public enum App {
    /// Runs the shell on the welcome screen. Without a ledger, ledger effects are answered
    /// with a refusal saying no node is connected.
    public static func run(language: Language) {
        let terminal = Terminal()
        defer { terminal.end() }
        var shell = Shell(language: language, header: Header(), root: WelcomeScreen(language: language))
        var events: [TUIEvent] = [resizeEvent(terminal)]
        while true {
            while !events.isEmpty {
                for effect in shell.update(events.removeFirst()) {
                    switch effect {
                    case .quit: return
                    default: events.append(offlineReply)
                    }
                }
            }
            let (columns, rows) = terminal.size
            var buffer = ScreenBuffer(columns: columns, rows: rows)
            shell.render(into: &buffer)
            terminal.draw(buffer)
            events = terminal.readKeys().map { $0 == .resize ? resizeEvent(terminal) : .key($0) }
        }
    }

    /// The reply to ledger work when no node is connected.
    static let offlineReply = TUIEvent.refused(Bilingual("未连接节点", "no node is connected"))

    private static func resizeEvent(_ terminal: Terminal) -> TUIEvent {
        let (columns, rows) = terminal.size
        return .resize(columns: columns, rows: rows)
    }
}

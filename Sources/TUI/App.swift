import Workflow

/// The terminal application's loop: draw the screen, read a key, repeat until quit.
public enum App {
    /// Runs the welcome screen until q or F10.
    public static func run(language: Language) {
        let terminal = Terminal()
        defer { terminal.end() }
        let screen = WelcomeScreen(language: language)
        while true {
            let (columns, rows) = terminal.size
            var buffer = ScreenBuffer(columns: columns, rows: rows)
            screen.render(into: &buffer)
            terminal.draw(buffer)
            switch terminal.readKey() {
            case .character("q"), .function(10): return
            default: continue
            }
        }
    }
}

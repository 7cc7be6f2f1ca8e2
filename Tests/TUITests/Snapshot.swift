import Foundation
import Testing
@testable import TUI

/// Grid snapshots: a shell rendered into an 80x24 `ScreenBuffer`, compared as text with a file
/// in Fixtures/tui. A mismatch prints the differing rows. A missing file is written only when
/// FUNDCHAIN_RECORD_SNAPSHOTS=1, and the test still fails so that the new file is read first.
enum Snapshot {
    /// Fixtures/tui, found relative to this source file.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/tui").standardizedFileURL

    /// The shell's screen as text, one line per row, trailing spaces removed.
    static func text(_ shell: Shell) -> String {
        var buffer = ScreenBuffer(columns: shell.columns, rows: shell.rows)
        shell.render(into: &buffer)
        return buffer.text + "\n"
    }

    /// Compares the shell's screen with Fixtures/tui/`name`.txt.
    static func check(_ shell: Shell, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = text(shell)
        let url = folder.appendingPathComponent("\(name).txt")
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            if ProcessInfo.processInfo.environment["FUNDCHAIN_RECORD_SNAPSHOTS"] == "1" {
                try? actual.write(to: url, atomically: true, encoding: .utf8)
                Issue.record("recorded \(url.path): read it, then run again", sourceLocation: sourceLocation)
            } else {
                Issue.record("no snapshot \(url.path) (FUNDCHAIN_RECORD_SNAPSHOTS=1 records it)", sourceLocation: sourceLocation)
            }
            return
        }
        guard actual != expected else { return }
        let differences = diff(expected: expected, actual: actual)
        Issue.record("\(name) differs from \(url.path):\n\(differences)", sourceLocation: sourceLocation)
    }

    /// The rows that differ, each as the stored and the rendered text.
    static func diff(expected: String, actual: String) -> String {
        let old = expected.components(separatedBy: "\n")
        let new = actual.components(separatedBy: "\n")
        var lines: [String] = []
        for row in 0..<max(old.count, new.count) {
            let stored = row < old.count ? old[row] : "<none>"
            let rendered = row < new.count ? new[row] : "<none>"
            guard stored != rendered else { continue }
            lines.append("row \(row):\n  stored:   |\(stored)|\n  rendered: |\(rendered)|")
        }
        return lines.joined(separator: "\n")
    }
}

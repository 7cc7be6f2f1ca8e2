import Foundation
import Testing
@testable import TUI

/// Grid snapshots: a screen rendered into a `ScreenBuffer` compared with a reviewed text file
/// in Fixtures/tui. A mismatch names every differing line with both versions. With
/// FUNDCHAIN_RECORD_SNAPSHOTS=1 the file is written instead and the test fails, so a recorded
/// file is always read and checked before it is committed.
enum Snapshot {
    /// Fixtures/tui, found relative to this source file.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/tui").standardizedFileURL

    /// Expects the shell's screen, rendered at its size, to equal Fixtures/tui/`name`.txt.
    static func check(_ shell: Shell, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var buffer = ScreenBuffer(columns: shell.columns, rows: shell.rows)
        shell.render(into: &buffer)
        expect(buffer.text, matches: name, sourceLocation: sourceLocation)
    }

    /// Expects `text` (a buffer's text) to equal Fixtures/tui/`name`.txt.
    static func expect(_ text: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["FUNDCHAIN_RECORD_SNAPSHOTS"] == "1" {
            try? (text + "\n").write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(url.path): read it and check it before committing", sourceLocation: sourceLocation)
            return
        }
        guard let stored = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no snapshot \(url.path); the screen drew:\n\(text)", sourceLocation: sourceLocation)
            return
        }
        let difference = diff(stored: String(stored.dropLast(stored.hasSuffix("\n") ? 1 : 0)), actual: text)
        if !difference.isEmpty {
            Issue.record("snapshot \(name) differs:\n\(difference)", sourceLocation: sourceLocation)
        }
    }

    /// The differing lines, numbered from 0, each as stored and as drawn; empty when equal.
    static func diff(stored: String, actual: String) -> String {
        let storedLines = stored.components(separatedBy: "\n"), actualLines = actual.components(separatedBy: "\n")
        var report: [String] = []
        for index in 0..<max(storedLines.count, actualLines.count) {
            let was = index < storedLines.count ? storedLines[index] : nil
            let now = index < actualLines.count ? actualLines[index] : nil
            guard was != now else { continue }
            report.append("line \(index):\n  stored: \(was.map { "|\($0)|" } ?? "(none)")\n  drawn:  \(now.map { "|\($0)|" } ?? "(none)")")
        }
        return report.joined(separator: "\n")
    }
}

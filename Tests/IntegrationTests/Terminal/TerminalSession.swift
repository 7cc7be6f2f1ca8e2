import Foundation
import LedgerClient
import Testing
import WorkflowTestSupport

/// Runs of the `fundchain` terminal application with the same options (one data directory, or
/// one node to connect to), each in its own tmux server with one organisation signed in.
struct TerminalSession {
    /// The options after the executable, without `--lang`.
    let arguments: [String]
    let script: TerminalScript

    /// Opens the application, signs in as `organisationID` with the demo passphrase, runs
    /// `steps` and quits; the tmux server is stopped however it ends.
    func run(as organisationID: String, _ steps: (TmuxTerminal) async throws -> Void) async throws {
        let terminal = try await open(as: organisationID)
        do {
            try await steps(terminal)
            try await quit(terminal)
        } catch {
            await terminal.stop()
            throw error
        }
        await terminal.stop()
    }

    /// Opens the application and signs in as `organisationID` (chosen by its place in the
    /// demo consortium's list) with the demo passphrase; waits for the inbox. `checkSignIn`
    /// first reads the sign-in screen.
    func open(as organisationID: String, checkSignIn: (String) async throws -> Void = { _ in }) async throws -> TmuxTerminal {
        guard let executable = BuiltProducts.executable(named: "fundchain") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "fundchain is not built beside the tests"])
        }
        let position = try #require(DemoConsortium.organisations.firstIndex { $0.id == organisationID })
        let terminal = try await TmuxTerminal.start([executable.path] + arguments + ["--lang", script.language])
        do {
            try await checkSignIn(try await terminal.waitFor(script.passphrasePrompt))
            for _ in 0..<position { try await terminal.press("Down") }
            try await terminal.press("Enter", "F4", "Enter")
            try await terminal.waitFor(script.inboxTitle, seconds: 60)
        } catch {
            await terminal.stop()
            throw error
        }
        return terminal
    }

    /// Goes back to the inbox (Esc never quits), quits through the confirmation (whose focus
    /// starts on "keep using") and checks the program ended with status 0.
    func quit(_ terminal: TmuxTerminal) async throws {
        for _ in 0..<3 { try await terminal.press("Escape") }
        try await terminal.waitFor(script.inboxTitle)
        try await terminal.press("q")
        try await terminal.waitFor(script.quitQuestion)
        try await terminal.press("Left", "Enter")
        let status = try await terminal.waitForExit()
        #expect(status == 0)
    }
}

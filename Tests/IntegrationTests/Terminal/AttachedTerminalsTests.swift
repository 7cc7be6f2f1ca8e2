import Foundation
import Testing
import WorkflowTestSupport

/// Terminals of different organisations on the embedded default's consortium: the provincial
/// office's terminal runs the four validators (its ledger on its own validator), and the
/// county HQ's and county finance's attach with `--connect` to two other validators, as the
/// sign-in screen says. What one organisation does on the chain appears on the others'
/// screens as blocks commit, without a key press there.
@Suite("Terminals attached to the embedded consortium", .serialized)
struct AttachedTerminalsTests {
    @Test("an application filed and approved elsewhere appears in open terminals without a key press")
    func approvalAppearsInAnotherTerminal() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-attached-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = EmbeddedDemo(directory: directory.appendingPathComponent("demo"))
        let script = TerminalScript.english
        var terminals: [TmuxTerminal] = []
        do {
            let embedded = TerminalSession(arguments: ["--data-dir", demo.directory.path], script: script)
            let office = try await embedded.open(as: "provincial-office")
            terminals.append(office)
            try await office.waitFor("Nothing waits for you now")
            let urls = try await demo.urls()
            let finance = try await Self.attached(to: urls["auditor"]!, demo, script).open(as: "county-finance")
            terminals.append(finance)
            try await finance.waitFor("Nothing waits for you now")

            try await Self.attached(to: urls["commercial-bank"]!, demo, script).run(as: "county-hq") { try await TerminalEndToEndTests.file($0, script) }
            // Nothing was pressed in the office's terminal since its inbox opened.
            try await office.waitFor(String(script.projectName.prefix(6)), TerminalEndToEndTests.amount)
            try await TerminalEndToEndTests.approve(office, script)
            // Nor in county finance's: its 6% tranche arrives as the approval's block commits.
            try await finance.waitFor(TerminalEndToEndTests.countyFinance.amount)

            // The attached terminal first: the office's quit stops the validators it talks to.
            try await Self.attached(to: urls["auditor"]!, demo, script).quit(finance)
            try await embedded.quit(office)
        } catch {
            for terminal in terminals { await terminal.stop() }
            throw error
        }
        for terminal in terminals { await terminal.stop() }
    }

    /// Terminals attached to the validator at `url` with the demo's token and keystores.
    static func attached(to url: String, _ demo: EmbeddedDemo, _ script: TerminalScript) -> TerminalSession {
        TerminalSession(arguments: ["--connect", url, "--token-file", demo.tokenFile.path, "--data-dir", demo.directory.path], script: script)
    }
}

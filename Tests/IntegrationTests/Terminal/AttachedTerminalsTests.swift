import Foundation
import Glibc
import Testing
import WorkflowTestSupport

/// Two terminals attached with `--connect` to one headless `fundchain node`: what one
/// organisation does on the chain appears on the other's screen as blocks commit, without a
/// key press there.
@Suite("Terminals attached to one node", .serialized)
struct AttachedTerminalsTests {
    @Test("an application filed and approved elsewhere appears in open terminals without a key press")
    func approvalAppearsInAnotherTerminal() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-attached-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = directory.appendingPathComponent("demo")
        let created = try await FundChainProcess.run(["genesis", "demo", "--out", demo.path])
        try #require(created.status == 0, "\(created.output)")
        let node = try await RunningNode.start(demo: demo, data: directory.appendingPathComponent("data"), validator: true)
        let script = TerminalScript.english
        let session = TerminalSession(arguments: ["--connect", node.url, "--keystore-dir", demo.appendingPathComponent("keys").path], script: script)
        var terminals: [TmuxTerminal] = []
        do {
            let office = try await session.open(as: "provincial-office")
            terminals.append(office)
            let finance = try await session.open(as: "county-finance")
            terminals.append(finance)
            try await finance.waitFor("Nothing waits for you now")

            try await session.run(as: "county-hq") { try await TerminalEndToEndTests.file($0, script) }
            // Nothing was pressed in the office's terminal since its inbox opened.
            try await office.waitFor(String(script.projectName.prefix(6)), TerminalEndToEndTests.amount)
            try await TerminalEndToEndTests.approve(office, script)
            // Nor in county finance's: its 6% tranche arrives as the approval's block commits.
            try await finance.waitFor(TerminalEndToEndTests.countyFinance.amount)

            for terminal in terminals { try await session.quit(terminal) }
        } catch {
            for terminal in terminals { await terminal.stop() }
            try? await node.kill(signal: SIGTERM)
            throw error
        }
        for terminal in terminals { await terminal.stop() }
        try await node.kill(signal: SIGTERM)
    }
}

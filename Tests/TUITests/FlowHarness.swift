import EmbeddedNode
@testable import LedgerClient
import Testing
@testable import TUI
import Workflow
import WorkflowTestSupport

/// A shell signed in as one organisation of the test consortium on a `FakeChain`, with every
/// effect it passes out run by `EffectRunner` at a fixed "now" and its reply fed back, so a
/// test presses keys and reads the screen.
struct FlowHarness {
    /// "Now" for waiting times: two days and a bit after the test clock's first block.
    static let nowMs: Int64 = 1_795_000_000_000 + 2 * 86_400_000 + 3_600_000

    var shell: Shell
    let ledger: FakeLedger
    /// "Now" for the effects run from here on.
    var nowMs = FlowHarness.nowMs
    /// The ledger effects run so far, in order.
    private(set) var ran: [TUIEffect] = []

    /// A chain on which the county HQ filed the standard application and the provincial office
    /// approved it in full (XM2026000001, draft HP2026000001 with 7 legs).
    static func approvedChain() async throws -> FakeChain {
        let chain = FakeChain()
        try await chain.must(.fileApplication(TestConsortium.application()), by: "county-hq")
        try await chain.must(.approveApplication(projectID: "XM2026000001", reservedFen: Fen(100_000_000), fundPlan: nil), by: "provincial-office")
        return chain
    }

    /// Signs `organisationID` in on `chain` (a demo key) at 80x24 and loads its inbox.
    static func signIn(_ organisationID: String, on chain: FakeChain, _ language: Language,
                       columns: Int = 80, rows: Int = 24) async throws -> FlowHarness {
        let organisation = try #require(TestConsortium.organisations.first { $0.id == organisationID })
        var shell = Shell(language: language, header: Header(), root: SignInScreen(language: language, choices: []))
        _ = shell.update(.resize(columns: columns, rows: rows))
        var harness = FlowHarness(shell: shell, ledger: FakeLedger(chain: chain, organisationID: organisationID))
        try await harness.feed(harness.shell.update(.signedIn(SignedInOrganisation(organisation: organisation, isDemo: true))))
        return harness
    }

    /// Presses `keys` in order, running the effects each one passes out.
    mutating func press(_ keys: Key...) async throws {
        for key in keys { try await feed(shell.update(.key(key))) }
    }

    /// Sends `event` (a committed block, say) and runs what follows.
    mutating func send(_ event: TUIEvent) async throws {
        try await feed(shell.update(event))
    }

    /// Runs `effects` and feeds the replies back until none remain.
    mutating func feed(_ effects: [TUIEffect]) async throws {
        var pending = effects
        while !pending.isEmpty {
            let effect = pending.removeFirst()
            ran.append(effect)
            let now = nowMs
            let reply = try #require(await EffectRunner.run(effect, on: ledger, nowMs: { now }))
            pending += shell.update(reply)
        }
    }

    /// The screen as text, one string per row.
    var lines: [String] { text.components(separatedBy: "\n") }

    /// The screen as text.
    var text: String {
        var buffer = ScreenBuffer(columns: shell.columns, rows: shell.rows)
        shell.render(into: &buffer)
        return buffer.text
    }

    /// The current screen as `T`.
    func top<T>(_ type: T.Type) throws -> T { try #require(shell.stack.last as? T) }
}

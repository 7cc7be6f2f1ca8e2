import LedgerClient
import Testing
@testable import TUI
import Workflow
import WorkflowTestSupport

/// Draft tracking: the holders as boxes and arrows with what each holds, the legs, the
/// history with heights and hashes, and stalled money said in words.
@Suite struct DraftTrackingTests {
    /// The approved chain after county finance paid leg 0 and the county fund company
    /// confirmed it.
    static func paidChain() async throws -> FakeChain {
        let chain = try await FlowHarness.approvedChain()
        try await chain.must(.recordPayment(legID: TestConsortium.leg(0), fundSerial: "FS2026112100001"), by: "county-finance")
        try await chain.must(.confirmReceipt(legID: TestConsortium.leg(0)), by: "county-fund")
        return chain
    }

    @Test func theFlowDiagramChineseAt80x24() async throws {
        var harness = try await FlowHarness.signIn("county-finance", on: try await Self.paidChain(), .chinese)
        try await harness.press(.function(4), .text("d"))
        let screen = try harness.top(DraftScreen.self)
        #expect(screen.snapshot?.draft.number == TestConsortium.firstDraftNumber)
        Snapshot.expect(harness.text, matches: "draft-flow-zh")
        #expect(harness.lines.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test func theFlowDiagramEnglishAt80x24() async throws {
        var harness = try await FlowHarness.signIn("county-finance", on: try await Self.paidChain(), .english)
        try await harness.press(.text("t"), .function(6))
        Snapshot.expect(harness.text, matches: "draft-flow-en")
    }

    @Test func theHistoryHasTimesHeightsAndHashes() async throws {
        var harness = try await FlowHarness.signIn("county-finance", on: try await Self.paidChain(), .chinese)
        try await harness.press(.function(4), .function(6), .tab)
        #expect(try harness.top(DraftScreen.self).panel == .history)
        Snapshot.expect(harness.text, matches: "draft-history-zh")
        try await harness.press(.backTab)
        #expect(try harness.top(DraftScreen.self).panel == .flow)
    }

    @Test func holdingsInTheBoxesSumToTheDraft() async throws {
        let chain = try await Self.paidChain()
        let draft = try #require(await chain.state.draft(TestConsortium.firstDraftNumber))
        let diagram = FlowDiagram(draft: draft)
        #expect(diagram.boxes.reduce(Int64(0)) { $0 + $1.heldFen.value } == draft.amountFen.value)
        #expect(Set(diagram.boxes.map(\.organisationID)) == Set(draft.holdings().map(\.organisationID)))
        #expect(diagram.boxes.first { $0.organisationID == "builder" }?.layer == 3, "funders -> partnership -> fund company -> unit")
        #expect(diagram.boxes.first { $0.organisationID == "county-fund" }?.heldFen == Fen(6_000_000))
    }

    @Test func stalledMoneyIsSaidInWordsAtTheTopAndInTheBox() async throws {
        let chain = try await FlowHarness.approvedChain()
        await chain.endBlock(after: 31 * 86_400)
        #expect(await chain.state.stalledLegs().isEmpty == false)
        var harness = try await FlowHarness.signIn("auditor", on: chain, .chinese)
        harness.nowMs = 1_795_000_000_000 + 32 * 86_400_000
        try await harness.press(.text("G"), .enter)
        let screen = try harness.top(DraftScreen.self)
        #expect(screen.snapshot != nil)
        let lines = harness.lines
        #expect(lines[3].hasPrefix("  ! 滞留：黔东县财政局 应付第 1 笔 ¥60,000.00，已等待 31天"), "\(lines[3])")
        #expect(lines.contains { $0.contains("+滞留!") }, "the holder's box says it")
        #expect(lines.contains { $0.contains("黔东县财政局 -> 黔东县脱贫基金公司") && $0.contains("滞留!") })
        try await harness.send(.blockCommitted(height: 4))
        #expect(harness.ran.last.map { if case .loadDraft(TestConsortium.firstDraftNumber) = $0 { true } else { false } } == true,
                "a committed block re-reads the draft")
    }
}

import LedgerClient
import Testing
@testable import TUI
import Workflow
import WorkflowTestSupport

/// The keys of the fund-flow screens not walked by the flow tests: refresh, help, back, the
/// panels, and the inbox's routes to each screen; plus the screens in English where the flow
/// tests drew them in Chinese (and the other way round), and a wide terminal.
@Suite struct FlowKeyPathTests {
    static func isLoad(_ effect: TUIEffect?, _ expected: String) -> Bool {
        switch effect {
        case .loadTranches?: expected == "tranches"
        case .loadDraft(let number)?: expected == number
        case .loadInbox?: expected == "inbox"
        default: false
        }
    }

    @Test func tranchesRefreshHelpAndBack() async throws {
        var harness = try await FlowHarness.signIn("county-finance", on: try await FlowHarness.approvedChain(), .chinese)
        try await harness.press(.text("t"))
        try await harness.press(.text("r"))
        #expect(Self.isLoad(harness.ran.last, "tranches"))
        try await harness.press(.function(5))
        #expect(Self.isLoad(harness.ran.last, "tranches"))
        try await harness.press(.text("?"))
        #expect(harness.shell.isShowingHelp)
        #expect(harness.lines.contains { $0.contains("F3/c") && $0.contains("确认到账") }, "help from the key table")
        try await harness.press(.escape, .escape)
        #expect(harness.shell.stack.last is InboxScreen)
    }

    @Test func leavingAPaymentWithATypedSerialAsksFirst() async throws {
        var harness = try await FlowHarness.signIn("county-finance", on: try await FlowHarness.approvedChain(), .english)
        try await harness.press(.enter, .text("p"), .text("FS1"), .escape)
        #expect(harness.shell.dialog?.focus == .cancel, "typed input would be lost")
        try await harness.press(.enter)
        #expect(harness.shell.stack.last is PaymentScreen)
        try await harness.press(.control("s"))
        #expect(harness.lines[22] == " Fund serial number: must be 4-40 letters, digits, - _ or /")
        Snapshot.expect(harness.text, matches: "payment-error-en")
        try await harness.press(.escape, .tab, .enter)
        #expect(harness.shell.stack.last is TranchesScreen)
    }

    @Test func draftPanelsRefreshAndHistoryInEnglish() async throws {
        let chain = try await DraftTrackingTests.paidChain()
        var harness = try await FlowHarness.signIn("county-fund", on: chain, .english)
        try await harness.press(.function(4), .function(6))
        try await harness.press(.text("r"))
        #expect(Self.isLoad(harness.ran.last, TestConsortium.firstDraftNumber))
        try await harness.press(.backTab, .text("G"))
        #expect(try harness.top(DraftScreen.self).historyList.selectedIndex == 3, "lists move in the history panel")
        Snapshot.expect(harness.text, matches: "draft-history-en")
        try await harness.press(.escape)
        #expect(harness.shell.stack.last is TranchesScreen)
    }

    @Test func theInboxOpensEachItemsScreen() async throws {
        let chain = try await ProjectUpdateTests.completedStageChain()
        var hq = try await FlowHarness.signIn("county-hq", on: chain, .chinese)
        try await hq.press(.enter)
        #expect(hq.shell.stack.last is OpinionScreen)
        #expect(Self.isLoad(hq.ran.last, TestConsortium.firstDraftNumber))
        try await hq.press(.escape, .text("d"))
        #expect(hq.shell.stack.last is DraftScreen, "d tracks the item's project's draft")
        var fund = try await FlowHarness.signIn("county-fund", on: chain, .chinese)
        try await fund.press(.function(6))
        #expect(fund.shell.stack.last is InboxScreen, "nothing waits for the fund company: nothing to track")
        var office = try await FlowHarness.signIn("provincial-office", on: chain, .chinese)
        try await office.press(.function(4))
        #expect(office.shell.stack.last is InboxScreen)
        #expect(office.lines[23].contains("F4/t") == false)
        #expect(office.lines[22] == " 本单位不拨付也不收款；F6 可追踪汇票")
    }

    @Test func decisionPlanEditorF4AndEscBackToTheApplication() async throws {
        let chain = FakeChain()
        try await chain.must(.fileApplication(TestConsortium.application()), by: "county-hq")
        var harness = try await FlowHarness.signIn("provincial-office", on: chain, .english)
        try await harness.press(.enter, .function(4))
        #expect(try harness.top(DecisionScreen.self).isEditingPlan)
        #expect(harness.lines.contains { $0.contains("Sum ¥1,000,000.00; must be ¥1,000,000.00 (matches)") })
        Snapshot.expect(harness.text, matches: "plan-editor-en")
        try await harness.press(.escape)
        #expect(try harness.top(DecisionScreen.self).isEditingPlan == false)
        #expect(harness.shell.stack.last is DecisionScreen, "Esc leaves the plan, not the screen")
        #expect(harness.lines[2].hasPrefix("  Step 1 Application  ->  [Step 2 Approval]"))
    }

    @Test func opinionInChineseAndStageReportInEnglish() async throws {
        let chain = try await ProjectUpdateTests.completedStageChain()
        var hq = try await FlowHarness.signIn("county-hq", on: chain, .chinese)
        try await hq.press(.enter, .text("同意"))
        Snapshot.expect(hq.text, matches: "opinion-zh")
        var builder = try await FlowHarness.signIn("builder", on: try await FlowHarness.approvedChain(), .english)
        try await builder.press(.enter, .down, .text("Ponds dug: 6 of 10"), .up, .up)
        #expect(try builder.top(StageReportScreen.self).focus == .note, "Up from the first field wraps to the last")
        Snapshot.expect(builder.text, matches: "stage-report-en")
    }

    @Test func aFailedReadIsSaidButNeverTakenForARefusedSubmission() async throws {
        var harness = try await FlowHarness.signIn("county-finance", on: try await FlowHarness.approvedChain(), .chinese)
        try await harness.press(.enter, .function(2), .text("FS2026112100001"), .function(2), .tab)
        let effects = harness.shell.update(.key(.enter))
        #expect(effects.count == 1, "the payment is in flight, not run yet")
        #expect(harness.shell.update(.readFailed(Bilingual("节点无响应", "the node does not answer"))).isEmpty)
        #expect(harness.lines[22] == " 节点无响应")
        #expect(try harness.top(PaymentScreen.self).isSubmitting, "still waiting for the payment's receipt")
        try await harness.feed(effects)
        #expect(try harness.top(PaymentScreen.self).isRecorded)
        try await harness.send(.blockCommitted(height: 3))
        #expect(harness.shell.readProblem == nil, "a read that succeeds clears it")
        #expect(harness.lines[22].hasPrefix(" 已记录拨付"))
    }

    @Test func tranchesAtAWideTerminalGiveTheProjectRoom() async throws {
        var harness = try await FlowHarness.signIn("county-fund", on: try await DraftTrackingTests.paidChain(), .chinese, columns: 120, rows: 30)
        try await harness.press(.function(4))
        let row = try #require(harness.lines.first { $0.contains("HP2026000001-0") })
        #expect(row.contains("黔东县高山冷水鱼养殖基地建设项目"), "the project name in full at 120 columns")
        #expect(DisplayWidth.of(row) <= 120)
        _ = harness.shell.update(.resize(columns: 80, rows: 24))
        #expect(harness.lines.first { $0.contains("HP2026000001-0") }?.contains("黔东县高山…") == true, "resize lays the rows out again")
    }
}

import LedgerClient
import Testing
@testable import TUI
import Workflow
import WorkflowTestSupport

/// A returned application revised and resubmitted by the county HQ, and the provincial
/// office approving below the budget with a fund plan edited to sum to the reserved amount.
@Suite struct RevisionAndPlanTests {
    static let projectName = "黔东县高山冷水鱼养殖基地建设项目"

    /// A chain where the standard application was filed and returned with `reason`.
    static func returnedChain(reason: String = "预算依据不足，请补充测算") async throws -> FakeChain {
        let chain = FakeChain()
        try await chain.must(.fileApplication(TestConsortium.application()), by: "county-hq")
        try await chain.must(.returnApplication(projectID: "XM2026000001", reason: reason), by: "provincial-office")
        return chain
    }

    @Test func theReturnedApplicationOpensFilledInWithItsReasonChinese() async throws {
        var harness = try await FlowHarness.signIn("county-hq", on: try await Self.returnedChain(), .chinese)
        #expect(harness.lines[5].hasPrefix(" > 退回待修改"))
        try await harness.press(.enter)
        let form = try harness.top(ApplicationFormScreen.self)
        #expect(form.revision?.returnReason == "预算依据不足，请补充测算")
        #expect(form.form.values[.projectName] == Self.projectName)
        #expect(form.form.values[.implementingUnit] == "builder")
        #expect(!form.hasUnsavedInput, "filled in, nothing typed yet")
        Snapshot.expect(harness.text, matches: "resubmit-form-zh")
    }

    @Test func theReturnedApplicationOpensFilledInEnglish() async throws {
        var harness = try await FlowHarness.signIn("county-hq", on: try await Self.returnedChain(reason: "Budget basis missing"), .english)
        try await harness.press(.enter)
        Snapshot.expect(harness.text, matches: "resubmit-form-en")
    }

    @Test func resubmittingKeepsThePlanAndGoesBackToTheOffice() async throws {
        let chain = try await Self.returnedChain()
        var harness = try await FlowHarness.signIn("county-hq", on: chain, .chinese)
        try await harness.press(.enter, .end, .text("（修订）"), .function(2), .left, .enter)
        guard case .submit(.resubmitApplication("XM2026000001", let application), _)? = harness.ran.last else {
            Issue.record("F2 resubmits: \(harness.ran)")
            return
        }
        #expect(application.projectName == Self.projectName + "（修订）")
        #expect(application.fundPlan == TestConsortium.application().fundPlan, "the three stages are kept")
        #expect(harness.lines[22] == " 已重新提交「\(Self.projectName)（修订）」，等待省办审批（区块 3）")
        #expect(try await harness.ledger.project("XM2026000001")?.status == .submitted)
        let office = FakeLedger(chain: chain, organisationID: "provincial-office")
        #expect(try await office.inbox().map(\.kind) == [.decideApplication])
    }

    @Test func aBudgetThatNoLongerMatchesThePlanIsSaidBesideTheBudget() async throws {
        var harness = try await FlowHarness.signIn("county-hq", on: try await Self.returnedChain(), .chinese)
        try await harness.press(.enter, .tab, .tab, .tab)
        try await harness.press(.home, .delete, .text("9"), .function(2))
        #expect(harness.ran.contains { if case .submit = $0 { true } else { false } } == false)
        let mismatch = FieldProblem(.fundPlan, .sumMismatch(expected: Fen(900_000_000), actual: Fen(100_000_000))).message(.chinese)
        #expect(harness.lines[7].hasSuffix("9,000,000.00 ] ! " + mismatch.prefix(9) + "…"), "beside the budget, cut to the width")
        #expect(harness.lines[22].hasPrefix(" 「项目建设预算」：" + mismatch.prefix(20)), "in full in the message line")
    }

    @Test func approvingBelowTheBudgetOpensThePlanEditorAndChecksTheSum() async throws {
        let chain = FakeChain()
        try await chain.must(.fileApplication(TestConsortium.application()), by: "county-hq")
        var harness = try await FlowHarness.signIn("provincial-office", on: chain, .chinese)
        try await harness.press(.enter)
        try await harness.press(.end)
        for _ in 0..<12 { try await harness.press(.backspace) }
        try await harness.press(.text("800000"), .function(2))
        let decision = try harness.top(DecisionScreen.self)
        #expect(decision.isEditingPlan)
        #expect(decision.pending == nil, "no confirmation until the plan sums to the reserved amount")
        Snapshot.expect(harness.text, matches: "plan-editor-zh")
        try await harness.press(.function(2))
        #expect(harness.lines[22] == " " + FieldProblem(.fundPlan, .sumMismatch(expected: Fen(80_000_000), actual: Fen(100_000_000))).message(.chinese))
        // Stage 3: 400,000 -> 200,000.
        try await harness.press(.down, .down, .tab)
        for _ in 0..<10 { try await harness.press(.backspace) }
        try await harness.press(.text("200000"), .tab)
        #expect(harness.lines.contains { $0.contains("合计 ¥800,000.00，须等于 ¥800,000.00（相符）") })
        try await harness.press(.function(2))
        #expect(try harness.top(DecisionScreen.self).pending?.dialog.focus == .cancel)
        #expect(harness.lines.contains { $0.contains("资金计划  3 个阶段，合计 ¥800,000.00") })
        try await harness.press(.tab, .enter)
        guard case .submit(.approveApplication("XM2026000001", Fen(80_000_000), let plan?), _)? = harness.ran.first(where: { if case .submit = $0 { true } else { false } }) else {
            Issue.record("approval with a plan: \(harness.ran)")
            return
        }
        #expect(plan.map(\.amountFen) == [Fen(30_000_000), Fen(30_000_000), Fen(20_000_000)])
        #expect(try await harness.ledger.project("XM2026000001")?.status == .approved)
    }

    @Test func planEditorRowsSayTheirProblemsBesideThem() {
        let window = TestConsortium.date(2027, 3, 1)...TestConsortium.date(2027, 12, 31)
        var editor = PlanEditor(plan: TestConsortium.application().fundPlan, total: Fen(100_000_000), window: window)
        #expect(editor.check() == TestConsortium.application().fundPlan)
        _ = editor.update(.tab)
        _ = editor.update(.tab)
        for _ in 0..<10 { _ = editor.update(.backspace) }
        _ = editor.update(.text("2030-01-01"))
        #expect(editor.check() == nil)
        #expect(editor.firstProblem?.english == "Stage 1: " + FieldProblem(.stageDate, .dateOutsideProject).message(.english))
        _ = editor.update(.function(3))
        #expect(editor.rows.count == 4 && editor.focusRow == 1 && editor.focusColumn == 0)
        _ = editor.update(.function(8))
        #expect(editor.rows.count == 3)
        var buffer = ScreenBuffer(columns: 80, rows: 10)
        editor.render(into: &buffer, language: .english, isFocused: true)
        let lines = buffer.text.components(separatedBy: "\n")
        #expect(lines[1].hasPrefix("  1 [一期：鱼塘开挖"))
        #expect(lines[1].contains("[2030-01-01 ]  ! Stage planned da"), "the error beside the stage, cut to the width")
        #expect(lines[2].hasPrefix(" >2 [二期：设备采购"), "focus stays on the row after the removed one")
        #expect(lines[5].contains("Sum ¥1,000,000.00; must be ¥1,000,000.00 (matches)"))
    }
}

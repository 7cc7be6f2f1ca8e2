import LedgerClient
import Testing
@testable import TUI
import Workflow
import WorkflowTestSupport

/// Project updates through the shell: the implementing unit posts progress and completes the
/// stage it builds; the county HQ releases the next stage or holds it.
@Suite struct ProjectUpdateTests {
    static let projectID = "XM2026000001"

    /// The approved chain after the builder completed stage 1 with a note.
    static func completedStageChain() async throws -> FakeChain {
        let chain = try await FlowHarness.approvedChain()
        try await chain.must(.completeStage(projectID: projectID, stageIndex: 0, note: "鱼塘十口已开挖完毕", revisedPlan: nil), by: "builder")
        return chain
    }

    @Test func theImplementingUnitPostsProgressChinese() async throws {
        let chain = try await FlowHarness.approvedChain()
        var harness = try await FlowHarness.signIn("builder", on: chain, .chinese)
        #expect(harness.lines[5].hasPrefix(" > 待完成阶段"))
        try await harness.press(.enter)
        #expect(try harness.top(StageReportScreen.self).stageIndex == 0)
        try await harness.press(.backspace, .text("１２０"), .tab)
        #expect(harness.lines.contains { $0.contains("]% ! " + FieldIssue.percentOutOfRange.message(.chinese)) }, "\(harness.text)")
        try await harness.press(.backTab, .backspace, .backspace, .backspace, .text("40"), .function(2))
        #expect(harness.lines[22] == " 「进度说明」：必填")
        try await harness.press(.text("鱼塘已开挖六口"))
        Snapshot.expect(harness.text, matches: "stage-report-zh")
        try await harness.press(.function(2))
        #expect(try harness.top(StageReportScreen.self).pending?.dialog.focus == .cancel)
        try await harness.press(.tab, .enter)
        #expect(harness.lines[22] == " 已上报进度 40%（区块 3）")
        #expect(try await harness.ledger.project(Self.projectID)?.progressPercent == 40)
        #expect(try harness.top(StageReportScreen.self).editors[1].text.isEmpty, "the description sent is cleared")
    }

    @Test func theImplementingUnitCompletesTheStage() async throws {
        let chain = try await FlowHarness.approvedChain()
        var harness = try await FlowHarness.signIn("builder", on: chain, .english)
        try await harness.press(.enter, .function(7))
        #expect(harness.lines[22] == " Completion note: required")
        try await harness.press(.text("十口鱼塘完工"), .function(7))
        #expect(harness.lines.contains { $0.contains("Report this stage complete?") })
        try await harness.press(.tab, .enter)
        #expect(harness.lines[22] == " Stage 1 reported complete; awaiting the county HQ's opinion (block 3)")
        #expect(try await harness.ledger.project(Self.projectID)?.stages[0].completionNote == "十口鱼塘完工")
    }

    @Test func completingWithARevisedPlanForTheLaterStages() async throws {
        let chain = try await FlowHarness.approvedChain()
        var harness = try await FlowHarness.signIn("builder", on: chain, .chinese)
        try await harness.press(.enter, .function(4))
        let editor = try #require(try harness.top(StageReportScreen.self).planEditor)
        #expect(editor.total == Fen(70_000_000), "what stages 2 and 3 would pay")
        #expect(editor.rows.count == 2)
        try await harness.press(.down, .tab)
        for _ in 0..<10 { try await harness.press(.backspace) }
        try await harness.press(.text("200000"), .function(3), .text("三期B：冷库"), .tab, .text("200000"), .tab, .text("2027-10-01"))
        Snapshot.expect(harness.text, matches: "stage-revise-zh")
        try await harness.press(.function(7))
        #expect(harness.lines[22] == " 「完工说明」：必填", "the plan is fine; the note is missing")
        #expect(try harness.top(StageReportScreen.self).isEditingPlan == false)
        try await harness.press(.text("一期完工，二期缩减"), .function(7))
        #expect(harness.lines.contains { $0.contains("修订为 3 个阶段，合计 ¥700,000.00") })
        try await harness.press(.tab, .enter)
        let project = try #require(try await harness.ledger.project(Self.projectID))
        #expect(project.currentStages.map(\.stage.plan.amountFen) == [Fen(30_000_000), Fen(30_000_000), Fen(20_000_000), Fen(20_000_000)])
        #expect(project.stages[0].completionNote == "一期完工，二期缩减")
        #expect(try harness.top(StageReportScreen.self).planEditor == nil, "sent: the editor closes")
    }

    @Test func theLastStageHasNoLaterPlanToRevise() async throws {
        let chain = try await FlowHarness.approvedChain()
        let project = try #require(await chain.state.project(Self.projectID))
        var screen = StageReportScreen(language: .english, project: project, stageIndex: 2)
        _ = screen.update(.key(.function(4)))
        #expect(screen.message?.english == "This is the last stage; there is no later plan to revise")
        #expect(screen.planEditor == nil)
    }

    @Test func theHQReleasesTheNextStageAfterAConfirmationNamingPayerAndPayee() async throws {
        let chain = try await Self.completedStageChain()
        var harness = try await FlowHarness.signIn("county-hq", on: chain, .english)
        #expect(harness.lines[5].hasPrefix(" > Opinions to give"))
        try await harness.press(.enter)
        let screen = try harness.top(OpinionScreen.self)
        #expect(screen.draft?.number == TestConsortium.firstDraftNumber, "the draft is read for the payer")
        #expect(screen.nextStage == 1)
        try await harness.press(.function(2))
        #expect(harness.lines[22] == " HQ opinion: required")
        try await harness.press(.text("验收合格，同意拨付二期"))
        Snapshot.expect(harness.text, matches: "opinion-en")
        try await harness.press(.function(2))
        let lines = harness.lines
        #expect(lines.contains { $0.contains("Release stage 2?") })
        #expect(lines.contains { $0.contains("Amount ") && $0.contains(" ¥300,000.00 ") })
        #expect(lines.contains { $0.contains("叁拾万元整") })
        #expect(lines.contains { $0.contains("Payer ") && $0.contains(" 黔东县脱贫基金公司 ") }, "the stage leg's payer, read from the draft")
        #expect(lines.contains { $0.contains("Payee ") && $0.contains(" 黔东县绿源农业专业合作社 ") })
        #expect(try harness.top(OpinionScreen.self).pending?.dialog.focus == .cancel)
        try await harness.press(.tab, .enter)
        #expect(harness.lines[22] == " Stage 2 released (block 4)")
        #expect(try await harness.ledger.project(Self.projectID)?.stages[1].released == true)
    }

    @Test func theHQHoldsTheNextStage() async throws {
        let chain = try await Self.completedStageChain()
        var harness = try await FlowHarness.signIn("county-hq", on: chain, .chinese)
        try await harness.press(.enter, .text("鱼塘渗水，整改后再议"), .function(6))
        #expect(harness.lines.contains { $0.contains("暂缓放行下一阶段？") })
        try await harness.press(.tab, .enter)
        #expect(harness.lines[22] == " 已暂缓放行（区块 4）")
        #expect(try await harness.ledger.project(Self.projectID)?.stages[1].released == false)
        #expect(try await harness.ledger.project(Self.projectID)?.history.last?.action == .opinionHold)
    }
}

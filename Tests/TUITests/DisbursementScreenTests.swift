import LedgerClient
import Testing
@testable import TUI
import Workflow
import WorkflowTestSupport

/// Step 3 through the shell on a real fund-flow state: my tranches, recording a payment with
/// its fund serial number, confirming receipt; snapshots at 80x24 in both languages.
@Suite struct DisbursementScreenTests {
    static let serial = "FS2026112100001"

    /// County finance pays leg 0 (6% to the county fund company) with `serial`.
    static func payLegZero(on chain: FakeChain) async throws {
        try await chain.must(.recordPayment(legID: TestConsortium.leg(0), fundSerial: serial), by: "county-finance")
    }

    @Test func myTranchesChineseAt80x24() async throws {
        let chain = try await FlowHarness.approvedChain()
        try await Self.payLegZero(on: chain)
        var harness = try await FlowHarness.signIn("county-fund", on: chain, .chinese)
        try await harness.press(.function(4))
        #expect(harness.ran.last.map { if case .loadTranches = $0 { true } else { false } } == true)
        Snapshot.expect(harness.text, matches: "tranches-county-fund-zh")
        #expect(harness.lines.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test func myTranchesEnglishAt80x24() async throws {
        let chain = try await FlowHarness.approvedChain()
        try await Self.payLegZero(on: chain)
        var harness = try await FlowHarness.signIn("county-fund", on: chain, .english)
        try await harness.press(.text("t"))
        Snapshot.expect(harness.text, matches: "tranches-county-fund-en")
    }

    @Test func payingFromTheInboxChecksTheSerialThenConfirmsWithCancelFocused() async throws {
        let chain = try await FlowHarness.approvedChain()
        var harness = try await FlowHarness.signIn("county-finance", on: chain, .chinese)
        try await harness.press(.enter)
        let tranches = try harness.top(TranchesScreen.self)
        #expect(tranches.selectedLeg?.id == TestConsortium.leg(0), "opened on the inbox item's leg")
        try await harness.press(.function(2))
        #expect(try harness.top(PaymentScreen.self).leg.id == TestConsortium.leg(0))
        try await harness.press(.function(2))
        #expect(harness.lines[22] == " 「资金流水号」：必填")
        #expect(harness.lines.contains { $0.contains("] ! 必填") }, "the error beside the field")
        try await harness.press(.text("FS 1"))
        #expect(harness.lines.contains { $0.contains("! 须为 4-40 位字母、数字或 - _ /") }, "rechecked as typed once shown")
        try await harness.press(.backspace, .backspace, .text("２０２６１１２１００００１"))
        #expect(try harness.top(PaymentScreen.self).serial.text == Self.serial, "full-width digits folded")
        #expect(!harness.lines.contains { $0.contains("! ") }, "the error goes once the serial is right")
        try await harness.press(.function(2))
        #expect(try harness.top(PaymentScreen.self).dialog?.focus == .cancel)
        Snapshot.expect(harness.text, matches: "payment-confirm-zh")
        try await harness.press(.enter)
        #expect(try harness.top(PaymentScreen.self).dialog == nil, "Enter on the focused Cancel closes it")
        #expect(await chain.submitted.isEmpty)
        try await harness.press(.function(2), .tab, .enter)
        #expect(await chain.submitted == [.workflow(.recordPayment(legID: TestConsortium.leg(0), fundSerial: Self.serial))])
        #expect(harness.lines[22] == " 已记录拨付 HP2026000001-0 ¥60,000.00，资金流水号 \(Self.serial)（区块 3）")
        #expect(try await harness.ledger.draft(TestConsortium.firstDraftNumber)?.legs[0].status == .paid)
        #expect(try harness.top(PaymentScreen.self).hasUnsavedInput == false)
        try await harness.press(.escape)
        try await harness.send(.blockCommitted(height: 3))
        let refreshed = try harness.top(TranchesScreen.self)
        #expect(refreshed.selectedLeg?.status == .paid, "a committed block re-reads the tranches without a key")
    }

    @Test func aRefusedPaymentKeepsTheSerialAndSaysWhy() async throws {
        let chain = try await FlowHarness.approvedChain()
        var harness = try await FlowHarness.signIn("county-finance", on: chain, .english)
        try await harness.press(.enter, .function(2), .text(Self.serial), .function(2), .right)
        // The payment is recorded elsewhere first (another terminal of county finance).
        try await Self.payLegZero(on: chain)
        try await harness.press(.enter)
        let message = harness.lines[22]
        #expect(message.hasPrefix(" Not recorded: "))
        #expect(message.contains("paid") || message.contains("status"), "the receipt's reason in words: \(message)")
        #expect(try harness.top(PaymentScreen.self).serial.text == Self.serial)
        #expect(try harness.top(PaymentScreen.self).hasUnsavedInput)
    }

    @Test func aLegThatIsNotOursOrNotDueIsRefusedInWords() async throws {
        let chain = try await FlowHarness.approvedChain()
        var harness = try await FlowHarness.signIn("county-fund", on: chain, .chinese)
        try await harness.press(.function(4), .function(2))
        #expect(harness.lines[22] == " HP2026000001-0 不由本单位拨付")
        try await harness.press(.text("G"), .function(2))
        #expect(harness.lines[22] == " HP2026000001-6 尚不能付：本单位还未收到这笔资金，或该阶段尚未放行")
        try await harness.press(.function(3))
        #expect(harness.lines[22] == " HP2026000001-6 的收款方不是本单位")
        try await harness.press(.text("g"), .function(3))
        #expect(harness.lines[22] == " HP2026000001-0 是「待拨付」，只有已拨付的款项可以确认到账")
        #expect(harness.shell.stack.last is TranchesScreen)
    }

    @Test func thePayeeConfirmsReceiptAfterAConfirmationRestatingTheSerial() async throws {
        let chain = try await FlowHarness.approvedChain()
        try await Self.payLegZero(on: chain)
        var harness = try await FlowHarness.signIn("county-fund", on: chain, .chinese)
        #expect(harness.lines[5].hasPrefix(" > 待确认到账"))
        try await harness.press(.enter)
        #expect(try harness.top(TranchesScreen.self).selectedLeg?.id == TestConsortium.leg(0))
        try await harness.press(.function(3))
        let dialog = try #require(try harness.top(TranchesScreen.self).pending?.dialog)
        #expect(dialog.focus == .cancel)
        #expect(harness.lines.contains { $0.contains("资金流水号  \(Self.serial)") })
        #expect(harness.lines.contains { $0.contains("大写        陆万元整") })
        #expect(harness.lines.contains { $0.contains("[ 确认到账 ¥60,000.00 ]   [>取消<]") })
        try await harness.press(.tab, .enter)
        #expect(try await harness.ledger.draft(TestConsortium.firstDraftNumber)?.legs[0].status == .confirmed)
        #expect(harness.lines[22] == " 已确认收到 HP2026000001-0 ¥60,000.00（区块 4）")
        #expect(harness.lines.contains { $0.contains("HP2026000001-0") && $0.contains("已到账") })
    }

    @Test func thePayerReversesAPaymentRecordedInErrorBeforeItIsConfirmed() async throws {
        let chain = try await FlowHarness.approvedChain()
        try await Self.payLegZero(on: chain)
        var harness = try await FlowHarness.signIn("county-finance", on: chain, .chinese)
        try await harness.press(.function(4), .text("x"))
        let reversal = try harness.top(ReversalScreen.self)
        #expect(reversal.leg.id == TestConsortium.leg(0))
        try await harness.press(.function(2))
        #expect(harness.lines[22] == " 「理由」：必填")
        try await harness.press(.text("流水号填错"), .function(2))
        #expect(try harness.top(ReversalScreen.self).dialog?.focus == .cancel)
        #expect(harness.lines.contains { $0.contains("冲正流水号  \(Self.serial)") })
        Snapshot.expect(harness.text, matches: "reversal-confirm-zh")
        try await harness.press(.tab, .enter)
        #expect(harness.lines[22] == " 已冲正 HP2026000001-0 ¥60,000.00，可重新拨付（区块 4）")
        let leg = try #require(try await harness.ledger.draft(TestConsortium.firstDraftNumber)?.legs[0])
        #expect(leg.status == .pending && leg.fundSerial == nil)
        #expect(leg.history.map(\.action) == [.created, .paid, .reversed], "a compensating entry; the payment stays in the history")
    }

    @Test func onlyAPaidUnconfirmedLegOfOursCanBeReversed() async throws {
        let chain = try await FlowHarness.approvedChain()
        var harness = try await FlowHarness.signIn("county-fund", on: chain, .english)
        try await harness.press(.function(4), .function(8))
        #expect(harness.lines[22] == " HP2026000001-0 is not ours to reverse")
        try await harness.press(.text("G"), .function(8))
        #expect(harness.lines[22] == " HP2026000001-6 is Pending; only a paid, unconfirmed leg can be reversed")
        #expect(harness.shell.stack.last is TranchesScreen)
    }

    @Test func theStepIndicatorMarksTheCurrentStepWithoutColour() {
        var buffer = ScreenBuffer(columns: 80, rows: 1)
        StepIndicator.render(current: .disbursement, into: &buffer, row: 0, language: .english)
        #expect(buffer.text == "  Step 1 Application  ->  Step 2 Approval  ->  [Step 3 Disbursement]")
        #expect(buffer.cells[48].style == [.bold, .reverse])
        #expect(buffer.cells[2].style == [])
    }

    @Test func waitingTimesReadInHoursAndDays() {
        let start = Timestamp(millisecondsSinceEpoch: 0)
        #expect(WaitingTime.text(from: start, to: start.adding(seconds: 59 * 60), .chinese) == "<1时")
        #expect(WaitingTime.text(from: start, to: start.adding(seconds: 5 * 3_600), .english) == "5h")
        #expect(WaitingTime.text(from: start, to: start.adding(seconds: 30 * 86_400 + 5), .chinese) == "30天")
    }
}

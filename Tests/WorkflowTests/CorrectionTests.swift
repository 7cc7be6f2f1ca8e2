import Testing
@testable import Workflow
import WorkflowTestSupport

/// Corrections never edit: reversal appends a compensating entry, cancellation releases unpaid
/// legs and refunds paid money by new legs, a revised plan supersedes unpaid stages.
@Suite struct CorrectionTests {
    let draftNumber = TestConsortium.firstDraftNumber
    func leg(_ index: Int) -> LegID { TestConsortium.leg(index) }

    func approved() throws -> (WorkflowState, ChainClock) { try TestConsortium.approvedProject() }

    @Test func payerReversesAnUnconfirmedPaymentAndItsSerialStaysUsed() throws {
        var (state, clock) = try approved()
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        #expect(state.refusal(.reversePayment(legID: leg(0), reason: ""), by: "county-finance", &clock)
                == .invalidFields([FieldProblem(.reason, .required)]))
        let events = try state.must(.reversePayment(legID: leg(0), reason: "流水号录错"), by: "county-finance", &clock)
        #expect(events.first == .legReversed(leg(0)))
        let reversed = state.leg(leg(0))!
        #expect(reversed.status == .pending)
        #expect(reversed.fundSerial == nil)
        #expect(reversed.history.map(\.action) == [.created, .paid, .reversed])
        #expect(state.draft(draftNumber)!.holding(of: "county-finance") == Fen(6_000_000))
        #expect(state.refusal(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
                == .fundSerialAlreadyUsed("FS2026000001"))
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000011"), by: "county-finance", &clock)
        #expect(state.leg(leg(0))!.history.map(\.action) == [.created, .paid, .reversed, .paid])
    }

    @Test func holdingsAtAnyMomentAreReplayedFromHistory() throws {
        var (state, clock) = try approved()
        let issued = clock.time
        try state.must(.recordPayment(legID: leg(1), fundSerial: "FS2026000002"), by: "provincial-finance", &clock)
        let afterFirst = clock.time
        try state.must(.recordPayment(legID: leg(2), fundSerial: "FS2026000003"), by: "commercial-bank", &clock)
        try state.must(.reversePayment(legID: leg(1), reason: "金额有误"), by: "provincial-finance", &clock)
        let draft = state.draft(draftNumber)!
        func lp(_ holdings: [(organisationID: String, amountFen: Fen)]) -> Int64? {
            holdings.first { $0.organisationID == "fund-lp" }?.amountFen.value
        }
        #expect(lp(draft.holdings(at: issued)) == 0)
        #expect(lp(draft.holdings(at: afterFirst)) == 4_000_000)
        #expect(lp(draft.holdings(at: clock.time.adding(seconds: -60))) == 94_000_000)
        #expect(lp(draft.holdings(at: clock.time)) == 90_000_000)
        #expect(draft.holdings(at: clock.time).map(\.amountFen) == draft.holdings().map(\.amountFen))
    }

    @Test func onlyTheProvincialOfficeReversesAConfirmedPaymentAndOnlyIfThePayeeStillHoldsIt() throws {
        var (state, clock) = try approved()
        try state.must(.recordPayment(legID: leg(1), fundSerial: "FS2026000002"), by: "provincial-finance", &clock)
        try state.must(.recordPayment(legID: leg(2), fundSerial: "FS2026000003"), by: "commercial-bank", &clock)
        try state.must(.confirmReceipt(legID: leg(1)), by: "fund-lp", &clock)
        #expect(state.refusal(.reversePayment(legID: leg(1), reason: "错误"), by: "provincial-finance", &clock)
                == .wrongLegStatus(legID: "\(draftNumber)-1", status: .confirmed))
        try state.must(.recordPayment(legID: leg(3), fundSerial: "FS2026000004"), by: "fund-lp", &clock)
        #expect(state.refusal(.reversePayment(legID: leg(1), reason: "错误"), by: "provincial-office", &clock)
                == .insufficientHolding(organisationID: "fund-lp", heldFen: .zero, neededFen: Fen(4_000_000)))
        try state.must(.reversePayment(legID: leg(3), reason: "先冲正下游"), by: "fund-lp", &clock)
        try state.must(.reversePayment(legID: leg(1), reason: "错误"), by: "provincial-office", &clock)
        #expect(state.draft(draftNumber)!.holding(of: "fund-lp") == Fen(90_000_000))
    }

    @Test func cancellationReleasesUnpaidLegsAndRefundsEveryFunderExactly() throws {
        var (state, clock) = try approved()
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        try state.must(.recordPayment(legID: leg(2), fundSerial: "FS2026000003"), by: "commercial-bank", &clock)
        #expect(state.refusal(.recordPayment(legID: leg(4), fundSerial: "FS2026000005"), by: "county-fund", &clock)
                == .insufficientHolding(organisationID: "county-fund", heldFen: Fen(6_000_000), neededFen: Fen(30_000_000)))
        let holdingsBefore = state.draft(draftNumber)!.holdings()
        #expect(holdingsBefore.first { $0.organisationID == "county-fund" }?.amountFen == Fen(6_000_000))
        #expect(state.leg(leg(4))!.status == .pending)
        let events = try state.must(.cancelDraft(draftNumber: draftNumber, reason: "项目选址变更"), by: "provincial-office", &clock)
        #expect(events.last == .draftCancelled(draftNumber: draftNumber))
        let draft = state.draft(draftNumber)!
        #expect(draft.status == .cancelled)
        #expect(draft.legs[0...6].map(\.status) == [.paid, .cancelled, .paid, .cancelled, .cancelled, .cancelled, .cancelled])
        let refunds = draft.legs[7...].map { "\($0.payerID)->\($0.payeeID):\($0.amountFen.value)" }
        #expect(refunds == ["county-fund->county-finance:6000000", "fund-lp->commercial-bank:90000000"])
        #expect(state.project("XM2026000001")?.status == .cancelled)
        #expect(state.refusal(.recordPayment(legID: leg(1), fundSerial: "FS2026000099"), by: "provincial-finance", &clock)
                == .draftNotActive(draftNumber: draftNumber, status: .cancelled))
        try state.must(.recordPayment(legID: leg(7), fundSerial: "RF2026000001"), by: "county-fund", &clock)
        try state.must(.confirmReceipt(legID: leg(7)), by: "county-finance", &clock)
        #expect(state.draft(draftNumber)!.holding(of: "county-finance") == Fen(6_000_000))
        #expect(state.refusal(.cancelDraft(draftNumber: draftNumber, reason: "again"), by: "provincial-office", &clock)
                == .draftNotActive(draftNumber: draftNumber, status: .cancelled))
    }

    @Test func revisedPlanRedistributesOnlyWhatIsUnpaid() throws {
        var (state, clock) = try approved()
        for (index, payer) in [(0, "county-finance"), (1, "provincial-finance"), (2, "commercial-bank"), (3, "fund-lp")] {
            try state.must(.recordPayment(legID: leg(index), fundSerial: "FS202600000\(index)"), by: payer, &clock)
        }
        try state.must(.recordPayment(legID: leg(4), fundSerial: "FS2026000010"), by: "county-fund", &clock)
        let unpaid = Fen(70_000_000)
        let badPlan = [FundPlanStage(title: "二期（调整）", amountFen: Fen(60_000_000), plannedDate: TestConsortium.date(2027, 7, 1))]
        #expect(state.refusal(.completeStage(projectID: "XM2026000001", stageIndex: 0, note: "一期完工", revisedPlan: badPlan), by: "builder", &clock)
                == .invalidFields([FieldProblem(.fundPlan, .sumMismatch(expected: unpaid, actual: Fen(60_000_000)))]))
        let plan = [FundPlanStage(title: "二期（调整）", amountFen: Fen(20_000_000), plannedDate: TestConsortium.date(2027, 7, 1)),
                    FundPlanStage(title: "三期（调整）", amountFen: Fen(25_000_000), plannedDate: TestConsortium.date(2027, 9, 1)),
                    FundPlanStage(title: "四期（新增）", amountFen: Fen(25_000_000), plannedDate: TestConsortium.date(2028, 1, 15))]
        try state.must(.completeStage(projectID: "XM2026000001", stageIndex: 0, note: "一期完工", revisedPlan: plan), by: "builder", &clock)
        let project = state.project("XM2026000001")!
        #expect(project.stages.map(\.superseded) == [false, true, true, false, false, false])
        #expect(project.currentStages.map(\.index) == [0, 3, 4, 5])
        let draft = state.draft(draftNumber)!
        #expect(draft.legs[5...6].map(\.status) == [.cancelled, .cancelled])
        #expect(draft.legs[7...].map(\.amountFen.value) == [20_000_000, 25_000_000, 25_000_000])
        try state.must(.giveOpinion(projectID: "XM2026000001", stageIndex: 0, release: true, text: "同意进入下一阶段"), by: "county-hq", &clock)
        #expect(state.project("XM2026000001")!.stages[3].released)
    }

    @Test func heldStageStaysUnpayableUntilReleased() throws {
        var (state, clock) = try approved()
        try state.must(.completeStage(projectID: "XM2026000001", stageIndex: 0, note: "一期完工", revisedPlan: nil), by: "builder", &clock)
        #expect(state.refusal(.completeStage(projectID: "XM2026000001", stageIndex: 0, note: "again", revisedPlan: nil), by: "builder", &clock)
                == .stageAlreadyCompleted(projectID: "XM2026000001", stageIndex: 0))
        #expect(state.refusal(.giveOpinion(projectID: "XM2026000001", stageIndex: 1, release: true, text: "同意"), by: "county-hq", &clock)
                == .stageNotCompleted(projectID: "XM2026000001", stageIndex: 1))
        let held = try state.must(.giveOpinion(projectID: "XM2026000001", stageIndex: 0, release: false, text: "质量不达标，暂缓"), by: "county-hq", &clock)
        #expect(held == [.stageHeld(projectID: "XM2026000001", stageIndex: 0)])
        #expect(state.project("XM2026000001")!.stages[1].released == false)
        #expect(state.inbox(for: "county-hq").map(\.kind) == [.giveOpinion])
        try state.must(.giveOpinion(projectID: "XM2026000001", stageIndex: 0, release: true, text: "整改合格"), by: "county-hq", &clock)
        #expect(state.project("XM2026000001")!.stages[1].released)
        #expect(state.inbox(for: "county-hq").isEmpty)
    }
}

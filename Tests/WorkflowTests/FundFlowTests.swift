import Testing
@testable import Workflow
import WorkflowTestSupport

/// The whole flow of SPEC section 3 for one project of ¥1,000,000.00, checking holdings,
/// statuses and events by hand-computed figures at every step.
@Suite struct FundFlowTests {
    let draftNumber = TestConsortium.firstDraftNumber
    func leg(_ index: Int) -> LegID { TestConsortium.leg(index) }

    func approvedProject() throws -> (WorkflowState, ChainClock) { try TestConsortium.approvedProject() }

    @Test func filingNumbersTheProject() throws {
        var state = TestConsortium.newState()
        var clock = ChainClock()
        #expect(try state.must(.fileApplication(TestConsortium.application()), by: "county-hq", &clock) == [.applicationFiled(projectID: "XM2026000001")])
        #expect(try state.must(.fileApplication(TestConsortium.application()), by: "county-hq", &clock) == [.applicationFiled(projectID: "XM2026000002")])
    }

    @Test func approvalIssuesDraftWithTrancheAndStageLegs() throws {
        let (state, _) = try approvedProject()
        let draft = try #require(state.draft(draftNumber))
        #expect(draft.amountFen == Fen(100_000_000))
        let expected: [(String, String, Int64)] = [
            ("county-finance", "county-fund", 6_000_000), ("provincial-finance", "fund-lp", 4_000_000),
            ("commercial-bank", "fund-lp", 90_000_000), ("fund-lp", "county-fund", 94_000_000),
            ("county-fund", "builder", 30_000_000), ("county-fund", "builder", 30_000_000), ("county-fund", "builder", 40_000_000),
        ]
        #expect(draft.legs.map { [$0.payerID, $0.payeeID, String($0.amountFen.value)] } == expected.map { [$0.0, $0.1, String($0.2)] })
        #expect(draft.legs.allSatisfy { $0.status == .pending })
        #expect(draft.legs[6].payeeAccount == "6228480012345678901", "stage legs go to the application's withdrawal account")
        let holdings = draft.holdings().map { "\($0.organisationID)=\($0.amountFen.value)" }
        #expect(holdings == ["county-finance=6000000", "county-fund=0", "provincial-finance=4000000", "fund-lp=0", "commercial-bank=90000000", "builder=0"])
        #expect(state.project("XM2026000001")?.status == .approved)
        #expect(state.project("XM2026000001")?.stages.map(\.released) == [true, false, false])
    }

    @Test func wholeFlowMovesAllMoneyToTheImplementingUnit() throws {
        var (state, clock) = try approvedProject()
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        try state.must(.recordPayment(legID: leg(1), fundSerial: "FS2026000002"), by: "provincial-finance", &clock)
        // The LP cannot pass on 94% while it holds only 4%.
        #expect(state.refusal(.recordPayment(legID: leg(3), fundSerial: "FS2026000004"), by: "fund-lp", &clock)
                == .insufficientHolding(organisationID: "fund-lp", heldFen: Fen(4_000_000), neededFen: Fen(94_000_000)))
        try state.must(.recordPayment(legID: leg(2), fundSerial: "FS2026000003"), by: "commercial-bank", &clock)
        try state.must(.recordPayment(legID: leg(3), fundSerial: "FS2026000004"), by: "fund-lp", &clock)
        for index in 0...3 {
            let payee = state.leg(leg(index))!.payeeID
            try state.must(.confirmReceipt(legID: leg(index)), by: payee, &clock)
        }
        #expect(state.draft(draftNumber)!.holding(of: "county-fund") == Fen(100_000_000))
        // Stage 2 is not released until the HQ's opinion on stage 1.
        #expect(state.refusal(.recordPayment(legID: leg(5), fundSerial: "FS2026000006"), by: "county-fund", &clock)
                == .stageNotReleased(projectID: "XM2026000001", stageIndex: 1))
        for (stage, legIndex) in [(0, 4), (1, 5), (2, 6)] {
            try state.must(.recordPayment(legID: leg(legIndex), fundSerial: "FS20260000\(10 + stage)"), by: "county-fund", &clock)
            let confirmed = try state.must(.confirmReceipt(legID: leg(legIndex)), by: "builder", &clock)
            // The draft completes when the last of A reaches the implementing unit.
            #expect(confirmed == (stage < 2 ? [.legConfirmed(leg(legIndex))] : [.legConfirmed(leg(legIndex)), .draftCompleted(draftNumber: draftNumber)]))
            try state.must(.postProgress(projectID: "XM2026000001", percent: 30 * (stage + 1), description: "第\(stage + 1)阶段施工完成", documentHashes: [String(repeating: "ab", count: 32)]), by: "builder", &clock)
            try state.must(.completeStage(projectID: "XM2026000001", stageIndex: stage, note: "完工", revisedPlan: nil), by: "builder", &clock)
            let events = try state.must(.giveOpinion(projectID: "XM2026000001", stageIndex: stage, release: true, text: "同意"), by: "county-hq", &clock)
            if stage < 2 { #expect(events == [.stageReleased(projectID: "XM2026000001", stageIndex: stage + 1)]) }
            else { #expect(events == [.projectCompleted(projectID: "XM2026000001")]) }
        }
        let draft = state.draft(draftNumber)!
        #expect(draft.status == .completed)
        #expect(draft.holding(of: "builder") == Fen(100_000_000))
        #expect(state.project("XM2026000001")?.status == .completed)
        #expect(state.project("XM2026000001")?.progressPercent == 90)
    }

    @Test func everyStepIsRefusedToTheWrongOrganisation() throws {
        var (state, clock) = try approvedProject()
        #expect(state.refusal(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "provincial-finance", &clock)
                == .actingOrganisationMismatch(expected: "county-finance"))
        #expect(state.refusal(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "auditor", &clock)
                == .notPermitted(command: .recordPayment, kind: .auditor))
        #expect(state.refusal(.fileApplication(TestConsortium.application()), by: "builder", &clock)
                == .notPermitted(command: .fileApplication, kind: .implementingUnit))
        #expect(state.refusal(.approveApplication(projectID: "XM2026000001", reservedFen: Fen(1), fundPlan: nil), by: "county-hq", &clock)
                == .notPermitted(command: .approveApplication, kind: .countyHQ))
        #expect(state.refusal(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "nobody", &clock) == .unknownOrganisation("nobody"))
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        #expect(state.refusal(.confirmReceipt(legID: leg(0)), by: "county-finance", &clock) == .actingOrganisationMismatch(expected: "county-fund"))
        #expect(state.refusal(.postProgress(projectID: "XM2026000001", percent: 10, description: "x", documentHashes: []), by: "builder", &clock) == nil)
        #expect(state.refusal(.giveOpinion(projectID: "XM2026000001", stageIndex: 0, release: true, text: "同意"), by: "other-hq", &clock)
                == .actingOrganisationMismatch(expected: "county-hq"))
    }

    @Test func progressRefusals() throws {
        var (state, clock) = try approvedProject()
        let id = "XM2026000001"
        #expect(state.refusal(.postProgress(projectID: id, percent: 101, description: "超额", documentHashes: []), by: "builder", &clock)
                == .invalidFields([FieldProblem(.progressPercent, .percentOutOfRange)]))
        #expect(state.refusal(.postProgress(projectID: id, percent: 10, description: "", documentHashes: []), by: "builder", &clock)
                == .invalidFields([FieldProblem(.progressDescription, .required)]))
        #expect(state.refusal(.postProgress(projectID: id, percent: 10, description: "x", documentHashes: ["ABCD"]), by: "builder", &clock)
                == .invalidFields([FieldProblem(.documentHash, .malformed)]))
        #expect(state.refusal(.postProgress(projectID: id, percent: 10, description: "x", documentHashes: Array(repeating: String(repeating: "0", count: 64), count: 17)), by: "builder", &clock)
                == .invalidFields([FieldProblem(.documentHash, .countOutOfRange(minimum: 0, maximum: 16))]))
        #expect(state.refusal(.postProgress(projectID: "XM2026000099", percent: 10, description: "x", documentHashes: []), by: "builder", &clock)
                == .unknownProject("XM2026000099"))
        #expect(state.refusal(.completeStage(projectID: id, stageIndex: 1, note: "x", revisedPlan: nil), by: "builder", &clock)
                == .stageNotReleased(projectID: id, stageIndex: 1))
        #expect(state.refusal(.completeStage(projectID: id, stageIndex: 7, note: "x", revisedPlan: nil), by: "builder", &clock)
                == .unknownStage(projectID: id, stageIndex: 7))
        #expect(state.refusal(.cancelDraft(draftNumber: draftNumber, reason: "x"), by: "county-hq", &clock)
                == .notPermitted(command: .cancelDraft, kind: .countyHQ))
        #expect(state.refusal(.cancelDraft(draftNumber: "HP1", reason: "x"), by: "provincial-office", &clock) == .unknownDraft("HP1"))
    }

    @Test func paymentRefusals() throws {
        var (state, clock) = try approvedProject()
        #expect(state.refusal(.recordPayment(legID: leg(0), fundSerial: "F 1"), by: "county-finance", &clock)
                == .invalidFields([FieldProblem(.fundSerial, .malformed)]))
        #expect(state.refusal(.recordPayment(legID: leg(99), fundSerial: "FS2026000001"), by: "county-finance", &clock) == .unknownLeg("\(draftNumber)-99"))
        #expect(state.refusal(.recordPayment(legID: LegID(draftNumber: "HP2026999999", index: 0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
                == .unknownDraft("HP2026999999"))
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        #expect(state.refusal(.recordPayment(legID: leg(0), fundSerial: "FS2026000009"), by: "county-finance", &clock)
                == .wrongLegStatus(legID: "\(draftNumber)-0", status: .paid))
        #expect(state.refusal(.recordPayment(legID: leg(1), fundSerial: "FS2026000001"), by: "provincial-finance", &clock)
                == .fundSerialAlreadyUsed("FS2026000001"))
        #expect(state.refusal(.confirmReceipt(legID: leg(1)), by: "fund-lp", &clock) == .wrongLegStatus(legID: "\(draftNumber)-1", status: .pending))
    }

    @Test func applicationDecisions() throws {
        var state = TestConsortium.newState()
        var clock = ChainClock()
        try state.must(.fileApplication(TestConsortium.application()), by: "county-hq", &clock)
        #expect(state.refusal(.returnApplication(projectID: "XM2026000001", reason: "  "), by: "provincial-office", &clock)
                == .invalidFields([FieldProblem(.reason, .required)]))
        try state.must(.returnApplication(projectID: "XM2026000001", reason: "预算说明不足"), by: "provincial-office", &clock)
        #expect(state.inbox(for: "county-hq").map(\.kind) == [.reviseApplication])
        #expect(state.refusal(.approveApplication(projectID: "XM2026000001", reservedFen: Fen(1), fundPlan: nil), by: "provincial-office", &clock)
                == .wrongProjectStatus(projectID: "XM2026000001", status: .returned))
        #expect(state.refusal(.resubmitApplication(projectID: "XM2026000001", application: TestConsortium.application()), by: "other-hq", &clock)
                == .actingOrganisationMismatch(expected: "county-hq"))
        try state.must(.resubmitApplication(projectID: "XM2026000001", application: TestConsortium.application()), by: "county-hq", &clock)
        #expect(state.inbox(for: "provincial-office").map(\.kind) == [.decideApplication])
        try state.must(.rejectApplication(projectID: "XM2026000001", reason: "不符合扶持方向"), by: "provincial-office", &clock)
        #expect(state.project("XM2026000001")?.status == .rejected)
        #expect(state.project("XM2026000001")?.history.map(\.action) == [.filed, .returned, .resubmitted, .rejected])
    }

    @Test func approvalBelowBudgetNeedsAPlanSummingToTheReservedAmount() throws {
        var state = TestConsortium.newState()
        var clock = ChainClock()
        try state.must(.fileApplication(TestConsortium.application()), by: "county-hq", &clock)
        let id = "XM2026000001"
        #expect(state.refusal(.approveApplication(projectID: id, reservedFen: Fen(100_000_001), fundPlan: nil), by: "provincial-office", &clock)
                == .invalidFields([FieldProblem(.reservedAmount, .amountOutOfRange(maximum: Fen(100_000_000)))]))
        #expect(state.refusal(.approveApplication(projectID: id, reservedFen: Fen(80_000_000), fundPlan: nil), by: "provincial-office", &clock)
                == .invalidFields([FieldProblem(.fundPlan, .required)]))
        let wrongPlan = [FundPlanStage(title: "一期", amountFen: Fen(70_000_000), plannedDate: TestConsortium.date(2027, 4, 1))]
        #expect(state.refusal(.approveApplication(projectID: id, reservedFen: Fen(80_000_000), fundPlan: wrongPlan), by: "provincial-office", &clock)
                == .invalidFields([FieldProblem(.fundPlan, .sumMismatch(expected: Fen(80_000_000), actual: Fen(70_000_000)))]))
        let plan = [FundPlanStage(title: "一期", amountFen: Fen(50_000_000), plannedDate: TestConsortium.date(2027, 4, 1)),
                    FundPlanStage(title: "二期", amountFen: Fen(30_000_000), plannedDate: TestConsortium.date(2027, 8, 1))]
        try state.must(.approveApplication(projectID: id, reservedFen: Fen(80_000_000), fundPlan: plan), by: "provincial-office", &clock)
        let draft = state.draft(draftNumber)!
        #expect(draft.amountFen == Fen(80_000_000))
        #expect(draft.legs.map(\.amountFen.value) == [4_800_000, 3_200_000, 72_000_000, 75_200_000, 50_000_000, 30_000_000])
    }

    @Test func participantsComeFromTheProjectsCounty() throws {
        var organisations = TestConsortium.organisations
        organisations.append(Organisation(id: "west-finance", kind: .countyFinance, name: "黔西县财政局", accountNumber: "6222020100000001303", county: "qianxi"))
        var state = try WorkflowState(organisations: organisations, settings: WorkflowSettings())
        var clock = ChainClock()
        try state.must(.fileApplication(TestConsortium.application()), by: "other-hq", &clock)
        // qianxi has its own finance bureau but no county fund company, and the only one is qiandong's.
        #expect(state.refusal(.approveApplication(projectID: "XM2026000001", reservedFen: Fen(100_000_000), fundPlan: nil), by: "provincial-office", &clock)
                == .unresolvedParticipant(.countyFundCompany))
        try state.must(.fileApplication(TestConsortium.application()), by: "county-hq", &clock)
        try state.must(.approveApplication(projectID: "XM2026000002", reservedFen: Fen(100_000_000), fundPlan: nil), by: "provincial-office", &clock)
        #expect(state.draft(draftNumber)!.legs[0].payerID == "county-finance")
    }
}

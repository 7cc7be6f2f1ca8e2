import Canonical
import Testing
@testable import Workflow
import WorkflowTestSupport

/// Every error, event and command survives the canonical encoding, malformed bytes are
/// refused, and every error reads as a distinct sentence in Chinese and in English.
@Suite struct CodecAndTextTests {
    static let leg = LegID(draftNumber: "HP2026000001", index: 3)
    static let errors: [WorkflowError] = [
        .notPermitted(command: .approveApplication, kind: .countyHQ), .unknownOrganisation("x"),
        .actingOrganisationMismatch(expected: "county-hq"),
        .invalidFields([FieldProblem(.introduction, .tooLong(charactersMax: 100)), FieldProblem(.stageAmount, stage: 2, .amountOutOfRange(maximum: Fen(5)))]),
        .unknownProject("XM1"), .wrongProjectStatus(projectID: "XM1", status: .rejected), .unknownDraft("HP1"),
        .draftNotActive(draftNumber: "HP1", status: .cancelled), .unknownLeg("HP1-9"), .wrongLegStatus(legID: "HP1-0", status: .paid),
        .fundSerialAlreadyUsed("FS1"), .insufficientHolding(organisationID: "fund-lp", heldFen: Fen(1), neededFen: Fen(2)),
        .stageNotReleased(projectID: "XM1", stageIndex: 1), .unknownStage(projectID: "XM1", stageIndex: 9),
        .stageNotCompleted(projectID: "XM1", stageIndex: 0), .stageAlreadyCompleted(projectID: "XM1", stageIndex: 0),
        .statementAlreadyImported(String(repeating: "a", count: 64)), .unknownReconciliationItem(4), .reconciliationItemNotOpen(4),
        .malformedOrganisationID("A B"), .malformedOrganisationName("x"), .malformedAccountNumber("12"),
        .bankRecordOutsideStatement(index: 3), .amountOverflow, .malformedBankRecord(index: 2),
        .unresolvedParticipant(.countyFundCompany), .duplicateOrganisation("x"), .legLimitReached(draftNumber: "HP1"),
        .statementPartOutOfOrder(statementHash: String(repeating: "b", count: 64), expectedPart: 2),
    ]

    @Test func errorsRoundTrip() throws {
        for error in Self.errors {
            #expect(try WorkflowError(canonicalBytes: error.canonicalBytes) == error)
        }
    }

    @Test func everyErrorReadsInBothLanguages() {
        for error in Self.errors {
            let chinese = error.message(.chinese)
            let english = error.message(.english)
            #expect(!chinese.isEmpty && !english.isEmpty && chinese != english, "\(error)")
        }
        #expect(Set(Self.errors.map { $0.message(.english) }).count == Self.errors.count)
        let field = WorkflowError.invalidFields([FieldProblem(.stageAmount, stage: 1, .required)])
        #expect(field.message(.chinese) == "第 2 阶段「阶段金额」：必填")
        #expect(field.message(.english) == "Stage amount (stage 2): required")
    }

    @Test func eventsRoundTrip() throws {
        let events: [WorkflowEvent] = [
            .applicationFiled(projectID: "XM1"), .applicationResubmitted(projectID: "XM1"), .applicationRejected(projectID: "XM1"),
            .applicationReturned(projectID: "XM1"), .draftIssued(projectID: "XM1", draftNumber: "HP1", amountFen: Fen(9)),
            .legCreated(Self.leg), .legPaid(Self.leg, fundSerial: "FS1"), .legConfirmed(Self.leg), .legReversed(Self.leg),
            .legCancelled(Self.leg), .legStalled(Self.leg), .stageReleased(projectID: "XM1", stageIndex: 1),
            .progressPosted(projectID: "XM1", percent: 50), .stageCompleted(projectID: "XM1", stageIndex: 0),
            .stageHeld(projectID: "XM1", stageIndex: 0), .planRevised(projectID: "XM1"), .projectCompleted(projectID: "XM1"),
            .draftCompleted(draftNumber: "HP1"), .draftCancelled(draftNumber: "HP1"), .bankRecordsPublished(accepted: 3, alreadyKnown: 1),
            .reconciliationChanged(itemID: 2, outcome: .amountMismatch), .differenceResolved(itemID: 2),
        ]
        for event in events {
            #expect(try WorkflowEvent(canonicalBytes: event.canonicalBytes) == event)
        }
    }

    @Test func commandsRoundTrip() throws {
        let record = BankRecord(bankSerial: "B1", fundSerial: "FS1", accountNumber: "6222020100000000303", counterpartyAccount: "",
                                counterpartyName: "某", direction: .credit, amountFen: Fen(5), balanceFen: Fen(-3),
                                time: Timestamp(millisecondsSinceEpoch: 1), summary: "摘要", remark: "附言")
        let plan = TestConsortium.application().fundPlan
        let commands: [WorkflowCommand] = [
            .fileApplication(TestConsortium.application()), .resubmitApplication(projectID: "XM1", application: TestConsortium.application()),
            .approveApplication(projectID: "XM1", reservedFen: Fen(7), fundPlan: nil), .approveApplication(projectID: "XM1", reservedFen: Fen(7), fundPlan: plan),
            .rejectApplication(projectID: "XM1", reason: "原因"), .returnApplication(projectID: "XM1", reason: "原因"),
            .recordPayment(legID: Self.leg, fundSerial: "FS1"), .confirmReceipt(legID: Self.leg), .reversePayment(legID: Self.leg, reason: "错"),
            .cancelDraft(draftNumber: "HP1", reason: "撤"), .postProgress(projectID: "XM1", percent: 5, description: "进度", documentHashes: ["ab"]),
            .completeStage(projectID: "XM1", stageIndex: 0, note: "完", revisedPlan: plan), .giveOpinion(projectID: "XM1", stageIndex: 0, release: false, text: "缓"),
            .publishBankRecords(statementHash: "h", accountNumber: "6222020100000000303", part: StatementPart(index: 2, count: 5), records: [record]),
            .resolveDifference(itemID: 1, explanation: "说明"),
        ]
        for command in commands {
            #expect(try WorkflowCommand(canonicalBytes: command.canonicalBytes) == command)
        }
        #expect(Set(commands.map(\.name)).count == CommandName.allCases.count)
    }

    @Test func unknownTagsAndOversizedFieldsAreRefused() {
        #expect(throws: CanonicalError.invalidTag(offset: 0, tag: 99, type: "CommandName")) { try WorkflowCommand(canonicalBytes: [99]) }
        #expect(throws: CanonicalError.invalidTag(offset: 0, tag: 0, type: "OrgKind")) { try OrgKind(canonicalBytes: [0]) }
        var longReason = CanonicalWriter()
        longReason.write(CommandName.rejectApplication)
        longReason.write("XM1")
        longReason.write(String(repeating: "长", count: 1000))
        #expect(throws: CanonicalError.self) { try WorkflowCommand(canonicalBytes: longReason.bytes) }
    }

    @Test func snapshotsRoundTripByteForByte() throws {
        var state = TestConsortium.newState()
        var clock = ChainClock()
        try state.must(.fileApplication(TestConsortium.application()), by: "county-hq", &clock)
        try state.must(.approveApplication(projectID: "XM2026000001", reservedFen: Fen(100_000_000), fundPlan: nil), by: "provincial-office", &clock)
        try state.must(.recordPayment(legID: LegID(draftNumber: "HP2026000001", index: 0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        let reloaded = try WorkflowState(canonicalBytes: state.canonicalBytes)
        #expect(reloaded.canonicalBytes == state.canonicalBytes)
        var continued = reloaded
        try continued.must(.confirmReceipt(legID: LegID(draftNumber: "HP2026000001", index: 0)), by: "county-fund", &clock)
        #expect(continued.refusal(.recordPayment(legID: LegID(draftNumber: "HP2026000001", index: 1), fundSerial: "FS2026000001"), by: "provincial-finance", &clock)
                == .fundSerialAlreadyUsed("FS2026000001"), "indexes are rebuilt after decoding")
    }
}

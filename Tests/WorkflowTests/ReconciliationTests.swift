import Testing
@testable import Workflow
import WorkflowTestSupport

/// The six outcomes of SPEC section 4, reached in either order of arrival, the grace period at
/// block time, overlapping and repeated statements, resolutions and the reports.
@Suite struct ReconciliationTests {
    let draftNumber = "HP2026000001"
    let financeAccount = "6222020100000000303"
    let fundAccount = "6222020100000000707"
    let hash1 = String(repeating: "1", count: 64)
    let hash2 = String(repeating: "2", count: 64)
    let hash3 = String(repeating: "3", count: 64)
    func leg(_ index: Int) -> LegID { LegID(draftNumber: draftNumber, index: index) }

    func approved() throws -> (WorkflowState, ChainClock) { try TestConsortium.approvedProject() }

    /// A debit on county finance's account paying the county fund company.
    func debit(_ bankSerial: String, serial: String?, amount: Int64 = 6_000_000, counterparty: String? = nil,
               account: String? = nil, balance: Int64? = nil, at time: Timestamp) -> BankRecord {
        BankRecord(bankSerial: bankSerial, fundSerial: serial, accountNumber: account ?? financeAccount,
                   counterpartyAccount: counterparty ?? fundAccount, counterpartyName: "黔东县脱贫基金公司", direction: .debit,
                   amountFen: Fen(amount), balanceFen: balance.map(Fen.init), time: time, summary: "转账", remark: "资金流水号:\(serial ?? "")")
    }

    @discardableResult
    func publish(_ state: inout WorkflowState, _ clock: inout ChainClock, hash: String, _ records: [BankRecord], account: String? = nil) throws -> [WorkflowEvent] {
        try state.must(.publishBankRecords(statementHash: hash, accountNumber: account ?? financeAccount, part: .whole, records: records), by: "commercial-bank", &clock)
    }

    @Test func legThenRecordMatches() throws {
        var (state, clock) = try approved()
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        #expect(state.reconciliation.item(forLeg: leg(0))?.outcome == .awaitingBankRecord)
        let events = try publish(&state, &clock, hash: hash1, [debit("B001", serial: "FS2026000001", at: clock.time)])
        #expect(events.first == .bankRecordsPublished(accepted: 1, alreadyKnown: 0))
        #expect(state.reconciliation.item(forLeg: leg(0))?.outcome == .matched)
        #expect(state.reconciliation.item(forRecord: 0)?.outcome == .matched)
        #expect(state.openExceptions().isEmpty)
    }

    @Test func recordThenLegMatchesIncrementally() throws {
        var (state, clock) = try approved()
        try publish(&state, &clock, hash: hash1, [debit("B001", serial: "FS2026000001", at: clock.time)])
        #expect(state.reconciliation.item(forRecord: 0)?.outcome == .bankRecordWithoutLeg)
        #expect(state.openExceptions().map(\.id) == [0])
        let events = try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        #expect(events.contains(.reconciliationChanged(itemID: 0, outcome: .matched)))
        #expect(state.reconciliation.item(forLeg: leg(0))?.outcome == .matched)
        #expect(state.openExceptions().isEmpty)
    }

    @Test func entriesPairEachItemWithBothSides() throws {
        var (state, clock) = try approved()
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        try publish(&state, &clock, hash: hash1, [debit("B001", serial: "FS2026000001", amount: 5_999_999, at: clock.time),
                                                  debit("B002", serial: nil, amount: 123, at: clock.time)])
        let all = state.reconciliationEntries(offset: 0, limit: 10)
        #expect(all.total == 3)
        let legEntry = all.entries[0]
        #expect(legEntry.item.subject == .leg(leg(0)) && legEntry.item.outcome == .amountMismatch)
        #expect(legEntry.leg?.id == leg(0))
        #expect(legEntry.record?.record.bankSerial == "B001")
        #expect(legEntry.amountFen == Fen(6_000_000), "a leg item counts the leg's amount")
        #expect(all.entries[1].leg?.id == leg(0))
        #expect(all.entries[1].amountFen == Fen(5_999_999), "a record item counts the record's amount")
        #expect(all.entries[2].leg == nil && all.entries[2].item.outcome == .bankRecordWithoutLeg)
        #expect(try ReconciliationEntry(canonicalBytes: legEntry.canonicalBytes) == legEntry)
        let page = state.reconciliationEntries(offset: 2, limit: 5)
        #expect(page.total == 3 && page.entries.map(\.item.id) == [2])
        #expect(state.reconciliationEntries(offset: 7, limit: 5).entries.isEmpty)
    }

    @Test func amountAndAccountMismatches() throws {
        var (state, clock) = try approved()
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        try state.must(.recordPayment(legID: leg(1), fundSerial: "FS2026000002"), by: "provincial-finance", &clock)
        try publish(&state, &clock, hash: hash1, [debit("B001", serial: "FS2026000001", amount: 5_999_999, at: clock.time)])
        #expect(state.reconciliation.item(forLeg: leg(0))?.outcome == .amountMismatch)
        let provincialAccount = "6222020100000000404"
        let wrongPayee = BankRecord(bankSerial: "P001", fundSerial: "FS2026000002", accountNumber: provincialAccount,
                                    counterpartyAccount: "6222020100000009999", counterpartyName: "某公司", direction: .debit,
                                    amountFen: Fen(4_000_000), balanceFen: nil, time: clock.time, summary: "", remark: "")
        try publish(&state, &clock, hash: hash2, [wrongPayee], account: provincialAccount)
        #expect(state.reconciliation.item(forLeg: leg(1))?.outcome == .accountMismatch)
        #expect(Set(state.openExceptions().map(\.outcome)) == [.amountMismatch, .accountMismatch])
    }

    @Test func graceExpiresAtBlockTimeNotBefore() throws {
        var (state, clock) = try approved()
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        let paidAt = clock.time
        let grace = state.settings.reconciliationGraceSeconds
        let early = Provenance(height: 100, time: paidAt.adding(seconds: grace - 1), transactionHash: [])
        #expect(state.endBlock(at: early).isEmpty)
        #expect(state.reconciliation.item(forLeg: leg(0))?.outcome == .awaitingBankRecord)
        let due = Provenance(height: 101, time: paidAt.adding(seconds: grace), transactionHash: [])
        #expect(state.endBlock(at: due) == [.reconciliationChanged(itemID: 0, outcome: .legWithoutBankRecord)])
        #expect(state.outstandingByAge(at: due.time).map(\.items.count) == [1, 0, 0, 0])
        let later = due.time.adding(seconds: 40 * 86_400)
        #expect(state.outstandingByAge(at: later).map(\.items.count) == [0, 0, 1, 0])
        var laterClock = clock
        _ = laterClock.next(after: grace + 10)
        try publish(&state, &laterClock, hash: hash1, [debit("B001", serial: "FS2026000001", at: paidAt)])
        #expect(state.reconciliation.item(forLeg: leg(0))?.outcome == .matched)
    }

    @Test func duplicateSerialOnOneAccountButBothSidesOfOneTransferCorroborate() throws {
        var (state, clock) = try approved()
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        let credit = BankRecord(bankSerial: "C001", fundSerial: "FS2026000001", accountNumber: fundAccount, counterpartyAccount: financeAccount,
                                counterpartyName: "黔东县财政局", direction: .credit, amountFen: Fen(6_000_000), balanceFen: nil,
                                time: clock.time, summary: "", remark: "")
        try publish(&state, &clock, hash: hash1, [debit("B001", serial: "FS2026000001", at: clock.time)])
        try publish(&state, &clock, hash: hash2, [credit], account: fundAccount)
        #expect(state.reconciliation.items.map(\.outcome) == [.matched, .matched, .matched])
        try publish(&state, &clock, hash: hash3, [debit("B002", serial: "FS2026000001", at: clock.time)])
        #expect(state.reconciliation.item(forRecord: 0)?.outcome == .duplicateSerial)
        #expect(state.reconciliation.item(forRecord: 2)?.outcome == .duplicateSerial)
        #expect(state.reconciliation.item(forRecord: 1)?.outcome == .matched)
        #expect(state.reconciliation.item(forLeg: leg(0))?.outcome == .duplicateSerial)
    }

    @Test func statementsOnceOverlapsSkippedConflictsFlagged() throws {
        var (state, clock) = try approved()
        let first = debit("B001", serial: nil, amount: 12_345, at: clock.time)
        try publish(&state, &clock, hash: hash1, [first])
        #expect(state.refusal(.publishBankRecords(statementHash: hash1, accountNumber: financeAccount, part: .whole, records: [first]), by: "commercial-bank", &clock)
                == .statementAlreadyImported(hash1))
        let events = try publish(&state, &clock, hash: hash2, [first, debit("B002", serial: nil, amount: 1, at: clock.time)])
        #expect(events.first == .bankRecordsPublished(accepted: 1, alreadyKnown: 1))
        try publish(&state, &clock, hash: hash3, [debit("B001", serial: nil, amount: 99_999, at: clock.time)])
        #expect(state.reconciliation.records.count == 3)
        #expect(state.reconciliation.item(forRecord: 2)?.outcome == .duplicateSerial)
        #expect(state.reconciliation.item(forRecord: 0)?.outcome == .bankRecordWithoutLeg)
    }

    @Test func largeStatementsArePublishedInOrderedParts() throws {
        var (state, clock) = try approved()
        func part(_ index: Int, _ count: Int, _ serial: String, account: String? = nil) -> WorkflowCommand {
            .publishBankRecords(statementHash: hash1, accountNumber: account ?? financeAccount, part: StatementPart(index: index, count: count),
                                records: [debit(serial, serial: nil, amount: 100, at: clock.time)])
        }
        #expect(state.refusal(part(1, 3, "P1"), by: "commercial-bank", &clock) == .statementPartOutOfOrder(statementHash: hash1, expectedPart: 0))
        try state.must(part(0, 3, "P0"), by: "commercial-bank", &clock)
        #expect(state.reconciliation.pendingStatement(hash1)?.nextIndex == 1)
        #expect(state.refusal(part(0, 3, "P0"), by: "commercial-bank", &clock) == .statementPartOutOfOrder(statementHash: hash1, expectedPart: 1))
        #expect(state.refusal(part(2, 3, "P2"), by: "commercial-bank", &clock) == .statementPartOutOfOrder(statementHash: hash1, expectedPart: 1))
        #expect(state.refusal(part(1, 4, "P1"), by: "commercial-bank", &clock) == .statementPartOutOfOrder(statementHash: hash1, expectedPart: 1))
        try state.must(part(1, 3, "P1"), by: "commercial-bank", &clock)
        try state.must(part(2, 3, "P2"), by: "commercial-bank", &clock)
        #expect(state.reconciliation.pendingStatements.isEmpty)
        #expect(state.reconciliation.records.map(\.record.bankSerial) == ["P0", "P1", "P2"])
        #expect(state.refusal(part(0, 1, "P9"), by: "commercial-bank", &clock) == .statementAlreadyImported(hash1))
        #expect(state.refusal(.publishBankRecords(statementHash: hash2, accountNumber: financeAccount, part: StatementPart(index: 3, count: 3), records: []), by: "commercial-bank", &clock)
                == .invalidFields([FieldProblem(.bankRecords, .malformed)]))
    }

    @Test func malformedPublicationsAreRefusedWhole() throws {
        var (state, clock) = try approved()
        let good = debit("B001", serial: "FS2026000001", at: clock.time)
        let foreign = debit("B002", serial: nil, account: "6222020100000000404", at: clock.time)
        #expect(state.refusal(.publishBankRecords(statementHash: hash1, accountNumber: financeAccount, part: .whole, records: [good, foreign]), by: "commercial-bank", &clock)
                == .bankRecordOutsideStatement(index: 1))
        let zero = debit("B003", serial: nil, amount: 0, at: clock.time)
        #expect(state.refusal(.publishBankRecords(statementHash: hash1, accountNumber: financeAccount, part: .whole, records: [good, zero]), by: "commercial-bank", &clock)
                == .malformedBankRecord(index: 1))
        #expect(state.refusal(.publishBankRecords(statementHash: "abc", accountNumber: financeAccount, part: .whole, records: [good]), by: "commercial-bank", &clock)
                == .invalidFields([FieldProblem(.bankRecords, .malformed)]))
        #expect(state.refusal(.publishBankRecords(statementHash: hash1, accountNumber: financeAccount, part: .whole, records: [good]), by: "county-finance", &clock)
                == .notPermitted(command: .publishBankRecords, kind: .countyFinance))
        #expect(state.reconciliation.records.isEmpty)
    }

    @Test func resolutionsAreExplainedAuthorisedAndOnce() throws {
        var (state, clock) = try approved()
        try publish(&state, &clock, hash: hash1, [debit("B001", serial: nil, amount: 800, at: clock.time)])
        #expect(state.refusal(.resolveDifference(itemID: 0, explanation: "手续费"), by: "commercial-bank", &clock)
                == .notPermitted(command: .resolveDifference, kind: .commercialBank))
        #expect(state.refusal(.resolveDifference(itemID: 7, explanation: "手续费"), by: "provincial-office", &clock) == .unknownReconciliationItem(7))
        #expect(state.inbox(for: "auditor").map(\.kind) == [.resolveDifference])
        try state.must(.resolveDifference(itemID: 0, explanation: "银行手续费，与项目资金无关"), by: "provincial-office", &clock)
        #expect(state.reconciliation.items[0].resolution?.resolverID == "provincial-office")
        #expect(state.openExceptions().isEmpty)
        #expect(state.refusal(.resolveDifference(itemID: 0, explanation: "again"), by: "provincial-office", &clock) == .reconciliationItemNotOpen(0))
    }

    @Test func reversalLeavesTheBankRecordStandingAlone() throws {
        var (state, clock) = try approved()
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &clock)
        try publish(&state, &clock, hash: hash1, [debit("B001", serial: "FS2026000001", at: clock.time)])
        try state.must(.reversePayment(legID: leg(0), reason: "重复登记"), by: "county-finance", &clock)
        #expect(state.reconciliation.item(forLeg: leg(0))?.outcome == .paymentReversed)
        #expect(state.reconciliation.item(forRecord: 0)?.outcome == .bankRecordWithoutLeg)
    }

    @Test func balanceAdjustmentExplainsInTransitItemsAndExposesErrors() throws {
        var (state, clock) = try approved()
        for (index, payer) in [(0, "county-finance"), (1, "provincial-finance"), (2, "commercial-bank"), (3, "fund-lp")] {
            try state.must(.recordPayment(legID: leg(index), fundSerial: "FS202600000\(index)"), by: payer, &clock)
        }
        // The fund company's statement: opening ¥100,000.00; leg 0 credited; bank interest ¥500.00.
        func credit(_ serial: String, fund: String?, amount: Int64, balance: Int64) -> BankRecord {
            BankRecord(bankSerial: serial, fundSerial: fund, accountNumber: fundAccount, counterpartyAccount: "", counterpartyName: "",
                       direction: .credit, amountFen: Fen(amount), balanceFen: Fen(balance), time: clock.time, summary: "", remark: "")
        }
        try publish(&state, &clock, hash: hash1, [credit("C1", fund: "FS2026000000", amount: 6_000_000, balance: 16_000_000),
                                                  credit("C2", fund: nil, amount: 50_000, balance: 16_050_000)], account: fundAccount)
        let statement = state.balanceAdjustment(accountNumber: fundAccount)
        #expect(statement.openingBalanceFen == Fen(10_000_000))
        #expect(statement.bankBalanceFen == Fen(16_050_000))
        #expect(statement.bookBalanceFen == Fen(10_000_000 + 6_000_000 + 94_000_000))
        #expect(statement.bookOnlyCreditsFen == Fen(94_000_000))
        #expect(statement.bankOnlyCreditsFen == Fen(50_000))
        #expect(statement.adjustedBankBalanceFen == Fen(110_050_000))
        #expect(statement.isBalanced)
        // The LP's 94% arrives ¥0.01 short: the tables now differ by exactly that.
        try publish(&state, &clock, hash: hash2, [credit("C3", fund: "FS2026000003", amount: 93_999_999, balance: 110_049_999)], account: fundAccount)
        let short = state.balanceAdjustment(accountNumber: fundAccount)
        #expect(short.isBalanced == false)
        #expect(short.adjustedBookBalanceFen!.value - short.adjustedBankBalanceFen!.value == 1)
    }
}

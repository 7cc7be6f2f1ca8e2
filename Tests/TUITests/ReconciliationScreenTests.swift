import EmbeddedNode
import Foundation
import LedgerClient
import Testing
@testable import TUI
import Workflow
import WorkflowTestSupport

/// The reconciliation screens through the shell, with effects run by `EffectRunner` against a
/// `FakeLedger` on a real fund-flow state: the classes with counts and amounts, a class's items
/// with both sides, the bank's statement import (problems, confirmation, publication) and the
/// live update after a block; 80x24 snapshots in both languages.
@Suite struct ReconciliationScreenTests {
    static let bank = SignedInOrganisation(organisation: DemoConsortium.organisations[4], isDemo: true)
    static let financeAccount = "6222020100000000303"

    /// An approved draft; county finance paid leg 0 (¥60,000.00) and provincial finance leg 1;
    /// the bank published a debit of ¥59,999.99 for leg 0's serial and one without a serial.
    static func chain() async throws -> FakeChain {
        let chain = FakeChain()
        try await chain.must(.fileApplication(TestConsortium.application()), by: "county-hq")
        try await chain.must(.approveApplication(projectID: "XM2026000001", reservedFen: Fen(100_000_000), fundPlan: nil), by: "provincial-office")
        try await chain.must(.recordPayment(legID: TestConsortium.leg(0), fundSerial: "FS2026000001"), by: "county-finance")
        try await chain.must(.recordPayment(legID: TestConsortium.leg(1), fundSerial: "FS2026000002"), by: "provincial-finance")
        let time = Timestamp(millisecondsSinceEpoch: 1_795_305_600_000)
        let records = [("B001", "FS2026000001", Int64(5_999_999)), ("B002", nil, Int64(12_300))].map { serial, fundSerial, amount in
            BankRecord(bankSerial: serial, fundSerial: fundSerial, accountNumber: financeAccount, counterpartyAccount: "6222020100000000707",
                       counterpartyName: "黔东县脱贫攻坚投资基金有限公司", direction: .debit, amountFen: Fen(amount), balanceFen: nil,
                       time: time, summary: "转账", remark: "")
        }
        try await chain.must(.publishBankRecords(statementHash: String(repeating: "b", count: 64), accountNumber: financeAccount,
                                                 part: .whole, records: records), by: "commercial-bank")
        return chain
    }

    /// The bank's shell on the reconciliation screen, its book loaded.
    static func reconciliationShell(_ language: Language, chain: FakeChain) async throws -> (Shell, FakeLedger) {
        let ledger = FakeLedger(chain: chain, organisationID: "commercial-bank")
        var shell = RoleScreenTests.signInShell(language)
        try await RoleScreenTests.run(shell.update(.signedIn(bank)), on: ledger, &shell)
        let effects = RoleScreenTests.press([.function(7)], &shell)
        #expect(shell.stack.last is ReconciliationScreen)
        try await RoleScreenTests.run(effects, on: ledger, &shell)
        return (shell, ledger)
    }

    static func message(_ shell: Shell) -> String { RoleScreenTests.lines(shell)[22] }

    @Test(arguments: Language.allCases) func classesWithCountsAndAmounts(_ language: Language) async throws {
        let (shell, _) = try await Self.reconciliationShell(language, chain: Self.chain())
        let screen = try #require(shell.stack.last as? ReconciliationScreen)
        let totals = try #require(screen.snapshot?.totals)
        #expect(totals.map { "\($0.paymentCount)/\($0.recordCount)" } == ["0/0", "1/1", "0/0", "0/0", "0/1", "0/0", "1/0", "0/0"])
        #expect(totals[1].paymentFen == Fen(6_000_000) && totals[1].recordFen == Fen(5_999_999), "each side's own amount")
        Snapshot.check(shell, "reconciliation-classes.\(language.rawValue)")
    }

    @Test(arguments: Language.allCases) func aClassShowsEachItemsLegAndRecordSideBySide(_ language: Language) async throws {
        var (shell, _) = try await Self.reconciliationShell(language, chain: Self.chain())
        _ = RoleScreenTests.press([.down, .enter], &shell)
        let screen = try #require(shell.stack.last as? ReconciliationClassScreen)
        #expect(screen.outcome == .amountMismatch && screen.entries.count == 2)
        Snapshot.check(shell, "reconciliation-amount-mismatch.\(language.rawValue)")
        _ = RoleScreenTests.press([.down], &shell)
        #expect(RoleScreenTests.lines(shell).contains { $0.contains("B001") }, "the record's side stays visible on the record's item")
        _ = RoleScreenTests.press([.escape], &shell)
        #expect(shell.stack.last is ReconciliationScreen)
    }

    @Test func onlyTheBankImportsAndOnlyPayersHoldersAndAuditorsSeeTheBook() async throws {
        let chain = try await Self.chain()
        var shell = RoleScreenTests.signInShell(.english)
        let ledger = FakeLedger(chain: chain, organisationID: "county-hq")
        try await RoleScreenTests.run(shell.update(.signedIn(SignedInOrganisation(organisation: DemoConsortium.organisations[0], isDemo: true))), on: ledger, &shell)
        #expect(RoleScreenTests.press([.function(7)], &shell).isEmpty)
        #expect(shell.stack.count == 1)
        #expect(!KeyHelp.hintBar(shell.keyHelp, .english).contains("reconcile"))
        var (auditor, auditorLedger) = (RoleScreenTests.signInShell(.english), FakeLedger(chain: chain, organisationID: "auditor"))
        try await RoleScreenTests.run(auditor.update(.signedIn(SignedInOrganisation(organisation: DemoConsortium.organisations[8], isDemo: true))),
                                      on: auditorLedger, &auditor)
        try await RoleScreenTests.run(RoleScreenTests.press([.function(7)], &auditor), on: auditorLedger, &auditor)
        #expect(auditor.stack.last is ReconciliationScreen)
        _ = RoleScreenTests.press([.function(4)], &auditor)
        #expect(auditor.stack.last is ReconciliationScreen)
        #expect(Self.message(auditor) == " Only the commercial bank publishes statements")
    }

    @Test(arguments: Language.allCases) func aMalformedStatementListsEveryProblemAndImportsNothing(_ language: Language) async throws {
        let chain = try await Self.chain()
        var (shell, ledger) = try await Self.reconciliationShell(language, chain: chain)
        let before = await chain.submitted.count
        _ = RoleScreenTests.press([.function(4)], &shell)
        #expect(RoleScreenTests.press([.function(2)], &shell).isEmpty, "no path: nothing read")
        #expect(Self.message(shell) == language.pick(" 「文件路径」：必填", " File path: required"))
        let effects = RoleScreenTests.press([.text("Fixtures/statements/malformed.csv"), .function(2)], &shell)
        guard case .readStatement(let path, nil, nil) = effects.first else { throw TestFailure("no read: \(effects)") }
        #expect(path == "Fixtures/statements/malformed.csv")
        try await RoleScreenTests.run(effects, on: ledger, &shell)
        let screen = try #require(shell.stack.last as? StatementImportScreen)
        #expect(screen.reading?.problems.count == 9)
        #expect(screen.focus == .problems && screen.dialog == nil)
        Snapshot.check(shell, "statement-import-problems.\(language.rawValue)")
        _ = RoleScreenTests.press([.pageDown], &shell)
        #expect((shell.stack.last as? StatementImportScreen)?.problems.selectedIndex == 8, "the list scrolls")
        #expect(await chain.submitted.count == before)
    }

    @Test(arguments: Language.allCases) func aGoodStatementIsConfirmedThenPublishedAndTheClassesFollow(_ language: Language) async throws {
        let chain = try await Self.chain()
        var (shell, ledger) = try await Self.reconciliationShell(language, chain: chain)
        _ = RoleScreenTests.press([.function(4), .text("Fixtures/statements/icbc-utf8.csv"), .tab, .right], &shell)
        try await RoleScreenTests.run(RoleScreenTests.press([.function(2)], &shell), on: ledger, &shell)
        let dialog = try #require((shell.stack.last as? StatementImportScreen)?.dialog)
        #expect(dialog.focus == .cancel)
        #expect(dialog.facts.map { $0.value.english } == ["Fixtures/statements/icbc-utf8.csv", "中国工商银行 (ICBC)", "1207012309000001234", "12",
                                                          "¥2,911,050.41", "贰佰玖拾壹万壹仟零伍拾元肆角壹分"])
        Snapshot.check(shell, "statement-import-confirm.\(language.rawValue)")
        #expect(RoleScreenTests.press([.enter], &shell).isEmpty, "Cancel is focused: nothing published")
        try await RoleScreenTests.run(RoleScreenTests.press([.function(2)], &shell), on: ledger, &shell)
        let effects = RoleScreenTests.press([.tab, .enter], &shell)
        guard case .publishStatement = effects.first else { throw TestFailure("no publication: \(effects)") }
        try await RoleScreenTests.run(effects, on: ledger, &shell)
        guard case .workflow(.publishBankRecords(_, let account, let part, let records)) = await chain.submitted.last else {
            throw TestFailure("the bank records were not submitted")
        }
        #expect(account == "1207012309000001234" && part == .whole && records.count == 12)
        #expect(Self.message(shell) == language.pick(" 对账单已上链：新增 12 笔，已有 0 笔", " Statement on chain: 12 new records, 0 already known"))

        let live = shell.update(.blockCommitted(height: await chain.height))
        #expect(live.contains { if case .loadReconciliation = $0 { true } else { false } }, "a committed block reads the book again")
        try await RoleScreenTests.run(live, on: ledger, &shell)
        _ = RoleScreenTests.press([.escape], &shell)
        let overview = try #require(shell.stack.last as? ReconciliationScreen)
        #expect(overview.snapshot?.totals[4].recordCount == 13, "the twelve new records have no leg")
    }
}

/// A test's own failure with a reason.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

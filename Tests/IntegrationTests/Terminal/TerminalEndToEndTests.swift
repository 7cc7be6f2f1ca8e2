import Foundation
import LedgerClient
import Testing
import WorkflowTestSupport

/// The real `fundchain` binary in tmux on its embedded default (the demo consortium's four
/// validators in its process, committing by CBFT over mutual TLS), driven as people drive it:
/// keys and input-method text in, the screen read back by polling `capture-pane` with a
/// deadline. Each organisation signs in to its own run of the application on the same data
/// directory, in Chinese and in English, and the whole fund flow is walked: the county HQ
/// files, the provincial office approves, every tranche is paid by its payer with its own fund
/// serial and confirmed by its payee, the bank imports a statement, and the reconciliation and
/// the draft's final holdings are read back.
@Suite("Terminal end to end", .serialized)
struct TerminalEndToEndTests {
    /// One tranche of the draft: who pays it, who confirms it, its amount and the serial paid with.
    struct Tranche {
        let payerID: String
        let payeeID: String
        let amount: String
        let fundSerial: String
    }

    /// The draft amount A, typed with a full-width first digit as an input method may commit it.
    static let typedAmount = "１,234,567.89"
    static let amount = "¥1,234,567.89"
    static let amountInWords = "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"

    /// The standard tranche table applied to A by hand (SPEC section 3, largest remainder):
    /// 6% = 7,407,407.34 fen, 4% = 4,938,271.56, 90% = 111,111,110.10; the one fen left over
    /// goes to the largest remainder (4%); the partnership passes on 4% + 90%.
    static let countyFinance = Tranche(payerID: "county-finance", payeeID: "county-fund", amount: "¥74,074.07", fundSerial: "QD-CF-20261121-06")
    static let provincialFinance = Tranche(payerID: "provincial-finance", payeeID: "fund-lp", amount: "¥49,382.72", fundSerial: "QD-PF-20261121-04")
    static let bank = Tranche(payerID: "commercial-bank", payeeID: "fund-lp", amount: "¥1,111,111.10", fundSerial: "QD-BK-20261121-90")
    static let partnership = Tranche(payerID: "fund-lp", payeeID: "county-fund", amount: "¥1,160,493.82", fundSerial: "QD-LP-20261121-94")

    /// The partnership's account statement: both tranches in as paid, the tranche out with two
    /// digits swapped (¥1,160,439.82 instead of ¥1,160,493.82).
    static let partnershipStatement = BankStatementCSV(
        accountNumber: "6222020100000000606", accountName: "省扶贫产业基金（有限合伙）", date: "2026-11-21",
        rows: [
            .init(bankSerial: "LP0001", isDebit: false, amountYuan: "49382.72", balanceYuan: "49382.72",
                  counterpartyName: "省财政厅", counterpartyAccount: "6222020100000000404", fundSerial: provincialFinance.fundSerial),
            .init(bankSerial: "LP0002", isDebit: false, amountYuan: "1111111.10", balanceYuan: "1160493.82",
                  counterpartyName: "示范商业银行省分行", counterpartyAccount: "6222020100000000505", fundSerial: bank.fundSerial),
            .init(bankSerial: "LP0003", isDebit: true, amountYuan: "1160439.82", balanceYuan: "54.00",
                  counterpartyName: "黔东县脱贫攻坚投资基金有限公司", counterpartyAccount: "6222020100000000707", fundSerial: partnership.fundSerial),
        ])

    @Test("file, approve, pay and confirm every tranche, import a statement, reconcile and track",
          arguments: [TerminalScript.chinese, TerminalScript.english])
    func wholeFlow(_ script: TerminalScript) async throws {
        let workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: workDirectory) }
        let dataDirectory = workDirectory.appendingPathComponent("data")
        let statementFile = workDirectory.appendingPathComponent("lp-statement.csv")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        try Self.partnershipStatement.text.write(to: statementFile, atomically: true, encoding: .utf8)
        let session = TerminalSession(arguments: ["--data-dir", dataDirectory.path], script: script)

        try await session.run(as: "county-hq") { try await Self.file($0, script) }
        try await session.run(as: "provincial-office") { try await Self.approve($0, script) }
        for tranche in [Self.countyFinance, Self.provincialFinance, Self.bank] {
            try await session.run(as: tranche.payerID) { clerk in
                try await clerk.press("t")
                try await clerk.waitFor(script.toPay(1, tranche.amount))
                try await Self.pay(tranche, on: clerk, script)
            }
        }
        try await session.run(as: "fund-lp") { clerk in
            try await clerk.press("t")
            // Its own tranche passes on what was paid to it, so it is due as soon as both are paid.
            try await clerk.waitFor(script.toPay(1, Self.partnership.amount), script.toConfirm(2, Self.partnership.amount))
            try await Self.confirm(Self.provincialFinance, on: clerk, script)
            try await clerk.waitFor(script.toConfirm(1, Self.bank.amount))
            try await clerk.press("Down")
            try await Self.confirm(Self.bank, on: clerk, script)
            try await clerk.waitFor(script.toPay(1, Self.partnership.amount), script.toConfirm(0, "¥0.00"))
            try await clerk.press("Down")
            try await Self.pay(Self.partnership, on: clerk, script)
        }
        try await session.run(as: "county-fund") { clerk in
            try await clerk.press("t")
            try await clerk.waitFor(script.toConfirm(2, Self.amount))
            try await Self.confirm(Self.countyFinance, on: clerk, script)
            try await clerk.waitFor(script.toConfirm(1, Self.partnership.amount))
            try await clerk.press("Down")
            try await Self.confirm(Self.partnership, on: clerk, script)
            try await clerk.waitFor(script.toConfirm(0, "¥0.00"))
        }
        try await session.run(as: "commercial-bank") { clerk in
            try await Self.importStatement(statementFile.path, on: clerk, script)
            try await Self.track(on: clerk, script)
        }
    }

    /// The county HQ fills in every field of Step 1 and files.
    static func file(_ clerk: TmuxTerminal, _ script: TerminalScript) async throws {
        try await clerk.press("F3")
        try await clerk.waitFor(script.stepOneTitle)
        try await clerk.type(script.projectName)
        try await clerk.press("Tab", "Right", "Tab")
        try await clerk.type("县农业农村局")
        try await clerk.press("Tab")
        try await clerk.type(typedAmount)
        try await clerk.press("Tab")
        try await clerk.type("新建标准化茶园八百亩，带动建档立卡贫困户一百二十户增收。")
        try await clerk.press("Tab", "Right", "Tab")
        try await clerk.type("农业专业合作社，具备茶园管护资质")
        try await clerk.press("Tab")
        try await clerk.type("2026-12-01")
        try await clerk.press("Tab")
        try await clerk.type("2027-10-31")
        try await clerk.press("Tab")
        try await clerk.type("张晓梅")
        try await clerk.press("Tab")
        try await clerk.type("6222020100000000808")
        // The amount typed with a full-width digit is read as figures and shown in 大写.
        try await clerk.waitFor(amountInWords)
        try await clerk.press("F2")
        // Filing asks first, restating the budget in figures and 大写; Cancel has the focus.
        try await clerk.waitFor(script.fileQuestion, "¥1,234,567.89")
        try await clerk.press("Left", "Enter")
        try await clerk.waitFor(script.filed)
    }

    /// The provincial office opens the application, cancels once (Cancel has the focus), then approves.
    static func approve(_ officer: TmuxTerminal, _ script: TerminalScript) async throws {
        try await officer.waitFor(String(script.projectName.prefix(6)))
        try await officer.press("Enter")
        try await officer.waitFor(script.stepTwoTitle, amount)
        try await officer.press("F2")
        try await officer.waitFor(script.approveQuestion, amountInWords)
        try await officer.press("Enter")
        let afterCancel = try await officer.waitFor(script.stepTwoTitle)
        #expect(!afterCancel.contains(script.approved))
        try await officer.press("F2")
        try await officer.waitFor(script.approveQuestion)
        try await officer.press("Left", "Enter")
        try await officer.waitFor(script.approved)
    }

    /// Records the selected leg's payment with its fund serial, from the tranches list, and
    /// comes back to the list.
    private static func pay(_ tranche: Tranche, on clerk: TmuxTerminal, _ script: TerminalScript) async throws {
        try await clerk.press("F2")
        try await clerk.waitFor(script.serialLabel, tranche.amount)
        try await clerk.type(tranche.fundSerial)
        try await clerk.press("F2")
        try await clerk.waitFor(script.payQuestion, tranche.amount, tranche.fundSerial)
        try await clerk.press("Left", "Enter")
        try await clerk.waitFor(script.paid, tranche.fundSerial)
        try await clerk.press("Escape")
    }

    /// Confirms the selected leg's receipt from the tranches list.
    private static func confirm(_ tranche: Tranche, on clerk: TmuxTerminal, _ script: TerminalScript) async throws {
        try await clerk.press("F3")
        try await clerk.waitFor(script.confirmQuestion, tranche.amount, tranche.fundSerial)
        try await clerk.press("Left", "Enter")
        try await clerk.waitFor(script.confirmed, tranche.amount)
    }

    /// The bank imports the statement from the reconciliation screen and reads the classes back.
    private static func importStatement(_ path: String, on clerk: TmuxTerminal, _ script: TerminalScript) async throws {
        try await clerk.press("F7")
        try await clerk.waitFor(script.reconciliationTitle, script.matched)
        try await clerk.press("F4")
        try await clerk.waitFor(script.importTitle)
        try await clerk.type(path)
        try await clerk.press("F2")
        try await clerk.waitFor(script.importQuestion, partnershipStatement.accountNumber, "¥2,320,933.64")
        try await clerk.press("Left", "Enter")
        try await clerk.waitFor(script.imported)
        try await clerk.press("Escape")
        try await clerk.waitFor(script.reconciliationTitle)
        try await clerk.press("r")
        // Payments and records of each class: count, amount, count, amount.
        let screen = try await clerk.waitFor(script.reconciliationCounts)
        #expect(classRow(script.matched, in: screen) == ["2", "¥1,160,493.82", "2", "¥1,160,493.82"], "\(screen)")
        #expect(classRow(script.amountMismatch, in: screen) == ["1", partnership.amount, "1", "¥1,160,439.82"], "\(screen)")
        #expect(classRow(script.awaitingBankRecord, in: screen).prefix(2) == ["1", countyFinance.amount], "\(screen)")
        try await clerk.press("Escape")
    }

    /// The bank tracks the draft from its tranche: one holder (the county fund company) holds all
    /// of A, the three funders and the partnership have passed their money on, and every tranche
    /// is confirmed with its serial.
    private static func track(on clerk: TmuxTerminal, _ script: TerminalScript) async throws {
        try await clerk.waitFor(script.inboxTitle)
        try await clerk.press("t")
        try await clerk.waitFor(script.toPay(0, "¥0.00"))
        try await clerk.press("d")
        let screen = try await clerk.waitFor("|" + amount, script.passedOn)
        #expect(screen.components(separatedBy: "|" + amount).count == 2, "one holder holds all of A: \(screen)")
        #expect(screen.components(separatedBy: script.passedOn).count == 5, "four holders passed their money on: \(screen)")
        let legs = screen.split(separator: "\n")
        for tranche in [countyFinance, provincialFinance, bank, partnership] {
            #expect(legs.contains { $0.contains(tranche.amount) && $0.contains(script.confirmedLeg) && $0.contains(tranche.fundSerial) },
                    "\(tranche.fundSerial) confirmed: \(screen)")
        }
    }

    /// The fields after a reconciliation class's name on its row, empty when the class is not shown.
    static func classRow(_ name: String, in screen: String) -> [String] {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains(name) }),
              let range = line.range(of: name) else { return [] }
        return line[range.upperBound...].split(whereSeparator: \.isWhitespace).map(String.init)
    }
}

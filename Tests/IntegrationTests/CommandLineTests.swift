import Foundation
import Testing
import WorkflowTestSupport

/// The operator commands of the real `fundchain` binary, run as separate processes.
@Suite(.serialized) struct CommandLineTests {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/statements")

    @Test func helpListsTheSubcommands() async throws {
        let (status, output) = try await FundChainProcess.run(["--help"])
        #expect(status == 0)
        for subcommand in ["tranche", "statement", "replay", "simulate"] { #expect(output.contains("  \(subcommand) "), "\(subcommand)") }
    }

    @Test func simulateReplaysASeedIdenticallyAndReportsNoViolations() async throws {
        let arguments = ["simulate", "--seed", "12", "--heights", "30"]
        let (status, output) = try await FundChainProcess.run(arguments)
        #expect(status == 0, "\(output)")
        // The lowest height every honest replica reached: at least the target (a run ends once
        // every honest client's transaction committed, which may take a height or two more).
        let reached = output.firstMatch(of: #/seed 12 n=4 heights=(\d+) /#).flatMap { Int($0.1) }
        #expect((reached ?? 0) >= 30, "\(output)")
        #expect(output.contains("violations: 0"))
        let (_, replayed) = try await FundChainProcess.run(arguments)
        #expect(replayed == output, "one seed, one run")
        let (manyStatus, many) = try await FundChainProcess.run(["simulate", "--runs", "2", "--validators", "7", "--heights", "20"])
        #expect(manyStatus == 0, "\(many)")
        #expect(many.contains("runs: 2 validators: 7") && many.contains("violations: 0"))
    }

    @Test func simulatePrimaryBoundPrintsTheMeasuredLeadsAgainstTheBound() async throws {
        let (status, output) = try await FundChainProcess.run(["simulate", "--primary-bound", "--seed", "3", "--heights", "300"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("seed 3 n=4 validator-0: led "))
        #expect(output.contains("bound: leads to floor 17, score at floor 10000"))
        #expect(output.contains("measured: ") && output.contains("violations: 0"))
    }

    @Test func trancheShowsFiguresAndCapitalsThatConserve() async throws {
        let (status, output) = try await FundChainProcess.run(["tranche", "１，２３４，５６７.８９", "--lang", "zh"])
        #expect(status == 0)
        // 6% of 123,456,789 fen = 7,407,407.34 (remainder 3400); 4% = 4,938,271.56 (remainder 5600);
        // 90% = 111,111,110.1 -> 111,111,110 (remainder 1000): the leftover fen goes to 4%.
        #expect(output.contains("A = ¥1,234,567.89  壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"))
        #expect(output.contains("county-finance-6       ¥74,074.07"))
        #expect(output.contains("provincial-finance-4   ¥49,382.72"))
        #expect(output.contains("bank-90                ¥1,111,111.10"))
        #expect(output.contains("partnership-94         ¥1,160,493.82"))
        #expect(output.contains("县财政局 → 县脱贫基金公司"))
    }

    @Test func trancheRefusesABadAmountNamingIt() async throws {
        let (status, output) = try await FundChainProcess.run(["tranche", "12.345", "--lang", "en"])
        #expect(status != 0)
        #expect(output.contains("Amount \"12.345\""))
    }

    @Test func statementOfAGB18030Export() async throws {
        let (status, output) = try await FundChainProcess.run(["statement", fixtures.appendingPathComponent("ccb-gb18030.csv").path, "--lang", "en"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("Account 4100123456780000042"))
        #expect(output.contains("SHA-256 "))
        #expect(output.contains("FS2026110200011"))
        #expect(output.contains("𠀾"), "a four-byte GB18030 character survives")
    }

    @Test func statementWithErrorsListsEveryLineAndFails() async throws {
        let (status, output) = try await FundChainProcess.run(["statement", fixtures.appendingPathComponent("malformed.csv").path, "--lang", "zh"])
        #expect(status == 1)
        for line in 5...13 { #expect(output.contains("第 \(line) 行"), "line \(line)") }
    }
}

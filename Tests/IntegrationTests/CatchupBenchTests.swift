import Foundation
import Testing
import WorkflowTestSupport

/// `fundchain bench catchup` run small: four in-process validators commit the load, one
/// restarts empty and catches up to the same account. Nothing is timed.
@Suite(.serialized) struct CatchupBenchTests {
    @Test func aValidatorRestartedEmptyCatchesUpToThePeersAccount() async throws {
        let (status, output) = try await FundChainProcess.run(["bench", "catchup", "--transactions", "400", "--lang", "en"])
        #expect(status == 0, "\(output)")
        let figures = try BenchOutput.figures("catchup", in: output)
        #expect(figures["accountsAgree"] as? Bool == true, "\(output)")
        let liveBlocks = try #require(figures["liveBlocks"] as? Int)
        let height = try #require(figures["catchUpHeight"] as? Int)
        #expect(liveBlocks > 0 && height >= liveBlocks, "the restarted validator rebuilt at least the blocks of the load: \(output)")
        #expect((figures["liveTransactionsPerSecond"] as? Double ?? 0) > 0 && (figures["catchUpTransactionsPerSecond"] as? Double ?? 0) > 0, "\(output)")
        #expect(output.contains("ok: account 500 equals the peers'"), "the account is 100 plus the 400 adds: \(output)")
    }
}

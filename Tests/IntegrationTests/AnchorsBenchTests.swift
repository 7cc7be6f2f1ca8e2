import Foundation
import Testing
import WorkflowTestSupport

/// `fundchain bench anchors` run small: every anchor commits, in the blocks the block size
/// implies, and the chain on disk holds at least the transactions' own bytes. Nothing is timed.
@Suite(.serialized) struct AnchorsBenchTests {
    @Test func anchorsCommitAndTheDiskFigureCoversTheirBytes() async throws {
        let (status, output) = try await FundChainProcess.run(["bench", "anchors", "--count", "300", "--per-block", "100", "--lang", "en"])
        #expect(status == 0, "\(output)")
        let figures = try BenchOutput.figures("anchors", in: output)
        #expect(figures["count"] as? Int == 300 && figures["rejected"] as? Int == 0, "\(output)")
        #expect(figures["blocks"] as? Int == 3, "300 anchors at 100 per block: \(output)")
        #expect((figures["transactionsPerSecond"] as? Int ?? 0) > 0, "\(output)")
        let encoded = try #require(figures["encodedBytesAverage"] as? Double)
        let disk = try #require(figures["diskBytesPerTransaction"] as? Double)
        #expect(encoded > 100 && disk > encoded, "the chain stores each transaction whole, and more: \(output)")
    }

    @Test func badCountsAreRefusedNamingTheOption() async throws {
        let (status, output) = try await FundChainProcess.run(["bench", "anchors", "--count", "0"])
        #expect(status != 0 && output.contains("--count"), "\(output)")
    }
}

import Foundation
import Testing
import WorkflowTestSupport

/// `fundchain bench tui` run small: the inbox lists the filed applications, every scroll key
/// is one frame, and the run ends back at the top of the list. Nothing is timed.
@Suite(.serialized) struct TUIBenchTests {
    @Test func scrollingTheInboxDrawsAFramePerKeyAndReturnsToTheTop() async throws {
        let (status, output) = try await FundChainProcess.run(["bench", "tui", "--projects", "120", "--columns", "100", "--rows", "30", "--lang", "zh"])
        #expect(status == 0, "\(output)")
        let figures = try BenchOutput.figures("tui", in: output)
        // 119 rows down, then back up a page (several rows) at a time.
        let frames = try #require(figures["frames"] as? Int)
        #expect(frames > 119 + 1 && frames < 119 + 119, "\(output)")
        #expect((figures["rowsListed"] as? Int ?? 0) > 0 && figures["backAtTop"] as? Bool == true, "\(output)")
        let p50 = try #require(figures["frameP50Ms"] as? Double)
        let p99 = try #require(figures["frameP99Ms"] as? Double)
        #expect(p50 > 0 && p99 >= p50, "\(output)")
        #expect(output.contains("每帧 p50/p99/最大"), "\(output)")
    }
}

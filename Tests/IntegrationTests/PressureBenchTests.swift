import Foundation
import Testing
import WorkflowTestSupport

/// `fundchain bench pressure` end to end: it starts its own four validator processes, drives
/// them, and its figures and correctness check describe what really committed.
@Suite(.serialized) struct PressureBenchTests {
    @Test func aShortRunCommitsAddsThatEveryNodeCounts() async throws {
        let portBase = try LoopbackPorts.freeBase(offsets: Array(0..<4) + Array(100..<104))
        let (status, output) = try await FundChainProcess.run(
            ["bench", "pressure", "--seconds", "3", "--warmup-seconds", "1", "--transactions", "600", "--clients", "4",
             "--port-base", "\(portBase)", "--lang", "en"])
        #expect(status == 0, "\(output)")
        let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{\"bench\":\"pressure\"") }, "\(output)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(figures["accountsAgree"] as? Bool == true, "\(output)")
        #expect(figures["signedAhead"] as? Bool == true && figures["preset"] as? String == "tuned")
        let committed = try #require(figures["committed"] as? Int)
        #expect(committed > 0, "something committed inside the window: \(output)")
        let totals = try #require(figures["validatorCPUMicrosecondsPerTransaction"] as? [Double])
        #expect(totals.count == 4)
        // Every validator verified each transaction's signature: that CPU is part of its total.
        let verify = try #require(figures["validatorVerifyCPUMicrosecondsPerTransaction"] as? [Double], "\(output)")
        let rest = try #require(figures["validatorOtherCPUMicrosecondsPerTransaction"] as? [Double], "\(output)")
        #expect(verify.count == 4 && verify.allSatisfy { $0 > 0 } && rest.count == 4, "\(output)")
        for index in 0..<min(4, verify.count, rest.count, totals.count) {
            #expect(abs(verify[index] + rest[index] - totals[index]) <= 0.05 * totals[index] + 1, "validator \(index): \(output)")
        }
        #expect(output.contains("of which verify / rest"), "\(output)")
        #expect((figures["diskBytesPerTransaction"] as? [Double])?.allSatisfy { $0 > 0 } == true)
        #expect(figures["pendingAtEnd"] as? Int == 0)
        // The table restates the check in words: 100 plus the adds, on each of the four nodes.
        #expect(output.contains("correctness") && output.contains("ok: every node's account = 100 + "), "\(output)")
    }

    @Test func badOptionsAreRefusedNamingThem() async throws {
        let (status, output) = try await FundChainProcess.run(["bench", "pressure", "--seconds", "200", "--warmup-seconds", "60"])
        #expect(status != 0)
        #expect(output.contains("--sign-live"), "\(output)")
        let (urlStatus, urlOutput) = try await FundChainProcess.run(["bench", "pressure", "--url", "http://127.0.0.1:1"])
        #expect(urlStatus != 0 && urlOutput.contains("--demo"), "\(urlOutput)")
    }
}

import Foundation
import Testing
import EmbeddedNode
import NodeTestSupport
import WorkflowTestSupport

/// A real SIGKILL: `StorageCrashHarness` appends blocks and prints each committed height; the test
/// kills it once it has printed enough heights, then checks the database: the tip is at least the
/// last printed height, every block up to it is complete and linked, and the state is the replay
/// of the changes up to the tip. Three rounds on one database, killed after 20, 27 and 39 heights,
/// so each round also resumes from a crashed database.
@Suite struct CrashTests {
    @Test func aKilledWriterLeavesACompleteLinkedChain() async throws {
        let database = try TemporaryDatabase()
        let harness = try #require(BuiltProducts.executable(named: "StorageCrashHarness"), "StorageCrashHarness is not built")
        var verifiedTip: Int64 = 0
        for heightsBeforeKill in [20, 27, 39] {
            let path = database.path
            let (printed, killedBySignal) = try await BlockingWork.run { try Self.runAndKill(harness, path: path, afterHeights: heightsBeforeKill) }
            #expect(killedBySignal)
            try #require(printed.count >= heightsBeforeKill, "the harness stopped early after \(printed)")
            #expect(printed.first == verifiedTip + 1)

            let store = try database.open()
            let tip = try #require(try store.tip).height
            #expect(tip >= printed.last!)
            let expected = SyntheticChain.chain(count: Int(tip),
                                                transactionCount: SyntheticChain.crashHarnessTransactionsPerBlock,
                                                stateChangeCount: SyntheticChain.crashHarnessStateChangesPerBlock)
            #expect(try expectStoreHolds(store, expected))
            try store.close()
            verifiedTip = tip
        }
    }

    /// Starts the harness, reads heights until `afterHeights` were printed (or output ends), and
    /// sends SIGKILL. Returns the printed heights and whether the signal ended the process.
    private static func runAndKill(_ harness: URL, path: String, afterHeights: Int) throws -> ([Int64], Bool) {
        let process = Process()
        let output = Pipe()
        process.executableURL = harness
        process.arguments = [path]
        process.standardOutput = output
        try process.run()
        var printed: [Int64] = []
        var buffer = Data()
        while printed.count < afterHeights {
            let chunk = output.fileHandleForReading.availableData   // blocks until data or end of output
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                printed.append(Int64(String(decoding: buffer[..<newline], as: UTF8.self)) ?? -1)
                buffer.removeSubrange(...newline)
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return (printed, process.terminationReason == .uncaughtSignal)
    }
}

import Canonical
import Foundation
import Testing
import Workflow
import WorkflowTestSupport

/// The same command log applied in two separate processes (each with its own randomised
/// hashing seed) and in this one gives byte-identical state snapshots and equal state hashes.
@Suite(.serialized) struct DeterminismTests {
    func generatedLog(seed: Int) -> CommandLog {
        var generator = CommandGenerator(decisions: (0..<400).map { ($0 &* 2_654_435_761 &+ seed) & 0xFFFFF })
        var state = TestConsortium.newState()
        var clock = ChainClock()
        var log = CommandLog(organisations: TestConsortium.organisations, settings: WorkflowSettings())
        for _ in 0..<400 {
            switch generator.next(state) {
            case .endBlock(let seconds):
                let provenance = clock.next(after: seconds)
                _ = state.endBlock(at: provenance)
                log.entries.append(.endBlock(provenance))
            case .command(let actorID, let command):
                let provenance = clock.next()
                _ = state.apply(command, by: actorID, at: provenance)
                log.entries.append(.command(actorID: actorID, provenance: provenance, command: command))
            }
        }
        return log
    }

    @Test func aLogGivesTheSameStateInEveryProcess() async throws {
        let log = generatedLog(seed: 20_261_121)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-determinism-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logURL = directory.appendingPathComponent("commands.log")
        try Data(log.canonicalBytes).write(to: logURL)
        let decoded = try CommandLog(canonicalBytes: Array(try Data(contentsOf: logURL)))
        #expect(decoded.entries == log.entries)
        let local = try log.replay()
        #expect(local.acceptedCount > local.refusedCount)

        var hashes: [String] = []
        for run in 1...2 {
            let snapshotURL = directory.appendingPathComponent("snapshot-\(run)")
            let (status, output) = try await FundChainProcess.run(["replay", logURL.path, "--snapshot-out", snapshotURL.path])
            #expect(status == 0, "fundchain replay failed: \(output)")
            #expect(output.contains("accepted: \(local.acceptedCount)"))
            hashes.append(output.split(separator: "\n").first { $0.hasPrefix("state-sha256: ") }.map(String.init) ?? "missing")
            #expect(Array(try Data(contentsOf: snapshotURL)) == local.state.canonicalBytes)
        }
        #expect(hashes[0] == hashes[1])
        #expect(hashes[0].count == "state-sha256: ".count + 64)
    }

    @Test func aDamagedLogIsRefusedWithItsReason() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-badlog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logURL = directory.appendingPathComponent("bad.log")
        var bytes = generatedLog(seed: 7).canonicalBytes
        bytes.append(0)
        try Data(bytes).write(to: logURL)
        let (status, output) = try await FundChainProcess.run(["replay", logURL.path])
        #expect(status != 0)
        #expect(output.contains("trailingBytes"))
    }
}

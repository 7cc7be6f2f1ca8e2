import Foundation
import Testing
import WorkflowTestSupport

/// `fundchain devnet up|status|down` with real processes: four validators come up on loopback,
/// connect to each other and commit a transaction; status shows height, view and peers per
/// node; down stops exactly the recorded processes.
@Suite(.serialized) struct DevnetCommandTests {
    @Test func upStatusDown() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-devnet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = try LoopbackPorts.freeBase(offsets: [0, 1, 2, 3, 100, 101, 102, 103])
        let dir = directory.path
        let up = try await FundChainProcess.run(["devnet", "up", "--dir", dir, "--port-base", "\(base)", "--batch-timeout-ms", "300", "--lang", "en"])
        defer { _ = Self.stopRecordedProcesses(directory) }
        try #require(up.status == 0 && up.output.contains("devnet up: 4 validators"), "\(up.output)")
        let pids = Self.recordedPIDs(directory)
        #expect(pids.count == 4)

        // Every node reaches height 2 with all three peers connected.
        let deadline = ContinuousClock.now + TestDeadline.seconds(60)
        var status = ""
        while true {
            status = try await FundChainProcess.run(["devnet", "status", "--dir", dir, "--lang", "en"]).output
            let rows = status.split(separator: "\n").dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            let ready = rows.count == 4 && rows.allSatisfy { $0.count == 5 && (Int64($0[2]) ?? 0) >= 2 && $0[4].split(separator: ",").count == 3 }
            if ready { break }
            guard ContinuousClock.now < deadline else { Issue.record("devnet not ready: \(status)"); break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(status.contains("auditor") && status.contains("commercial-bank,provincial-finance,provincial-office"), "\(status)")

        let document = directory.appendingPathComponent("report.txt")
        try Data("验收报告".utf8).write(to: document)
        var environment = ProcessInfo.processInfo.environment
        environment["FUNDCHAIN_PASSPHRASE"] = "fundchain-demo"
        let stored = try await FundChainProcess.run(["anchor", "store", document.path, "--key", "report/1",
                                                     "--keystore", directory.appendingPathComponent("demo/keys/builder.keystore").path,
                                                     "--url", "http://127.0.0.1:\(base + 2)"], environment: environment)
        #expect(stored.status == 0 && stored.output.contains("anchored report/1"), "\(stored.output)")
        let queried = try await FundChainProcess.run(["anchor", "query", "report/1", "--url", "http://127.0.0.1:\(base)"])
        #expect(queried.status == 0, "committed on another node too: \(queried.output)")

        let down = try await FundChainProcess.run(["devnet", "down", "--dir", dir, "--lang", "en"])
        #expect(down.status == 0 && down.output.contains("devnet down"), "\(down.output)")
        #expect(!pids.contains(where: Self.isAlive), "every recorded process stopped")
        let after = try await FundChainProcess.run(["devnet", "status", "--dir", dir])
        #expect(after.status != 0 && after.output.contains("devnet.json"), "\(after.output)")
    }

    /// Whether `pid` runs (an exited child that nobody reaped yet is a zombie: not running).
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    /// The process ids in DIR/devnet.json.
    static func recordedPIDs(_ directory: URL) -> [Int32] {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("devnet.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let nodes = object["nodes"] as? [[String: Any]] else { return [] }
        return nodes.compactMap { ($0["pid"] as? NSNumber)?.int32Value }
    }

    /// Cleanup after a failure: SIGKILL the recorded processes that still run (ours, by PID).
    static func stopRecordedProcesses(_ directory: URL) -> Int {
        let running = recordedPIDs(directory).filter(isAlive)
        for pid in running { kill(pid, SIGKILL) }
        return running.count
    }
}

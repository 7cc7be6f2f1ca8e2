import ArgumentParser
import EmbeddedNode
import Foundation
import LedgerClient
import Logging
import Workflow

/// `fundchain bench embedded`: how long the embedded default takes to start, as `fundchain`
/// with no arguments starts it (without the terminal): the first run (demo keys, consortium
/// CA and node certificates created, four validators started) and a restart that resumes the
/// chains from disk, each until all four validators serve and then until each has committed a
/// further block. The start's CPU time (user and system, all threads) is printed beside its
/// wall time, which on a loaded machine mostly measures waiting for a core.
struct EmbeddedBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embedded",
        abstract: "Time the embedded default's start: first run and restart, until the four validators serve and commit.")

    @Option(name: .long, help: "Demo directory (default: a fresh temporary one, removed afterwards). An existing demo is resumed.")
    var dir: String?
    @Option(name: .long, help: "Restarts after the first start.")
    var restarts = 2

    /// The longest wait for the validators to commit a block.
    static let commitWaitSecondsMax = 120

    func run() async throws {
        guard (0...20).contains(restarts) else { throw ValidationError("--restarts must be 0...20") }
        let directory = dir.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-bench-embedded-\(UUID().uuidString)")
        defer { if dir == nil { try? FileManager.default.removeItem(at: directory) } }
        var logger = Logger(label: "fundchain.bench")
        logger.logLevel = .error
        var figures: [String] = []
        for round in 0...restarts {
            let isFirstRun = !FileManager.default.fileExists(atPath: directory.appendingPathComponent(DemoConsortium.genesisFileName).path)
            let label = isFirstRun ? "first-run" : "restart-\(round)"
            let started = ContinuousClock.now
            let cpuStartUs = BenchCPU.processMicroseconds()
            let running = try await EmbeddedDefault.start(directory: directory, language: .english, logger: logger)
            let serving = ContinuousClock.now - started
            let servingCPUMs = (BenchCPU.processMicroseconds() - cpuStartUs) / 1000
            let heights = await running.consortium.validators.asyncMap { await $0.node.chainTip.height }
            let committed = try await Self.waitForCommit(running.consortium, after: heights.max() ?? 0)
            let stopping = ContinuousClock.now
            await running.consortium.stop()
            running.lock.release()
            let stopped = ContinuousClock.now - stopping
            print("\(label.padding(toLength: 10, withPad: " ", startingAt: 0))  height \(heights.max() ?? 0)  serving \(Self.ms(serving)) ms"
                  + " (CPU \(servingCPUMs) ms)  committed \(Self.ms(committed - started)) ms  stop \(Self.ms(stopped)) ms")
            figures.append("{\"run\":\"\(label)\",\"height\":\(heights.max() ?? 0),\"servingMs\":\(Self.ms(serving)),\"servingCPUMs\":\(servingCPUMs),"
                           + "\"committedMs\":\(Self.ms(committed - started)),\"stopMs\":\(Self.ms(stopped))}")
        }
        print("{\"bench\":\"embedded\",\"validators\":4,\"runs\":[\(figures.joined(separator: ","))]}")
    }

    /// Waits (bounded) until every validator has committed a block above `height`; returns when.
    static func waitForCommit(_ consortium: EmbeddedConsortium, after height: Int64) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + .seconds(commitWaitSecondsMax)
        while ContinuousClock.now < deadline {
            let heights = await consortium.validators.asyncMap { await $0.node.chainTip.height }
            if heights.allSatisfy({ $0 > height }) { return ContinuousClock.now }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CommandFailure("the validators committed no block within \(commitWaitSecondsMax) s")
    }

    static func ms(_ duration: Duration) -> Int64 {
        Int64((duration.seconds * 1000).rounded(.down))
    }
}

extension Array {
    /// The elements mapped one after another by an async function.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        results.reserveCapacity(count)
        for element in self { results.append(try await transform(element)) }
        return results
    }
}

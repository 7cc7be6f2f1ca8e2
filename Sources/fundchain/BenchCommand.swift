import ArgumentParser
import EmbeddedNode
import Foundation
import Glibc
import LedgerClient
import Workflow

/// `fundchain bench`: benchmarks that print figures.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks that print figures (see BENCHMARKS.md).",
        subcommands: [WorkflowBenchCommand.self, VerifyBenchCommand.self, PressureBenchCommand.self, EmbeddedBenchCommand.self,
                      ReconcileBenchCommand.self, AnchorsBenchCommand.self, TUIBenchCommand.self, CatchupBenchCommand.self])
}

/// `fundchain bench workflow`: fund-flow execution cost per command, without chain or crypto.
struct WorkflowBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Execute a whole-lifecycle workload in process and report commands/s, CPU µs per command and snapshot cost.")

    @Option(name: .long, help: "Projects in the workload (23 commands each).")
    var projects = 2000

    func run() throws {
        guard (1...1_000_000).contains(projects) else { throw ValidationError("--projects must be 1...1000000") }
        let workload = WorkflowWorkload(projectCount: projects, organisations: DemoConsortium.organisations)
        var state = try WorkflowState(organisations: workload.organisations, settings: DemoConsortium.settings)
        var refused = 0
        let cpuStart = BenchCPU.processMicroseconds()
        let wallStart = ContinuousClock.now
        for entry in workload.entries {
            switch entry {
            case .command(let actor, let provenance, let command):
                if case .failure = state.apply(command, by: actor, at: provenance) { refused += 1 }
            case .endBlock(let provenance):
                _ = state.endBlock(at: provenance)
            }
        }
        let wall = ContinuousClock.now - wallStart
        let cpu = BenchCPU.processMicroseconds() - cpuStart
        let snapshotStart = ContinuousClock.now
        let snapshot = state.canonicalBytes
        let hash = SHA256Digest.hex(snapshot)
        let snapshotTime = ContinuousClock.now - snapshotStart
        let commands = workload.commandCount
        let seconds = wall.seconds
        let snapshotMs = snapshotTime.seconds * 1000
        print("projects             \(projects)")
        print("commands             \(commands) (refused \(refused))")
        print("wall                 \(String(format: "%.3f", seconds)) s")
        print("throughput           \(String(format: "%.0f", Double(commands) / seconds)) commands/s")
        print("cpu per command      \(String(format: "%.1f", Double(cpu) / Double(commands))) µs")
        print("snapshot             \(snapshot.count) bytes (\(snapshot.count / max(1, commands)) bytes/command)")
        print("snapshot+sha256      \(String(format: "%.1f", snapshotMs)) ms")
        print("state-sha256         \(hash)")
        print("{\"bench\":\"workflow\",\"projects\":\(projects),\"commands\":\(commands),\"refused\":\(refused),\"commandsPerSecond\":\(Int(Double(commands) / seconds)),\"cpuMicrosecondsPerCommand\":\(String(format: "%.1f", Double(cpu) / Double(commands))),\"snapshotBytes\":\(snapshot.count),\"snapshotMilliseconds\":\(String(format: "%.1f", snapshotMs))}")
        if refused > 0 { throw ExitCode(1) }
    }
}

/// `fundchain bench verify`: signature verifications per second on one core, for each path,
/// measured in the same run (the figures behind the default suite's choice of verifier).
struct VerifyBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Signature verifications per second per core: P-256 (OpenSSL, swift-crypto) and SM2.")

    @Option(name: .long, help: "Seconds to measure each path.")
    var seconds = 3.0

    func run() throws {
        let paths: [(String, any CryptoSuite, CryptoSuiteID)] = [
            ("p256-openssl", P256SHA256Suite(verifier: .openSSL), .p256SHA256),
            ("p256-swift-crypto", P256SHA256Suite(verifier: .swiftCrypto), .p256SHA256),
            ("sm2-openssl", SM2SM3Suite(), .sm2SM3),
        ]
        var figures: [(String, Int)] = []
        for (name, suite, suiteID) in paths {
            let perSecond = try Self.verifiesPerSecond(suite: suite, suiteID: suiteID, seconds: seconds)
            figures.append((name, perSecond))
            print("\(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(perSecond) verifies/s (1 core)")
        }
        let json = figures.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
        print("{\"bench\":\"verify\",\"seconds\":\(seconds),\(json)}")
    }

    /// Verifications per second on this thread of one signature of a 32-byte message with
    /// `suite`, over `seconds`.
    static func verifiesPerSecond(suite: any CryptoSuite, suiteID: CryptoSuiteID, seconds: Double) throws -> Int {
        let key = try SigningKey(generating: suiteID)
        let message = Array(SHA256Digest.hash(Array(suiteID.rawValue.utf8)))
        let signature = try key.sign(message)
        precondition(suite.verify(signature: signature, of: message, by: key.publicKey), "\(suiteID) does not verify its own signature")
        let start = ContinuousClock.now
        var count = 0
        while ContinuousClock.now - start < .milliseconds(Int64(seconds * 1000)) {
            for _ in 0..<100 where suite.verify(signature: signature, of: message, by: key.publicKey) { count += 1 }
        }
        return Int(Double(count) / (ContinuousClock.now - start).seconds)
    }
}

import Foundation
@testable import EmbeddedNode
import Testing

extension ConsensusTests {
    /// Whole-cluster runs from seeds: 200 heights each under drops, duplicates, reordering,
    /// healing partitions, crashes that lose unsynced votes, and a Byzantine primary. The
    /// simulator checks agreement, certificates and scores after every step; the test checks
    /// that the faults really happened. `CBFT_SIM_SEED` replays one seed.
    @Suite struct ConsensusSimulatorTests {
        static func seeds(_ defaults: [UInt64]) -> [UInt64] {
            if let text = ProcessInfo.processInfo.environment["CBFT_SIM_SEED"], let seed = UInt64(text) { return [seed] }
            return defaults
        }

        static func run(seed: UInt64, settings: SimulationSettings) async throws -> SimulationCounters {
            var simulator = try ConsensusSimulator(seed: seed, settings: settings)
            let started = ContinuousClock.now
            await simulator.run { await Task.yield() }
            let elapsed = ContinuousClock.now - started
            print("CBFT simulation seed \(seed) n=\(settings.validatorCount) heights=\(simulator.honestHeightMin) "
                  + "elapsed=\(elapsed) \(simulator.counters)")
            #expect(simulator.violations.isEmpty, "seed \(seed) (replay with CBFT_SIM_SEED=\(seed)): \(simulator.violations)")
            return simulator.counters
        }

        @Test(arguments: seeds([11, 12, 13]))
        func fourValidatorsWithASilentPrimary(seed: UInt64) async throws {
            let counters = try await Self.run(seed: seed, settings: SimulationSettings())
            #expect(counters.messagesDropped > 0 && counters.messagesDuplicated > 0 && counters.partitions > 0)
            #expect(counters.crashes > 0 && counters.silentProposals > 0 && counters.core.viewTimeouts > 0)
            // Crashes that lose writes are rare per run; ConsensusSimulatorCoverageTests asserts them
            // over each slice of 50 seeds.
            #expect(counters.core.preparedCertificatesCarried > 0)
        }

        @Test(arguments: seeds([21, 22]))
        func fourValidatorsWithAnEquivocatingPrimary(seed: UInt64) async throws {
            var settings = SimulationSettings()
            settings.byzantine = [.equivocatingPrimary]
            let counters = try await Self.run(seed: seed, settings: settings)
            #expect(counters.equivocationsMade > 0 && counters.core.equivocationsSeen > 0)
            #expect(counters.crashes > 0 && counters.messagesDropped > 0)
        }

        @Test(arguments: seeds([31, 32]))
        func sevenValidatorsWithTwoByzantine(seed: UInt64) async throws {
            var settings = SimulationSettings()
            settings.validatorCount = 7
            settings.byzantine = [.silentPrimary, .equivocatingPrimary]
            let counters = try await Self.run(seed: seed, settings: settings)
            #expect(counters.crashes > 0 && counters.core.viewTimeouts > 0 && counters.partitions > 0)
            #expect(counters.equivocationsMade > 0 && counters.silentProposals > 0 && counters.core.preparedCertificatesCarried > 0)
        }
    }
}

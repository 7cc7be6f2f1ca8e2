@testable import EmbeddedNode
import Testing

extension ConsensusTests {
    /// The CI sweep: 200 seeds at n = 4 and 200 seeds at n = 7, each run 200 heights under the
    /// default fault rates and client load with f Byzantine validators whose behaviours rotate
    /// with the seed (censoring and framing primaries among them).
    /// Every run must end without a violation (its seed is printed for replay with
    /// `fundchain simulate --seed N --validators N`), and each slice of seeds must show that the
    /// faults really happened. Seeds are split into slices so the two test threads share them.
    @Suite struct ConsensusSimulatorCoverageTests {
        static let seedsPerSize: UInt64 = 200
        static let slices: UInt64 = 4

        /// The seeds of slice `slice` (0-based) of `seedsPerSize`.
        static func seeds(slice: UInt64) -> ClosedRange<UInt64> {
            let size = seedsPerSize / slices
            return (slice * size + 1)...((slice + 1) * size)
        }

        /// Runs every seed of `seeds` at `validatorCount`; returns the summed counters.
        static func sweep(validatorCount: Int, seeds: ClosedRange<UInt64>) async throws -> SimulationCounters {
            var totals = SimulationCounters()
            var settings = SimulationSettings()
            settings.validatorCount = validatorCount
            for seed in seeds {
                settings.byzantine = SimulationSettings.mixedByzantine(count: (validatorCount - 1) / 3, seed: seed)
                var simulator = try ConsensusSimulator(seed: seed, settings: settings)
                await simulator.run(yieldEvery: 200) { await Task.yield() }
                let replay = "fundchain simulate --seed \(seed) --validators \(validatorCount)"
                #expect(simulator.violations.isEmpty, "seed \(seed) n=\(validatorCount) (replay: \(replay)): \(simulator.violations)")
                #expect(simulator.honestHeightMin >= 200, "seed \(seed) n=\(validatorCount)")
                totals.addAll(simulator.counters)
            }
            print("CBFT sweep n=\(validatorCount) seeds \(seeds): \(totals)")
            return totals
        }

        static func expectFaultsHappened(_ totals: SimulationCounters) {
            #expect(totals.core.viewTimeouts > 0, "view changes")
            #expect(totals.core.preparedCertificatesCarried > 0, "prepared certificates carried")
            #expect(totals.core.equivocationsSeen > 0, "equivocations seen")
            #expect(totals.crashesWithLostWrites > 0, "crashes with lost writes")
            #expect(totals.skewedClocks > 0, "skewed clocks")
            #expect(totals.clients.committed == totals.clients.submitted && totals.clients.committed > 0, "client transactions")
            #expect(totals.clients.committedWithinDeadline > 0, "liveness deadlines checked")
            #expect(totals.clients.framingAttempts > 0 && totals.clients.censoredBlocks > 0, "framing and censoring primaries")
            #expect(totals.clients.censorsCharged > 0, "a censoring primary charged")
        }

        @Test(arguments: 0..<slices)
        func fourValidators(slice: UInt64) async throws {
            Self.expectFaultsHappened(try await Self.sweep(validatorCount: 4, seeds: Self.seeds(slice: slice)))
        }

        @Test(arguments: 0..<slices)
        func sevenValidators(slice: UInt64) async throws {
            Self.expectFaultsHappened(try await Self.sweep(validatorCount: 7, seeds: Self.seeds(slice: slice)))
        }
    }
}

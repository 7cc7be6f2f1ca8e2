import Foundation
@testable import EmbeddedNode
import Testing

extension ConsensusTests {
    /// Proof that the simulator's checks have teeth: each deliberately broken variant of the
    /// core (test-only `ConsensusFaultInjection`) runs over seeds 1, 2, ... until a check
    /// reports a violation, which must happen within 200 seeds. The catching seed and the
    /// violation are printed; `CBFT_SIM_SEED` is not used here (the search is the point).
    @Suite struct ConsensusFaultInjectionTests {
        static let seedsMax: UInt64 = 200

        /// The first seed (and its first violation) at which `settings` with `fault` fails.
        static func firstCatchingSeed(_ fault: ConsensusFaultInjection, _ name: String,
                                      settings base: SimulationSettings) async throws -> (seed: UInt64, violation: String)? {
            var settings = base
            settings.faultInjection = fault
            for seed in 1...seedsMax {
                var simulator = try ConsensusSimulator(seed: seed, settings: settings)
                await simulator.run(yieldEvery: 200) { await Task.yield() }
                // A stall is not proof of a broken rule; only safety checks count here.
                if let violation = simulator.violations.first(where: { !$0.hasPrefix("liveness") }) {
                    print("CBFT broken variant \(name): caught at seed \(seed) after \(simulator.honestHeightMin) heights: \(violation)")
                    return (seed, violation)
                }
                await Task.yield()
            }
            print("CBFT broken variant \(name): not caught in \(seedsMax) seeds")
            return nil
        }

        static var shortRun: SimulationSettings {
            var settings = SimulationSettings()
            settings.heightsTarget = 60
            return settings
        }

        /// The control: the unbroken core under the same settings (harsh faults, or an
        /// equivocating primary) shows no safety violation, so the catches above are the bugs.
        @Test func theCorrectCoreIsNotCaughtUnderTheSameSettings() async throws {
            var equivocating = Self.shortRun
            equivocating.byzantine = [.equivocatingPrimary]
            for settings in [Self.harshRun, equivocating] {
                for seed in UInt64(1)...20 {
                    var simulator = try ConsensusSimulator(seed: seed, settings: settings)
                    await simulator.run(yieldEvery: 200) { await Task.yield() }
                    let safety = simulator.violations.filter { !$0.hasPrefix("liveness") }
                    #expect(safety.isEmpty, "seed \(seed): \(safety)")
                }
            }
        }

        @Test func quorumOfTwoFIsCaught() async throws {
            var settings = Self.shortRun
            settings.byzantine = [.equivocatingPrimary]
            let caught = try await Self.firstCatchingSeed(.quorumOfTwoF, "quorum of 2f", settings: settings)
            #expect(caught != nil)
            // Without the certificate-size check, agreement itself must break.
            settings.checksCertificateQuorum = false
            let disagreed = try await Self.firstCatchingSeed(.quorumOfTwoF, "quorum of 2f (agreement check only)", settings: settings)
            #expect(disagreed.map { $0.violation.contains("different blocks") } ?? false, "\(String(describing: disagreed))")
        }

        /// Heavier faults: a block must commit somewhere while the commits to the others are
        /// lost and the committer is cut off, so a view change really has to carry it.
        static var harshRun: SimulationSettings {
            var settings = shortRun
            settings.dropPerMille = 150
            settings.partitionPerMillePerTick = 10
            settings.crashPerMillePerTick = 10
            return settings
        }

        @Test func droppingThePreparedCertificateAtViewChangeIsCaught() async throws {
            let caught = try await Self.firstCatchingSeed(.preparedCertificateDroppedAtViewChange, "prepared certificate dropped",
                                                          settings: Self.harshRun)
            #expect(caught != nil)
        }

        @Test func sendingAVoteBeforeItIsPersistedIsCaught() async throws {
            let caught = try await Self.firstCatchingSeed(.voteSentBeforePersisted, "vote sent before persisted",
                                                          settings: Self.shortRun)
            #expect(caught != nil)
        }

        @Test func scoresFromALocalViewAreCaught() async throws {
            let caught = try await Self.firstCatchingSeed(.scoresFromLocalView, "scores from local view", settings: Self.shortRun)
            #expect(caught != nil)
        }

        /// A charge on one attestation lets a framing primary's false attestations alone charge
        /// the honest primary before it; the control is `ConsensusClientsTests`.
        @Test func aCensorshipChargeOnOneAttestationIsCaught() async throws {
            var settings = Self.shortRun
            settings.byzantine = [.framingPrimary]
            let caught = try await Self.firstCatchingSeed(.censorshipChargeWithOneAttester, "censorship charge on one attestation",
                                                          settings: settings)
            #expect(caught.map { $0.violation.contains("censorship charge") } ?? false, "\(String(describing: caught))")
        }
    }
}

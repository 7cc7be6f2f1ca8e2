@testable import EmbeddedNode
import Testing

extension ConsensusTests {
    /// Each Byzantine behaviour alone at n = 4 under the default faults: no violation, and the
    /// behaviour really happened and was noticed by the honest cores.
    @Suite struct ConsensusByzantineTests {
        static func run(_ behaviour: ByzantineBehaviour, seeds: ClosedRange<UInt64> = 1...3) async throws -> SimulationCounters {
            var settings = SimulationSettings()
            settings.heightsTarget = 100
            settings.byzantine = [behaviour]
            var totals = SimulationCounters()
            for seed in seeds {
                var simulator = try ConsensusSimulator(seed: seed, settings: settings)
                await simulator.run(yieldEvery: 200) { await Task.yield() }
                #expect(simulator.violations.isEmpty, "\(behaviour) seed \(seed): \(simulator.violations)")
                totals.addAll(simulator.counters)
            }
            print("CBFT \(behaviour): \(totals)")
            return totals
        }

        @Test func invalidSignaturesAreRefused() async throws {
            let totals = try await Self.run(.invalidSignatures)
            #expect(totals.invalidSignaturesSent > 0)
            #expect(totals.core.badSignaturesSeen > 0)
            #expect(totals.core.viewTimeouts > 0, "its proposals never count, so its views fail")
        }

        @Test func viewChangeSpamMovesNobodyAlone() async throws {
            let totals = try await Self.run(.viewChangeSpam)
            #expect(totals.viewChangeSpamSent > 0)
            #expect(totals.core.messagesRejected > 0, "views beyond the window are refused")
        }

        @Test func conflictingVotesAreSeenAsEquivocation() async throws {
            let totals = try await Self.run(.conflictingVotes)
            #expect(totals.conflictingVotesSent > 0)
            #expect(totals.core.equivocationsSeen > 0)
        }

        /// A scripted check of the spam rule: honest replicas receiving only the spammer's view
        /// changes stay in view 0 and still commit.
        @Test func aSpammerAloneLeavesHonestReplicasInTheirView() async throws {
            var settings = SimulationSettings.stableNetwork
            settings.heightsTarget = 30
            settings.byzantine = [.viewChangeSpam]
            var simulator = try ConsensusSimulator(seed: 5, settings: settings)
            await simulator.run(yieldEvery: 200) { await Task.yield() }
            #expect(simulator.violations.isEmpty, "\(simulator.violations)")
            #expect(simulator.counters.viewChangeSpamSent > 0)
            #expect(simulator.counters.core.viewsJoined == 0, "one peer alone moved an honest replica")
        }
    }
}

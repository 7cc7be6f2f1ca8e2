@testable import EmbeddedNode
import Testing

extension ConsensusTests {
    /// The derived bound on how often a validator that fails every view it leads becomes
    /// primary (docs/CBFT.md), checked by hand for the defaults and by simulation.
    @Suite struct MisbehavingPrimaryBoundTests {
        @Test func theDefaultsReachTheFloorAfterSeventeenFailedLeads() {
            // S_s = 1, S_f = 0, c = 4, floor = 0.01: S_k = (3/4)^k, and (3/4)^16 = 0.01002 > 0.01 > (3/4)^17.
            let bound = MisbehavingPrimaryBound(settings: CreditScoreSettings(), validatorCount: 4, misbehavingCount: 1)
            #expect(bound.leadsToFloor == 17)
            #expect(bound.scoreMin == 10_000)
            // q = 0.01 / (0.01 + 3 * 1.0); one misbehaving validator: q / (1 - q).
            #expect(abs(bound.drawProbabilityMax - 0.01 / 3.01) < 1e-12)
            #expect(abs(bound.frequencyMax - (0.01 / 3.01) / (1 - 0.01 / 3.01)) < 1e-12)
        }

        @Test func aHigherFailureScoreOrLongerMemoryLoosensTheBound() {
            let base = MisbehavingPrimaryBound(settings: CreditScoreSettings(), validatorCount: 7, misbehavingCount: 2)
            let gentle = MisbehavingPrimaryBound(settings: CreditScoreSettings(failureScore: 200_000), validatorCount: 7, misbehavingCount: 2)
            let slow = MisbehavingPrimaryBound(settings: CreditScoreSettings(smoothingCount: 10), validatorCount: 7, misbehavingCount: 2)
            #expect(gentle.scoreMin > 200_000 - 10 && gentle.frequencyMax > base.frequencyMax)
            #expect(slow.leadsToFloor > base.leadsToFloor && slow.scoreMin == base.scoreMin)
        }

        /// Silent primaries (they fail every view they lead) in a stable network over 1,000
        /// heights: each leads no more often than the bound allows (its expectation plus four
        /// standard deviations of the binomial part), and at least once.
        @Test(arguments: [(4, UInt64(1)), (7, UInt64(2))])
        func simulatedSilentPrimariesLeadWithinTheBound(validatorCount: Int, seed: UInt64) async throws {
            var settings = SimulationSettings.stableNetwork
            settings.validatorCount = validatorCount
            settings.heightsTarget = 1_000
            let misbehaving = (validatorCount - 1) / 3
            settings.byzantine = Array(repeating: .silentPrimary, count: misbehaving)
            var simulator = try ConsensusSimulator(seed: seed, settings: settings)
            await simulator.run(yieldEvery: 200) { await Task.yield() }
            #expect(simulator.violations.isEmpty, "\(simulator.violations)")
            let bound = MisbehavingPrimaryBound(settings: CreditScoreSettings(), validatorCount: validatorCount,
                                                misbehavingCount: misbehaving)
            let heights = simulator.honestHeightMin
            let slack = 4 * (Double(heights) * bound.frequencyMax).squareRoot() + 1
            for id in simulator.validatorIDs.prefix(misbehaving) {
                let led = simulator.leadership(of: id).led
                print("CBFT bound n=\(validatorCount) \(id): led \(led) of \(heights) heights; "
                      + "bound \(bound.expectedLeadsMax(heights: heights)) (+\(slack))")
                #expect(led >= 1)
                #expect(Double(led) <= bound.expectedLeadsMax(heights: heights) + slack, "seed \(seed) \(id)")
            }
        }

        @Test func aCensorSettlesBetweenThreeSeventhsAndFourSevenths() {
            // S* = ((c-1) S_s + c S_f) / (2c-1) = 3/7 and S' = ((c-1) S* + S_s) / c = 4/7, to within the rounding down.
            let bound = CensoringPrimaryBound(settings: CreditScoreSettings(), validatorCount: 4, misbehavingCount: 1)
            #expect(abs(bound.scoreAfterCharge - 428_571) <= 2)
            #expect(abs(bound.scoreAfterLead - 571_428) <= 2)
            // One censor among four: q(S') = (4/7) / (4/7 + 3) = 4/25; q(S*) = (3/7) / (3/7 + 3) = 1/8.
            #expect(abs(bound.frequencyMax - 0.16) < 1e-5)
            #expect(abs(bound.frequencyAfterCharge - 0.125) < 1e-5)
            #expect(bound.pairsToSettle > 0 && bound.pairsToSettle < 40)
            let seven = CensoringPrimaryBound(settings: CreditScoreSettings(), validatorCount: 7, misbehavingCount: 2)
            #expect(abs(seven.frequencyMax - 0.571_428 / (0.571_428 + 5)) < 1e-5)
        }

        /// Censoring primaries under the bound's premise (`SimulationSettings.censoringPrimaryBound`)
        /// over 600 heights: the premise held (nine in ten of their chargeable leads were charged,
        /// so the charges really happened), and each led no more often than the bound allows (its
        /// expectation plus four standard deviations of the binomial part).
        @Test(arguments: [(4, UInt64(1)), (7, UInt64(2))])
        func simulatedCensoringPrimariesLeadWithinTheBound(validatorCount: Int, seed: UInt64) async throws {
            let misbehaving = (validatorCount - 1) / 3
            var settings = SimulationSettings.censoringPrimaryBound(validatorCount: validatorCount, count: misbehaving)
            settings.heightsTarget = 600
            var simulator = try ConsensusSimulator(seed: seed, settings: settings)
            await simulator.run(yieldEvery: 200) { await Task.yield() }
            #expect(simulator.violations.isEmpty, "\(simulator.violations)")
            let bound = CensoringPrimaryBound(settings: CreditScoreSettings(), validatorCount: validatorCount,
                                              misbehavingCount: misbehaving)
            let heights = simulator.honestHeightMin
            let slack = 4 * (Double(heights) * bound.frequencyMax).squareRoot() + 1
            for id in simulator.validatorIDs.prefix(misbehaving) {
                let led = simulator.leadership(of: id).led
                let record = simulator.censorshipRecord(of: id)
                print("CBFT censoring bound n=\(validatorCount) \(id): led \(led) of \(heights) heights, \(record.chargeableLeads) "
                      + "chargeable, charged \(record.charged); bound \(bound.expectedLeadsMax(heights: heights)) (+\(slack))")
                #expect(record.charged >= 1 && 10 * record.charged >= 9 * record.chargeableLeads, "the premise: seed \(seed) \(id)")
                #expect(Double(led) <= bound.expectedLeadsMax(heights: heights) + slack, "seed \(seed) \(id)")
            }
        }
    }
}

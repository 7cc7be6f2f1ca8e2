import EmbeddedNode

extension SimulateCommand {
    /// `--primary-bound`: f silent primaries on a stable network; prints how often each led
    /// against `MisbehavingPrimaryBound` (docs/CBFT.md), in total and once its score sat at
    /// the floor. Exits with status 1 on a violation or a total above the bound's expectation
    /// plus four standard deviations.
    func measurePrimaryBound(seeds: [UInt64]) async throws {
        let misbehaving = (validators - 1) / 3
        var settings = SimulationSettings.stableNetwork
        settings.validatorCount = validators
        settings.heightsTarget = heights
        settings.ticksMax = max(settings.ticksMax, Int(heights) * 1_000)
        settings.byzantine = Array(repeating: .silentPrimary, count: misbehaving)
        let bound = MisbehavingPrimaryBound(settings: CreditScoreSettings(), validatorCount: validators, misbehavingCount: misbehaving)
        var ledTotal = 0
        var ledAtFloor = 0
        var heightsAtFloor = 0
        var validatorHeights: Int64 = 0
        var failures: [String] = []
        for seed in seeds {
            var simulator = try ConsensusSimulator(seed: seed, settings: settings)
            await simulator.run { await Task.yield() }
            let reached = simulator.honestHeightMin
            for id in simulator.validatorIDs.prefix(misbehaving) {
                let all = simulator.leadership(of: id)
                let atFloor = simulator.leadership(of: id, scoreMax: bound.scoreMin)
                ledTotal += all.led
                ledAtFloor += atFloor.led
                heightsAtFloor += atFloor.heights
                validatorHeights += reached
                print("seed \(seed) n=\(validators) \(id): led \(all.led) of \(reached) heights, "
                      + "\(atFloor.led) of the \(atFloor.heights) at the floor")
            }
            failures += simulator.violations.map { "seed \(seed): \($0)" }
        }
        let runs = Double(seeds.count * misbehaving)
        let expectedMax = runs * Double(bound.leadsToFloor) + Double(validatorHeights) * bound.frequencyMax
        let slack = 4 * (Double(validatorHeights) * bound.frequencyMax).squareRoot() + 1
        print("bound: S_s=\(CreditScoreSettings().successScore) S_f=\(CreditScoreSettings().failureScore) "
              + "c=\(CreditScoreSettings().smoothingCount) floor=\(CreditScoreSettings().floorScore) (scale 1000000)")
        print("bound: leads to floor \(bound.leadsToFloor), score at floor \(bound.scoreMin), "
              + "frequency at floor <= \(bound.frequencyMax)")
        print("measured: \(ledTotal) leads in \(validatorHeights) validator-heights (expected at most \(expectedMax))")
        print("measured at floor: \(ledAtFloor) leads in \(heightsAtFloor) validator-heights, frequency "
              + "\(Double(ledAtFloor) / Double(max(heightsAtFloor, 1))) (bound \(bound.frequencyMax))")
        for failure in failures { print("violation: \(failure)") }
        print("violations: \(failures.count)")
        guard failures.isEmpty, Double(ledTotal) <= expectedMax + slack else {
            throw CommandFailure("the measured leads exceed the bound or a run broke a rule")
        }
    }
}

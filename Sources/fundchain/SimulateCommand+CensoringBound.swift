import EmbeddedNode
import Workflow

extension SimulateCommand {
    /// `--primary-bound --behaviour censoring`: f censoring primaries under the bound's premise
    /// (`SimulationSettings.censoringPrimaryBound`); prints, in Chinese and English, how often
    /// they led against `CensoringPrimaryBound` (docs/CBFT.md) and how many of their chargeable
    /// leads were charged (the premise). Exits with status 1 on a violation, leads above the
    /// bound's expectation plus four standard deviations, or a premise that failed (fewer than
    /// nine in ten chargeable leads charged).
    func measureCensoringPrimaryBound(seeds: [UInt64]) async throws {
        let misbehaving = (validators - 1) / 3
        var settings = SimulationSettings.censoringPrimaryBound(validatorCount: validators, count: misbehaving)
        settings.heightsTarget = heights
        settings.ticksMax = max(settings.ticksMax, Int(heights) * 1_000)
        let scores = CreditScoreSettings()
        let bound = CensoringPrimaryBound(settings: scores, validatorCount: validators, misbehavingCount: misbehaving)
        var led = 0
        var chargeable = 0
        var charged = 0
        var validatorHeights: Int64 = 0
        var failures: [String] = []
        for seed in seeds {
            var simulator = try ConsensusSimulator(seed: seed, settings: settings)
            await simulator.run { await Task.yield() }
            let reached = simulator.honestHeightMin
            for id in simulator.validatorIDs.prefix(misbehaving) {
                let leads = simulator.leadership(of: id).led
                let record = simulator.censorshipRecord(of: id)
                led += leads
                chargeable += record.chargeableLeads
                charged += record.charged
                validatorHeights += reached
                print(Bilingual("种子 \(seed) n=\(validators) \(id)：\(reached) 个高度中任主节点 \(leads) 次，可追责 \(record.chargeableLeads) 次，被扣分 \(record.charged) 次",
                                "seed \(seed) n=\(validators) \(id): led \(leads) of \(reached) heights, \(record.chargeableLeads) chargeable, charged \(record.charged)")(languageOptions.language))
            }
            failures += simulator.violations.map { "seed \(seed): \($0)" }
        }
        let runs = Double(seeds.count * misbehaving)
        let expectedMax = runs * Double(bound.pairsToSettle) + Double(validatorHeights) * bound.frequencyMax
        let slack = 4 * (Double(validatorHeights) * bound.frequencyMax).squareRoot() + 1
        let frequency = Double(led) / Double(max(validatorHeights, 1))
        let scale = Double(CreditScoreSettings.scale)
        let premiseHeld = charged >= 1 && 10 * charged >= 9 * chargeable
        for line in [
            Bilingual("界限：S_s=\(Double(scores.successScore) / scale) S_f=\(Double(scores.failureScore) / scale) c=\(scores.smoothingCount) 下限=\(Double(scores.floorScore) / scale)",
                      "bound: S_s=\(Double(scores.successScore) / scale) S_f=\(Double(scores.failureScore) / scale) c=\(scores.smoothingCount) floor=\(Double(scores.floorScore) / scale)"),
            Bilingual("界限：扣分后 S*=\(Double(bound.scoreAfterCharge) / scale)，任主节点后 S'=\(Double(bound.scoreAfterLead) / scale)，每高度频率 <= \(bound.frequencyMax)",
                      "bound: after a charge S*=\(Double(bound.scoreAfterCharge) / scale), after a lead S'=\(Double(bound.scoreAfterLead) / scale), frequency per height <= \(bound.frequencyMax)"),
            Bilingual("实测：\(seeds.count) 次运行，\(validatorHeights) 个验证者高度中任主节点 \(led) 次（期望至多 \(expectedMax)），频率 \(frequency)（界限 \(bound.frequencyMax)）",
                      "measured: \(seeds.count) runs, \(led) leads in \(validatorHeights) validator-heights (expected at most \(expectedMax)), frequency \(frequency) (bound \(bound.frequencyMax))"),
            Bilingual("前提：可追责 \(chargeable) 次，被扣分 \(charged) 次", "premise: \(chargeable) chargeable leads, \(charged) charged"),
        ] {
            print(line(languageOptions.language))
        }
        for failure in failures { print("violation: \(failure)") }
        print("violations: \(failures.count)")
        guard failures.isEmpty, premiseHeld, Double(led) <= expectedMax + slack else {
            throw CommandFailure("the measured leads exceed the bound, the premise failed or a run broke a rule")
        }
    }
}

import ArgumentParser
import EmbeddedNode

/// `fundchain simulate`: runs the deterministic CBFT cluster simulator (one thread, seeded
/// network, crashes and Byzantine primaries, safety checks after every step). `--seed N`
/// replays one run; `--runs K` runs seeds 1...K (or from `--first-seed`) and prints each run's
/// counters and the total `violations:`; any violation exits with status 1 naming its seed.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the CBFT consensus simulator from seeds and report counters and violations.")

    @Option(name: .long, help: "Replay exactly this seed.")
    var seed: UInt64?

    @Option(name: .long, help: "How many seeds to run (ignored with --seed).")
    var runs: Int = 1

    @Option(name: .long, help: "The first seed of --runs.")
    var firstSeed: UInt64 = 1

    @Option(name: .long, help: "Validators n = 3f+1 (4 to 31); f of them are Byzantine primaries.")
    var validators: Int = 4

    @Option(name: .long, help: "Heights every honest replica must commit.")
    var heights: Int64 = 200

    @Flag(name: .long, help: "Measure how often f misbehaving primaries lead on a stable network, against the derived bound.")
    var primaryBound = false

    @Option(name: .long, help: "With --primary-bound: silent (fails every view it leads) or censoring (censors every block it packs).")
    var behaviour: PrimaryBoundBehaviour = .silent

    @OptionGroup var languageOptions: LanguageOptions

    func validate() throws {
        guard (4...31).contains(validators) else { throw ValidationError("--validators must be 4...31") }
        guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be 1...100000") }
        guard (1...100_000).contains(heights) else { throw ValidationError("--heights must be 1...100000") }
        guard primaryBound || behaviour == .silent else { throw ValidationError("--behaviour needs --primary-bound") }
    }

    func run() async throws {
        let seeds: [UInt64] = seed.map { [$0] } ?? (0..<UInt64(runs)).map { firstSeed &+ $0 }
        if primaryBound {
            switch behaviour {
            case .silent: try await measurePrimaryBound(seeds: seeds)
            case .censoring: try await measureCensoringPrimaryBound(seeds: seeds)
            }
            return
        }
        var settings = SimulationSettings()
        settings.validatorCount = validators
        settings.heightsTarget = heights
        settings.ticksMax = max(settings.ticksMax, Int(heights) * 1_000)
        var failedSeeds: [UInt64] = []
        var totals = SimulationCounters()
        for seed in seeds {
            settings.byzantine = SimulationSettings.mixedByzantine(count: (validators - 1) / 3, seed: seed)
            var simulator = try ConsensusSimulator(seed: seed, settings: settings)
            await simulator.run { await Task.yield() }
            totals.addAll(simulator.counters)
            let byzantine = settings.byzantine.map { "\($0)" }.joined(separator: ",")
            print("seed \(seed) n=\(validators) heights=\(simulator.honestHeightMin) byzantine=\(byzantine) \(simulator.counters)")
            for violation in simulator.violations { print("violation: \(violation)") }
            if !simulator.violations.isEmpty { failedSeeds.append(seed) }
        }
        print("runs: \(seeds.count) validators: \(validators) heights: \(heights)")
        print("total: \(totals)")
        print("clients: \(totals.clients)")
        print("violations: \(failedSeeds.count)")
        guard failedSeeds.isEmpty else {
            throw CommandFailure("violations at seeds \(failedSeeds.map(String.init).joined(separator: ", ")); "
                                 + "replay with fundchain simulate --seed N --validators \(validators) --heights \(heights)")
        }
    }
}

/// The misbehaviour `fundchain simulate --primary-bound` measures.
enum PrimaryBoundBehaviour: String, ExpressibleByArgument, CaseIterable {
    /// Fails every view it leads (`MisbehavingPrimaryBound`).
    case silent
    /// Censors every block it packs (`CensoringPrimaryBound`).
    case censoring
}

import Canonical

/// A fast stand-in signature: hash(validator id, 0, message). Binds signer and payload; the
/// simulator never forges another validator's signature.
struct StandInSigner: ConsensusSigner {
    let validatorID: String
    func sign(_ message: [UInt8]) -> [UInt8] { StandInSigner.signature(validatorID, message) }
    static func signature(_ validatorID: String, _ message: [UInt8]) -> [UInt8] {
        SHA256Digest.hash(Array(validatorID.utf8) + [0] + message)
    }
}

/// Verifies `StandInSigner` signatures.
struct StandInVerifier: ConsensusVerifier {
    func isValid(signature: [UInt8], of message: [UInt8], by validatorID: String) -> Bool {
        signature == StandInSigner.signature(validatorID, message)
    }
}

/// SplitMix64: the simulator's only source of randomness, so a run replays from its seed.
struct SimulationGenerator {
    private var state: UInt64

    /// A generator starting from `seed`.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// How a Byzantine replica misbehaves when it is primary.
public enum ByzantineBehaviour: Equatable, Sendable {
    /// Never sends its proposals.
    case silentPrimary
    /// Sends one block to half the peers and another to the rest.
    case equivocatingPrimary
}

/// Fault rates and sizes of one simulation.
public struct SimulationSettings {
    /// n = 3f+1.
    public var validatorCount = 4
    /// Heights every honest replica must commit.
    public var heightsTarget: Int64 = 200
    /// The tick budget; not reaching the target within it is a liveness violation.
    public var ticksMax = 200_000
    /// The first validators (sorted order) misbehave like this; at most f of them.
    public var byzantine: [ByzantineBehaviour] = [.silentPrimary]
    var dropPerMille: UInt64 = 40
    var duplicatePerMille: UInt64 = 30
    var networkDelayTicksMax: UInt64 = 4
    var diskDelayTicksMax: UInt64 = 2
    var crashPerMillePerTick: UInt64 = 3
    var downTicksMax: UInt64 = 60
    var partitionPerMillePerTick: UInt64 = 2
    var partitionTicksMax: UInt64 = 120
    var decidedBlocksPerRequestMax: Int64 = 16
    /// Real signatures of this suite (fresh keys per run); nil: the fast stand-in. Real ECDSA
    /// signatures are randomised, so block bytes differ between replays of one seed, but the
    /// schedule of faults and decisions does not depend on them.
    var cryptoSuite: CryptoSuiteID?
    /// A deliberately broken core variant (tests of the checks only); none by default.
    var faultInjection: ConsensusFaultInjection = []
    /// Test-only: whether certificates must have 2f+1 signers. Turned off only to show that
    /// the agreement check alone also catches a core that decides with 2f.
    var checksCertificateQuorum = true

    /// Defaults: n = 4, 200 heights, one silent primary, the fault rates above.
    public init() {}

    /// `count` Byzantine validators alternating silent and equivocating primaries.
    public static func mixedByzantine(count: Int) -> [ByzantineBehaviour] {
        (0..<count).map { $0 % 2 == 0 ? .silentPrimary : .equivocatingPrimary }
    }
}

/// Fault and progress counters printed after a run.
public struct SimulationCounters: CustomStringConvertible, Sendable {
    var ticks = 0
    var messagesSent = 0
    var messagesDropped = 0
    var messagesDuplicated = 0
    var partitions = 0
    var partitionDrops = 0
    var crashes = 0
    var crashesWithLostWrites = 0
    var equivocationsMade = 0
    var silentProposals = 0
    var core = ConsensusCounters()

    /// Zero counters.
    public init() {}

    /// One line of `name=value` pairs.
    public var description: String {
        "ticks=\(ticks) sent=\(messagesSent) dropped=\(messagesDropped) duplicated=\(messagesDuplicated) "
            + "partitions=\(partitions) partitionDrops=\(partitionDrops) crashes=\(crashes) "
            + "crashesWithLostWrites=\(crashesWithLostWrites) equivocationsMade=\(equivocationsMade) "
            + "silentProposals=\(silentProposals) viewTimeouts=\(core.viewTimeouts) viewsJoined=\(core.viewsJoined) "
            + "preparedCertificatesCarried=\(core.preparedCertificatesCarried) equivocationsSeen=\(core.equivocationsSeen) "
            + "decidedBlocksApplied=\(core.decidedBlocksApplied) messagesRejected=\(core.messagesRejected)"
    }

    /// Adds another run's counters (for a total over runs).
    public mutating func addAll(_ other: SimulationCounters) {
        ticks += other.ticks
        messagesSent += other.messagesSent
        messagesDropped += other.messagesDropped
        messagesDuplicated += other.messagesDuplicated
        partitions += other.partitions
        partitionDrops += other.partitionDrops
        crashes += other.crashes
        crashesWithLostWrites += other.crashesWithLostWrites
        equivocationsMade += other.equivocationsMade
        silentProposals += other.silentProposals
        add(other.core)
    }

    mutating func add(_ other: ConsensusCounters) {
        core.viewTimeouts += other.viewTimeouts
        core.viewsJoined += other.viewsJoined
        core.preparedCertificatesCarried += other.preparedCertificatesCarried
        core.equivocationsSeen += other.equivocationsSeen
        core.messagesRejected += other.messagesRejected
        core.decidedBlocksApplied += other.decidedBlocksApplied
    }
}

/// One replica: its core (nil while crashed) and what survives a crash.
struct SimulatedReplica {
    let validatorID: String
    let byzantine: ByzantineBehaviour?
    var core: ConsensusCore?
    var durableHardState: ConsensusHardState?
    var committed: [(block: Block, certificate: CommitCertificate, scores: CreditScoreTable)] = []
    var diskEpoch = 0
    var diskBusyUntilTick = 0
    var writesInFlight = 0
    var restartAtTick = 0
    /// What this replica sent signed at heights it has not left: (height, kind, view, block).
    var signedMessages: [(height: Int64, kind: SignedRecord.Kind, view: Int64, blockHash: [UInt8])] = []
}

/// A scheduled event.
enum SimulatedEvent {
    case deliver(to: Int, from: Int, ConsensusMessage)
    case persisted(replica: Int, sequence: UInt64, state: ConsensusHardState, epoch: Int)
    case batchReady(replica: Int, Block, epoch: Int)
}

/// A VOPR-style deterministic simulation of a CBFT cluster on one thread: a seed drives the
/// network (delay, drop, duplicate, reorder, healing partitions), crashes that lose unsynced
/// hard state, and Byzantine primaries. After every step it checks that honest replicas never
/// commit different blocks at a height, that every certificate has 2f+1 valid distinct signers,
/// and that honest replicas hold the same scores after each height.
public struct ConsensusSimulator {
    /// The seed that replays this run.
    public let seed: UInt64
    let settings: SimulationSettings
    var generator: SimulationGenerator
    var configuration: ConsensusConfiguration
    var initialScores: CreditScoreTable
    var replicas: [SimulatedReplica] = []
    var queue: [(tick: Int, order: Int, event: SimulatedEvent)] = []
    var eventOrder = 0
    var tick = 0
    var partitionSide: [Bool]?
    var partitionEndsAtTick = 0
    var committedHashes: [[UInt8]] = []
    var committedScoreHashes: [[UInt8]] = []
    /// Every broken rule found, each naming the seed.
    public internal(set) var violations: [String] = []
    /// What happened in the run.
    public internal(set) var counters = SimulationCounters()
    /// Each replica's signer, by index.
    var signers: [any ConsensusSigner] = []
    /// Verifies every replica's signatures.
    var verifier: any ConsensusVerifier = StandInVerifier()

    /// A cluster from `seed`; `started` false leaves the replicas built but not started (for
    /// scripted tests).
    public init(seed: UInt64, settings: SimulationSettings, started: Bool = true) throws {
        self.seed = seed
        self.settings = settings
        generator = SimulationGenerator(seed: seed)
        let ids = (0..<settings.validatorCount).map { "validator-\($0)" }
        let scoreSettings = CreditScoreSettings()
        configuration = ConsensusConfiguration(chainID: "sim-chain", genesisHash: SHA256Digest.hash(Array("sim-genesis".utf8)),
                                               validatorIDs: ids, scoreSettings: scoreSettings, hash: { SHA256Digest.hash($0) })
        configuration.faultInjection = settings.faultInjection
        initialScores = try CreditScoreTable(validatorIDs: ids, settings: scoreSettings)
        try makeSigners()
        for (index, id) in configuration.validatorIDs.enumerated() {
            let byzantine = index < settings.byzantine.count ? settings.byzantine[index] : nil
            replicas.append(SimulatedReplica(validatorID: id, byzantine: byzantine))
        }
        for index in replicas.indices {
            if started {
                restart(index)
            } else {
                replicas[index].core = ConsensusCore(configuration: configuration, signer: signers[index],
                                                     verifier: verifier, tip: tip(of: index))
            }
        }
    }

    var faultsTolerated: Int { configuration.faultsTolerated }

    /// Stand-in signers, or fresh keys of `settings.cryptoSuite` and a verifier over them.
    mutating func makeSigners() throws {
        let ids = configuration.validatorIDs
        guard let suiteID = settings.cryptoSuite else {
            signers = ids.map { StandInSigner(validatorID: $0) }
            return
        }
        let suite = CryptoSuites.suite(suiteID)
        var publicKeys: [String: PublicKey] = [:]
        for id in ids {
            let key = try suite.generatePrivateKey()
            publicKeys[id] = key.publicKey
            signers.append(SigningKeyConsensusSigner(validatorID: id, key: key))
        }
        verifier = SuiteConsensusVerifier(suite: suite, publicKeys: publicKeys)
    }

    func tip(of index: Int) -> ChainTip {
        guard let last = replicas[index].committed.last else {
            return ChainTip(height: 0, blockHash: configuration.genesisHash, certificate: nil, scores: initialScores)
        }
        return ChainTip(height: last.block.header.height, blockHash: last.certificate.blockHash,
                        certificate: last.certificate, scores: last.scores)
    }

    /// The lowest committed height among honest replicas.
    public var honestHeightMin: Int64 {
        replicas.filter { $0.byzantine == nil }.map { Int64($0.committed.count) }.min() ?? 0
    }

    mutating func random(_ upperBound: UInt64) -> UInt64 { upperBound == 0 ? 0 : generator.next() % upperBound }
    mutating func chance(perMille: UInt64) -> Bool { random(1000) < perMille }

    mutating func schedule(_ event: SimulatedEvent, atTick: Int) {
        eventOrder += 1
        let entry = (tick: atTick, order: eventOrder, event: event)
        let index = queue.firstIndex { ($0.tick, $0.order) > (atTick, eventOrder) } ?? queue.endIndex
        queue.insert(entry, at: index)
    }

    /// Runs until every honest replica reached the target height or the tick budget ran out.
    public mutating func run(yieldEvery: Int = 500, yield: () async -> Void) async {
        while honestHeightMin < settings.heightsTarget && tick < settings.ticksMax && violations.isEmpty {
            tick += 1
            injectFaults()
            while let first = queue.first, first.tick <= tick {
                queue.removeFirst()
                handle(first.event)
            }
            for index in replicas.indices where replicas[index].core != nil {
                step(index, .tick)
            }
            if tick % yieldEvery == 0 { await yield() }
        }
        counters.ticks = tick
        for replica in replicas { if let core = replica.core { counters.add(core.counters) } }
        if honestHeightMin < settings.heightsTarget && violations.isEmpty {
            violations.append("liveness: honest replicas reached only height \(honestHeightMin) in \(tick) ticks")
        }
    }
}

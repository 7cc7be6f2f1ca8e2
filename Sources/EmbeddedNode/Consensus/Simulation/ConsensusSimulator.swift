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
public enum ByzantineBehaviour: Equatable, Sendable, CaseIterable {
    /// Never sends its proposals.
    case silentPrimary
    /// Sends one block to half the peers and another to the rest.
    case equivocatingPrimary
    /// Every message it sends carries a corrupted signature.
    case invalidSignatures
    /// Floods its peers with validly signed view changes to views ahead and far ahead.
    case viewChangeSpam
    /// Sends each prepare and commit for its block to half the peers and for another block to
    /// the rest.
    case conflictingVotes
    /// Never packs the censored clients' transactions (`SimulatedClientSettings`).
    case censoringPrimary
    /// Packs back-dated transactions of a colluding client that only it holds (and every other
    /// block a forged one), and attests to every transaction, to get the previous primary charged.
    case framingPrimary
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
    /// Each replica's clock is off by up to this much either way (drawn again at each restart);
    /// the cores' timestamp tolerance is set to twice it plus the network delay.
    var clockSkewMsMax: UInt64 = 300
    /// Real signatures of this suite (fresh keys per run); nil: the fast stand-in. Real ECDSA
    /// signatures are randomised, so block bytes differ between replays of one seed, but the
    /// schedule of faults and decisions does not depend on them.
    var cryptoSuite: CryptoSuiteID?
    /// A deliberately broken core variant (tests of the checks only); none by default.
    var faultInjection: ConsensusFaultInjection = []
    /// Test-only: whether certificates must have 2f+1 signers. Turned off only to show that
    /// the agreement check alone also catches a core that decides with 2f.
    var checksCertificateQuorum = true
    /// Seeds divisible by this run a validator-set change (a spare validator joins, then an
    /// original one leaves; see `planValidatorSetChanges`); 0: none.
    public var validatorSetChangeEverySeeds: UInt64 = 3
    /// Simulated clients and the block size.
    public var clients = SimulatedClientSettings()
    /// Ticks a primary waits between asking for a batch and packing it (like the node's batch
    /// timeout); 0: it packs at once and the block is ready the next tick.
    var batchDelayTicks = 0
    /// The cores' view timeout of view 0, in ticks.
    var viewTimeoutBaseTicks: Int64 = 20

    /// Defaults: n = 4, 200 heights, one silent primary, the fault rates above.
    public init() {}

    /// The default settings with a stable network: no drops, duplicates, partitions or crashes
    /// (clocks still skewed), so every honest primary commits in its view.
    public static var stableNetwork: SimulationSettings {
        var settings = SimulationSettings()
        settings.dropPerMille = 0
        settings.duplicatePerMille = 0
        settings.partitionPerMillePerTick = 0
        settings.crashPerMillePerTick = 0
        settings.validatorSetChangeEverySeeds = 0
        return settings
    }

    /// The premise of the censoring-primary bound (docs/CBFT.md): `count` censors on a stable
    /// network with exact clocks (so the censorship grace is 11 ticks), primaries that pack 25
    /// ticks after a height starts, and censored clients that keep transactions waiting at
    /// every height in blocks that always have room; a censor's lead is then charged two
    /// heights later unless a censor leads the next height too.
    public static func censoringPrimaryBound(validatorCount: Int, count: Int) -> SimulationSettings {
        var settings = SimulationSettings.stableNetwork
        settings.validatorCount = validatorCount
        settings.byzantine = Array(repeating: .censoringPrimary, count: count)
        settings.clockSkewMsMax = 0
        settings.batchDelayTicks = 25
        settings.viewTimeoutBaseTicks = 60
        settings.clients.transactionPerMillePerTick = 300
        settings.clients.burstPerMillePerTick = 0
        settings.clients.forgedPerMillePerTick = 0
        settings.clients.transactionsPerBlockMax = 64
        return settings
    }

    /// `count` Byzantine validators cycling through every behaviour, starting at one that
    /// depends on `seed`, so a series of seeds exercises each behaviour at every n.
    public static func mixedByzantine(count: Int, seed: UInt64) -> [ByzantineBehaviour] {
        let all = ByzantineBehaviour.allCases
        return (0..<count).map { all[Int((seed &+ UInt64($0)) % UInt64(all.count))] }
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
    var skewedClocks = 0
    var invalidSignaturesSent = 0
    var viewChangeSpamSent = 0
    var conflictingVotesSent = 0
    /// Validator-set changes replicas learned (each replica, each change, each restart).
    public internal(set) var validatorSetChangesLearned = 0
    var core = ConsensusCounters()
    /// Clients and the censorship indicator.
    public internal(set) var clients = SimulationClientCounters()

    /// Zero counters.
    public init() {}

    /// One line of `name=value` pairs.
    public var description: String {
        "ticks=\(ticks) sent=\(messagesSent) dropped=\(messagesDropped) duplicated=\(messagesDuplicated) "
            + "partitions=\(partitions) partitionDrops=\(partitionDrops) crashes=\(crashes) "
            + "crashesWithLostWrites=\(crashesWithLostWrites) skewedClocks=\(skewedClocks) equivocationsMade=\(equivocationsMade) "
            + "silentProposals=\(silentProposals) invalidSignaturesSent=\(invalidSignaturesSent) "
            + "viewChangeSpamSent=\(viewChangeSpamSent) conflictingVotesSent=\(conflictingVotesSent) "
            + "validatorSetChangesLearned=\(validatorSetChangesLearned) "
            + "viewTimeouts=\(core.viewTimeouts) viewsJoined=\(core.viewsJoined) "
            + "preparedCertificatesCarried=\(core.preparedCertificatesCarried) equivocationsSeen=\(core.equivocationsSeen) "
            + "decidedBlocksApplied=\(core.decidedBlocksApplied) messagesRejected=\(core.messagesRejected) "
            + "badSignaturesSeen=\(core.badSignaturesSeen) \(clients)"
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
        skewedClocks += other.skewedClocks
        invalidSignaturesSent += other.invalidSignaturesSent
        viewChangeSpamSent += other.viewChangeSpamSent
        conflictingVotesSent += other.conflictingVotesSent
        validatorSetChangesLearned += other.validatorSetChangesLearned
        clients.add(other.clients)
        add(other.core)
    }

    mutating func add(_ other: ConsensusCounters) {
        core.viewTimeouts += other.viewTimeouts
        core.viewsJoined += other.viewsJoined
        core.preparedCertificatesCarried += other.preparedCertificatesCarried
        core.equivocationsSeen += other.equivocationsSeen
        core.messagesRejected += other.messagesRejected
        core.decidedBlocksApplied += other.decidedBlocksApplied
        core.badSignaturesSeen += other.badSignaturesSeen
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
    /// How far this replica's clock is off the simulated true time.
    var clockSkewMs: Int64 = 0
    /// What this replica sent signed at heights it has not left: (height, kind, view, block).
    var signedMessages: [(height: Int64, kind: SignedRecord.Kind, view: Int64, blockHash: [UInt8])] = []
    /// When it last asked for committed blocks while outside the set in force.
    var lastCatchUpTick = -1_000
    /// Client transactions waiting, with first-seen times (survives crashes).
    var mempool = SimulatedMempool()
    /// Whether it runs (false from a crash to its restart). Kept beside `core` so the per-tick
    /// and per-message checks do not copy the core out of the array (a debug build copies it).
    var isUp = false
}

/// A scheduled event.
enum SimulatedEvent {
    case deliver(to: Int, from: Int, ConsensusMessage)
    case persisted(replica: Int, sequence: UInt64, state: ConsensusHardState, epoch: Int)
    case batchReady(replica: Int, Block, epoch: Int)
    /// A primary's paced batch is due: it packs it now (`SimulationSettings.batchDelayTicks`).
    case batchDue(replica: Int, ProposalTemplate, epoch: Int)
    case clientTransaction(replica: Int, Transaction)
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
    /// Each replica's index by validator identifier (built once the replicas are; never changes).
    var replicaIndexByID: [String: Int] = [:]
    /// Scheduled events by tick, each tick's in the order they were scheduled.
    var queue: [Int: [SimulatedEvent]] = [:]
    var tick = 0
    var partitionSide: [Bool]?
    var partitionEndsAtTick = 0
    var committedHashes: [[UInt8]] = []
    var committedScoreHashes: [[UInt8]] = []
    /// Per height, the last certificate that passed `certificateProblem` (to skip rechecking it).
    var lastCertificateChecked: [CommitCertificate] = []
    /// Every broken rule found, each naming the seed.
    public internal(set) var violations: [String] = []
    /// What happened in the run.
    public internal(set) var counters = SimulationCounters()
    /// Each replica's signer, by index.
    var signers: [any ConsensusSigner] = []
    /// Verifies every replica's signatures.
    var verifier: any ConsensusVerifier = StandInVerifier()
    /// Each replica's consensus public key as validator sets list it, by index.
    var signingKeys: [[UInt8]] = []
    /// The genesis validator set.
    var initialValidatorSet: ValidatorSet
    /// This run's validator-set changes (empty unless the seed selects them).
    var setChanges: [SimulatedSetChange] = []
    /// Client transactions and the liveness queue.
    var clients = SimulatedClients()

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
        configuration.viewTimeoutBaseTicks = settings.viewTimeoutBaseTicks
        configuration.timestampToleranceMs = Int64(2 * settings.clockSkewMsMax + (settings.networkDelayTicksMax + 2) * Self.msPerTick)
        configuration.transactionsPerBlockMax = settings.clients.transactionsPerBlockMax
        configuration.censorshipGraceMs = Self.censorshipGraceMs(settings, timestampToleranceMs: configuration.timestampToleranceMs)
        configuration.proposalValidator = SimulatedTransactionValidator(transactionsPerBlockMax: settings.clients.transactionsPerBlockMax)
        initialScores = try CreditScoreTable(validatorIDs: ids, settings: scoreSettings)
        // The stand-in keys until `makeSigners` made the real ones (with real crypto).
        initialValidatorSet = ValidatorSet(members: ids.map { ValidatorMember(validatorID: $0, signingKey: Array($0.utf8)) })
        try makeSigners()
        for (index, id) in configuration.validatorIDs.enumerated() {
            let byzantine = index < settings.byzantine.count ? settings.byzantine[index] : nil
            replicas.append(SimulatedReplica(validatorID: id, byzantine: byzantine))
        }
        initialValidatorSet = ValidatorSet(members: replicas.indices.map { member($0) })
        try planValidatorSetChanges()
        replicaIndexByID = Dictionary(uniqueKeysWithValues: replicas.indices.map { (replicas[$0].validatorID, $0) })
        for index in replicas.indices {
            if started {
                restart(index)
            } else {
                replicas[index].isUp = true
                replicas[index].core = ConsensusCore(configuration: configuration, signer: signers[index],
                                                     verifier: verifier, tip: tip(of: index))
            }
        }
    }

    var faultsTolerated: Int { configuration.faultsTolerated }

    /// The index of the replica `validatorID`, if the simulation has it.
    func replicaIndex(_ validatorID: String) -> Int? { replicaIndexByID[validatorID] }

    /// How the replica `validatorID` misbehaves; nil for an honest one (or one not simulated).
    func behaviour(of validatorID: String) -> ByzantineBehaviour? { replicaIndex(validatorID).flatMap { replicas[$0].byzantine } }

    /// Simulated milliseconds per tick.
    static let msPerTick: UInt64 = 10
    /// The true time at tick 0 (UTC ms), and the genesis block's timestamp.
    static let epochMs: Int64 = 1_700_000_000_000

    /// What replica `index`'s clock reads now.
    func clockMs(_ index: Int) -> Int64 { Self.epochMs + Int64(tick) * Int64(Self.msPerTick) + replicas[index].clockSkewMs }

    /// Stand-in signers, or fresh keys of `settings.cryptoSuite` and a verifier over them.
    mutating func makeSigners() throws {
        let ids = configuration.validatorIDs
        guard let suiteID = settings.cryptoSuite else {
            signers = ids.map { StandInSigner(validatorID: $0) }
            signingKeys = ids.map { Array($0.utf8) }
            return
        }
        let suite = CryptoSuites.suite(suiteID)
        var publicKeys: [String: PublicKey] = [:]
        for id in ids {
            let key = try suite.generatePrivateKey()
            publicKeys[id] = key.publicKey
            signingKeys.append(key.publicKey.rawBytes)
            signers.append(SigningKeyConsensusSigner(validatorID: id, key: key))
        }
        verifier = SuiteConsensusVerifier(suite: suite, publicKeys: publicKeys)
    }

    func tip(of index: Int) -> ChainTip {
        guard let last = replicas[index].committed.last else {
            return ChainTip(height: 0, blockHash: configuration.genesisHash, certificate: nil, scores: initialScores,
                            timestampMs: Self.epochMs, validators: validatorSet(atHeight: 1), tipValidators: initialValidatorSet)
        }
        let height = last.block.header.height
        return ChainTip(height: height, blockHash: last.certificate.blockHash,
                        certificate: last.certificate, scores: last.scores, timestampMs: last.block.header.timestampMs,
                        validators: validatorSet(atHeight: height + 1), tipValidators: validatorSet(atHeight: height),
                        censorshipWindow: censorshipWindow(of: index, below: height + 1))
    }

    /// The validators' identifiers, sorted (the Byzantine ones first).
    public var validatorIDs: [String] { configuration.validatorIDs }

    /// Over heights 1...`honestHeightMin` of the first honest replica's chain, those at which
    /// `validatorID`'s score in force was at most `scoreMax`, and how many of them it led (was
    /// the proposer, or a failed-view primary recorded in the block).
    public func leadership(of validatorID: String, scoreMax: Int64 = .max) -> (heights: Int, led: Int) {
        guard let honest = replicas.first(where: { $0.byzantine == nil }) else { return (0, 0) }
        var heights = 0
        var led = 0
        var inForce = initialScores
        for entry in honest.committed.prefix(Int(honestHeightMin)) {
            let header = entry.block.header
            if let score = inForce.score(of: validatorID), score <= scoreMax {
                heights += 1
                if header.proposerID == validatorID || header.failedViewPrimaries.contains(validatorID) { led += 1 }
            }
            inForce = entry.scores
        }
        return (heights, led)
    }

    /// Over the first honest replica's chain: the heights `validatorID` proposed whose next block
    /// another validator proposed and is followed by a committed block (so the censorship
    /// indicator could charge it), and the charges it took.
    public func censorshipRecord(of validatorID: String) -> (chargeableLeads: Int, charged: Int) {
        guard let honest = replicas.firstIndex(where: { $0.byzantine == nil }) else { return (0, 0) }
        let committed = replicas[honest].committed.prefix(Int(honestHeightMin))
        var chargeable = 0
        var charged = 0
        for (position, entry) in committed.enumerated() {
            let height = Int64(position + 1)
            if position + 2 < committed.count, entry.block.header.proposerID == validatorID,
               behaviour(of: committed[position + 1].block.header.proposerID) != .censoringPrimary {
                chargeable += 1
            }
            let window = censorshipWindow(of: honest, below: height)
            let primary = CensorshipIndicator.chargedPrimary(
                certificate: entry.block.header.previousCommitCertificate, window: window, attestersMin: faultsTolerated + 1,
                transactionsPerBlockMax: settings.clients.transactionsPerBlockMax)
            if primary == validatorID { charged += 1 }
        }
        return (chargeable, charged)
    }

    /// The lowest committed height among honest replicas (kept up to date by `recordCommit`).
    public internal(set) var honestHeightMin: Int64 = 0

    /// Recomputes `honestHeightMin` after a commit.
    mutating func updateHonestHeightMin() {
        var lowest: Int?
        for index in replicas.indices where replicas[index].byzantine == nil {
            lowest = min(lowest ?? .max, replicas[index].committed.count)
        }
        honestHeightMin = Int64(lowest ?? 0)
    }

    mutating func random(_ upperBound: UInt64) -> UInt64 { upperBound == 0 ? 0 : generator.next() % upperBound }
    mutating func chance(perMille: UInt64) -> Bool { random(1000) < perMille }

    mutating func schedule(_ event: SimulatedEvent, atTick: Int) {
        precondition(atTick >= tick, "events are scheduled now or later")
        queue[atTick, default: []].append(event)
    }

    /// Runs until every honest replica reached the target height or the tick budget ran out.
    public mutating func run(yieldEvery: Int = 500, yield: () async -> Void) async {
        // Clients stop submitting before the target; the run goes on until their transactions commit.
        while (honestHeightMin < settings.heightsTarget || clients.pendingHonest > 0) && tick < settings.ticksMax && violations.isEmpty {
            tick += 1
            injectFaults()
            // Events the previous tick's replica steps scheduled for that tick run first; handling
            // may schedule more for this tick, which run after the earlier ones.
            for dueTick in [tick - 1, tick] {
                var position = 0
                while let due = queue[dueTick], position < due.count {
                    position += 1
                    handle(due[position - 1])
                }
                queue[dueTick] = nil
            }
            for index in replicas.indices {
                step(index, .tick)  // a crashed replica (no core) is skipped by `step`
            }
            spamViewChanges()
            stepClients()
            if tick % yieldEvery == 0 { await yield() }
        }
        counters.ticks = tick
        for replica in replicas { if let core = replica.core { counters.add(core.counters) } }
        if honestHeightMin < settings.heightsTarget && violations.isEmpty {
            violations.append("liveness: honest replicas reached only height \(honestHeightMin) in \(tick) ticks")
        }
        if violations.isEmpty { checkEveryHonestTransactionCommitted() }
    }
}

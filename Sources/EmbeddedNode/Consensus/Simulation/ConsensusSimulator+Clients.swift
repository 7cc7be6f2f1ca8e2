import Canonical

/// How simulated clients load the cluster, and the censorship indicator's settings.
///
/// Premise: clients reach every validator (partitions are between validators only) within
/// `deliveryDelayTicksMax`; a validator that is down receives what it missed when it restarts,
/// before it resumes consensus, and its mempool survives its crashes. This is what makes the
/// indicator sound: an honest validator's attestation that it had a transaction `grace` before
/// block h-1's time implies that h-1's primary had it when it packed (docs/CBFT.md, "Censorship").
public struct SimulatedClientSettings: Sendable {
    /// Honest clients, "client-0"... ; the first `censoredClientCount` are the ones a censoring
    /// primary never packs.
    public var clientCount = 4
    /// How many of the clients a `.censoringPrimary` never packs.
    public var censoredClientCount = 2
    /// The chance per tick that one honest client submits a transaction (one every 40 ticks,
    /// under one per height: enough for the liveness and censorship checks, and a backlog
    /// drains within a few heights; more only slows the sweeps).
    public var transactionPerMillePerTick: UInt64 = 25
    /// The chance per tick that a client submits a burst (fills blocks, so full blocks happen).
    public var burstPerMillePerTick: UInt64 = 2
    /// Transactions in a burst.
    public var burstTransactions = 16
    /// The chance per tick that a forger sends every validator a transaction with a bad signature.
    public var forgedPerMillePerTick: UInt64 = 4
    /// The most ticks a client's transaction takes to reach a validator (at least 1).
    public var deliveryDelayTicksMax: UInt64 = 3
    /// The most transactions a block may carry.
    public var transactionsPerBlockMax = 8

    /// The defaults above.
    public init() {}
}

/// One transaction a client submitted, as the simulator tracks it.
struct SubmittedTransaction {
    /// The tick it was submitted.
    let submittedTick: Int
    /// Signed by an honest client (the checks cover it).
    let honest: Bool
    /// Submitted on a settled cluster with room in the next block (the liveness check applies
    /// if the cluster stays settled until its deadline).
    let stableAtSubmission: Bool
    /// The tick the first honest replica committed it.
    var committedTick: Int?
}

/// A replica's mempool: each transaction with the time it first saw it, by its own clock. It
/// survives crashes (see `SimulatedClientSettings`).
struct SimulatedMempool {
    /// First-seen time (the replica's clock, ms) of each waiting transaction.
    private(set) var firstSeenMs: [Transaction: Int64] = [:]
    /// Arrival order; may still list transactions since removed (skipped and compacted).
    private var arrivalOrder: [Transaction] = []
    /// Transactions this replica saw committed (never admitted again).
    private var committed: Set<Transaction> = []

    /// Admits `transaction` first seen at `nowMs`; a repeat or a committed one is ignored.
    mutating func admit(_ transaction: Transaction, nowMs: Int64) {
        guard firstSeenMs[transaction] == nil, !committed.contains(transaction) else { return }
        firstSeenMs[transaction] = nowMs
        arrivalOrder.append(transaction)
    }

    /// Forgets the transactions of a committed block.
    mutating func removeCommitted(_ transactions: [Transaction]) {
        for transaction in transactions {
            firstSeenMs[transaction] = nil
            committed.insert(transaction)
        }
        if arrivalOrder.count > 2 * firstSeenMs.count + 64 { arrivalOrder.removeAll { firstSeenMs[$0] == nil } }
    }

    /// Up to `limit` waiting transactions, oldest first, skipping those `excluded` refuses.
    func oldest(limit: Int, excluded: (Transaction) -> Bool = { _ in false }) -> [Transaction] {
        var chosen: [Transaction] = []
        for transaction in arrivalOrder where firstSeenMs[transaction] != nil && !excluded(transaction) {
            guard chosen.count < limit else { break }
            chosen.append(transaction)
        }
        return chosen
    }
}

/// Client-side state of a simulation: what was submitted, what committed, what waits for a
/// replica that is down, and the liveness queue.
struct SimulatedClients {
    var nonce: UInt64 = 0
    var submitted: [Transaction: SubmittedTransaction] = [:]
    /// Honest transactions in submission order, and the first not yet past its deadline.
    var livenessQueue: [Transaction] = []
    var livenessHead = 0
    /// Per replica, transactions sent while it was down (delivered when it restarts).
    var missed: [Int: [Transaction]] = [:]
    /// The last tick at which the cluster was unsettled (`isUnsettled`).
    var lastUnstableTick = 0
    /// The cluster has settled once every honest replica committed this height: two heights
    /// after the last unsettled tick, so the height in progress began on a settled cluster, in
    /// view 0, with no view timer left over from the faults.
    var settledFromHeight: Int64 = 0
    /// Honest transactions submitted and not committed yet.
    var pendingHonest = 0
}

/// Counters of the clients and the censorship indicator.
public struct SimulationClientCounters: CustomStringConvertible, Sendable {
    /// Transactions honest clients submitted.
    public var submitted = 0
    /// Of those, committed by the end of the run.
    public var committed = 0
    /// Of those, submitted on a stable network and committed within the liveness deadline.
    public var committedWithinDeadline = 0
    /// Transactions with a bad signature sent by the forger.
    public var forgedSubmitted = 0
    /// Blocks a Byzantine primary proposed with a forged transaction (honest replicas refuse them).
    public var forgedProposed = 0
    /// Blocks a censoring primary packed leaving out waiting transactions of censored clients.
    public var censoredBlocks = 0
    /// Blocks a framing primary packed with back-dated, held-back transactions.
    public var framingAttempts = 0
    /// Blocks whose commit charged the primary of two heights before with censorship.
    public var censorshipCharges = 0
    /// Of those, charges of a censoring primary.
    public var censorsCharged = 0
    /// Blocks packed full.
    public var fullBlocks = 0
    /// The longest submission-to-commit time among the transactions counted in
    /// `committedWithinDeadline`, in ticks.
    public var checkedLatencyTicksMax = 0

    /// Zero counters.
    public init() {}

    /// `name=value` pairs.
    public var description: String {
        "clientTransactions=\(submitted) clientTransactionsCommitted=\(committed) "
            + "committedWithinDeadline=\(committedWithinDeadline) forgedSubmitted=\(forgedSubmitted) "
            + "forgedProposed=\(forgedProposed) fullBlocks=\(fullBlocks) censoredBlocks=\(censoredBlocks) "
            + "framingAttempts=\(framingAttempts) censorshipCharges=\(censorshipCharges) censorsCharged=\(censorsCharged) "
            + "checkedLatencyTicksMax=\(checkedLatencyTicksMax)"
    }

    /// Adds another run's counters.
    public mutating func add(_ other: SimulationClientCounters) {
        submitted += other.submitted
        committed += other.committed
        committedWithinDeadline += other.committedWithinDeadline
        forgedSubmitted += other.forgedSubmitted
        forgedProposed += other.forgedProposed
        censoredBlocks += other.censoredBlocks
        framingAttempts += other.framingAttempts
        censorshipCharges += other.censorshipCharges
        censorsCharged += other.censorsCharged
        fullBlocks += other.fullBlocks
        checkedLatencyTicksMax = max(checkedLatencyTicksMax, other.checkedLatencyTicksMax)
    }
}

/// Checks a simulated block's transactions: at most the block size, the header's root, and
/// every client signature (the stand-in), so a forged transaction never prepares. Stateless,
/// as `ProposalValidator` requires.
struct SimulatedTransactionValidator: ProposalValidator {
    let transactionsPerBlockMax: Int

    func problem(with block: Block, parent: ChainTip) -> String? {
        guard block.transactions.count <= transactionsPerBlockMax else {
            return "\(block.transactions.count) transactions, at most \(transactionsPerBlockMax)"
        }
        guard block.header.transactionsRoot == ConsensusSimulator.transactionsRoot(block.transactions) else {
            return "transactions root"
        }
        if let forged = block.transactions.firstIndex(where: { !ConsensusSimulator.isClientSigned($0) }) {
            return "transaction \(forged) is not signed by its client"
        }
        return nil
    }
}

extension ConsensusSimulator {
    /// The stand-in signature of a client transaction: its sender's stand-in over the body.
    static func isClientSigned(_ transaction: Transaction) -> Bool {
        transaction.signature == StandInSigner.signature(transaction.body.senderID, transaction.body.canonicalBytes)
    }

    /// The Merkle root of a simulated block's transactions.
    static func transactionsRoot(_ transactions: [Transaction]) -> [UInt8] {
        MerkleTree.root(transactions.map(\.canonicalBytes), hash: { SHA256Digest.hash($0) })
    }

    /// How long before block h-1's time an attested transaction must have been seen: longer
    /// than a client's delivery delay, plus twice the clock skew, plus the timestamp tolerance
    /// (how far a block's time may run ahead of its packer's clock), plus two ticks.
    static func censorshipGraceMs(_ settings: SimulationSettings, timestampToleranceMs: Int64) -> Int64 {
        Int64(settings.clients.deliveryDelayTicksMax * msPerTick + 2 * settings.clockSkewMsMax + 2 * msPerTick) + timestampToleranceMs
    }

    /// The liveness deadline of an honest client's transaction on a settled cluster: f+2 view
    /// timeouts at the longest (capped) timeout, in ticks. Messages are still dropped on a
    /// settled cluster, so honest views fail too and the timeouts double; on a network without
    /// drops the simulator's runs stay within f+2 timeouts of views 0...f+1
    /// (`tightLivenessDeadlineTicks`; `SimulationClientCounters.checkedLatencyTicksMax`).
    var livenessDeadlineTicks: Int {
        (faultsTolerated + 2) * Int(configuration.viewTimeoutTicks(view: configuration.viewTimeoutDoublingsMax))
    }

    /// f+2 view timeouts of views 0...f+1 (each doubling), in ticks.
    public var tightLivenessDeadlineTicks: Int {
        Int((0...Int64(faultsTolerated + 1)).reduce(0) { $0 + configuration.viewTimeoutTicks(view: $1) })
    }

    /// The highest honest committed height if the cluster is unsettled now (a partition is in
    /// force, a replica is down, or an honest replica lags more than one height behind another,
    /// still catching up); nil when it is not.
    var unsettledHonestHeightMax: Int64? {
        var honestHeightMax: Int64 = 0
        var anyDown = false
        for index in replicas.indices {
            if replicas[index].byzantine == nil { honestHeightMax = max(honestHeightMax, Int64(replicas[index].committed.count)) }
            if !replicas[index].isUp { anyDown = true }
        }
        let unsettled = partitionSide != nil || anyDown || honestHeightMax > honestHeightMin + 1
        return unsettled ? honestHeightMax : nil
    }

    /// One tick of the clients: note instability, submit new transactions, check deadlines.
    mutating func stepClients() {
        if let honestHeightMax = unsettledHonestHeightMax {
            clients.lastUnstableTick = tick
            clients.settledFromHeight = honestHeightMax + 2
        }
        checkLivenessDeadlines()
        guard honestHeightMin < settings.heightsTarget else { return }  // then the run waits for the rest to commit
        let stable = honestHeightMin >= clients.settledFromHeight && clients.pendingHonest < settings.clients.transactionsPerBlockMax
        if chance(perMille: settings.clients.transactionPerMillePerTick) {
            submitHonest(client: Int(random(UInt64(settings.clients.clientCount))), stable: stable)
        }
        if chance(perMille: settings.clients.burstPerMillePerTick) {
            let client = Int(random(UInt64(settings.clients.clientCount)))
            for _ in 0..<settings.clients.burstTransactions { submitHonest(client: client, stable: stable) }
        }
        if chance(perMille: settings.clients.forgedPerMillePerTick) {
            let body = nextBody(senderID: "client-forger", timestampMs: trueTimeMs)
            let forged = Transaction(body: body, signature: SHA256Digest.hash(body.canonicalBytes))
            counters.clients.forgedSubmitted += 1
            clients.submitted[forged] = SubmittedTransaction(submittedTick: tick, honest: false, stableAtSubmission: false)
            deliverToEveryReplica(forged)
        }
    }

    /// The simulated true time (UTC ms).
    var trueTimeMs: Int64 { Self.epochMs + Int64(tick) * Int64(Self.msPerTick) }

    mutating func nextBody(senderID: String, timestampMs: Int64) -> TransactionBody {
        clients.nonce += 1
        return TransactionBody(chainID: configuration.chainID, senderID: senderID, nonce: clients.nonce, expiryHeight: .max,
                               timestampMs: timestampMs, payload: .pressureAdd)
    }

    /// A signed transaction of `senderID`.
    mutating func signedTransaction(senderID: String, timestampMs: Int64) -> Transaction {
        let body = nextBody(senderID: senderID, timestampMs: timestampMs)
        return Transaction(body: body, signature: StandInSigner.signature(senderID, body.canonicalBytes))
    }

    mutating func submitHonest(client: Int, stable: Bool) {
        let transaction = signedTransaction(senderID: "client-\(client)", timestampMs: trueTimeMs)
        counters.clients.submitted += 1
        clients.submitted[transaction] = SubmittedTransaction(submittedTick: tick, honest: true, stableAtSubmission: stable)
        clients.livenessQueue.append(transaction)
        clients.pendingHonest += 1
        deliverToEveryReplica(transaction)
    }

    mutating func deliverToEveryReplica(_ transaction: Transaction) {
        for index in replicas.indices {
            let delay = 1 + Int(random(max(1, settings.clients.deliveryDelayTicksMax)))
            schedule(.clientTransaction(replica: index, transaction), atTick: tick + delay)
        }
    }

    /// A client's transaction reaches a replica: admitted with its first-seen time (an honest
    /// replica refuses a bad signature; a down replica gets it when it restarts).
    mutating func admitClientTransaction(_ index: Int, _ transaction: Transaction) {
        guard replicas[index].isUp else {
            clients.missed[index, default: []].append(transaction)
            return
        }
        let acceptsForged = replicas[index].byzantine == .framingPrimary
        guard acceptsForged || Self.isClientSigned(transaction) else { return }
        replicas[index].mempool.admit(transaction, nowMs: clockMs(index))
    }

    /// Delivers what a restarting replica missed, before it resumes consensus.
    mutating func admitMissedTransactions(_ index: Int) {
        for transaction in clients.missed.removeValue(forKey: index) ?? [] { admitClientTransaction(index, transaction) }
    }

    /// The transactions replica `index` packs for `template`: the oldest waiting, up to the
    /// block size; a censoring primary leaves out the censored clients'; a framing primary
    /// first adds back-dated transactions of a colluding client that only it holds (and, every
    /// other block, a forged one).
    mutating func batch(_ index: Int, for template: ProposalTemplate) -> [Transaction] {
        let limit = settings.clients.transactionsPerBlockMax
        let mempool = replicas[index].mempool
        var transactions: [Transaction]
        switch replicas[index].byzantine {
        case .censoringPrimary:
            let censored = Set((0..<settings.clients.censoredClientCount).map { "client-\($0)" })
            transactions = mempool.oldest(limit: limit) { censored.contains($0.body.senderID) }
            if mempool.oldest(limit: limit).count > transactions.count { counters.clients.censoredBlocks += 1 }
        case .framingPrimary:
            let backDatedMs = clockMs(index) - 10 * configuration.censorshipGraceMs
            transactions = (0..<2).map { _ in signedTransaction(senderID: "client-colluding", timestampMs: backDatedMs) }
            for transaction in transactions { replicas[index].mempool.admit(transaction, nowMs: backDatedMs) }
            counters.clients.framingAttempts += 1
            transactions += mempool.oldest(limit: limit - transactions.count) { !Self.isClientSigned($0) }
            if template.height % 2 == 0, let forged = mempool.oldest(limit: 1, excluded: Self.isClientSigned).first,
               transactions.count < limit {
                transactions.append(forged)
                counters.clients.forgedProposed += 1
            }
        default:
            transactions = mempool.oldest(limit: limit)
        }
        if transactions.count == limit { counters.clients.fullBlocks += 1 }
        return transactions
    }

    /// Before a replica votes on a proposal's block, its driver supplies its attestation: the
    /// transactions it saw at least the grace before block h-1's time. A framing primary
    /// attests to every transaction.
    mutating func attest(_ index: Int, _ message: ConsensusMessage) {
        guard let core = replicas[index].core, let request = core.attestationRequest(for: message) else { return }
        let transactions = request.block.transactions
        let framing = replicas[index].byzantine == .framingPrimary
        let mempool = replicas[index].mempool
        let bitmap = CensorshipIndicator.bitmap(count: transactions.count) { position in
            framing || (mempool.firstSeenMs[transactions[position]] ?? .max) <= request.cutoffMs
        }
        step(index, .attestation(transactionsRoot: request.block.header.transactionsRoot, bitmap: bitmap))
    }

    /// At a height's first honest commit: every transaction is signed by its client; honest
    /// ones are marked committed; the censorship charge this block makes is counted, and a
    /// charge of an honest validator (read from the score tables, whatever rule the core used)
    /// is a violation.
    mutating func checkClientTransactions(_ index: Int, block: Block, scores: CreditScoreTable) {
        let height = block.header.height
        for (position, transaction) in block.transactions.enumerated() {
            guard Self.isClientSigned(transaction) else {
                violations.append("seed \(seed): height \(height) executes transaction \(position), not signed by its client")
                continue
            }
            guard var record = clients.submitted[transaction], record.committedTick == nil else { continue }
            record.committedTick = tick
            clients.submitted[transaction] = record
            if record.honest {
                counters.clients.committed += 1
                clients.pendingHonest -= 1
            }
        }
        let committed = replicas[index].committed
        let before = committed.count >= 2 ? committed[committed.count - 2].scores : initialScores
        var uncharged = before
        do {
            try uncharged.recordCommittedBlock(proposerID: block.header.proposerID, failedViewPrimaries: block.header.failedViewPrimaries,
                                               settings: configuration.scoreSettings)
        } catch {
            preconditionFailure("a certified block names only validators: \(error)")
        }
        // A validator joining at the next height enters at the initial score; one leaving leaves the table.
        uncharged = uncharged.following(validatorSet(atHeight: height + 1).validatorIDs, settings: configuration.scoreSettings)
        for (expected, actual) in zip(uncharged.entries, scores.entries) where expected != actual {
            if behaviour(of: actual.validatorID) == nil {
                violations.append("seed \(seed): height \(height) charges honest \(actual.validatorID) beyond the block's "
                                  + "recorded outcome (a censorship charge)")
            }
        }
        let window = censorshipWindow(of: index, below: height)
        let charged = CensorshipIndicator.chargedPrimary(
            certificate: block.header.previousCommitCertificate, window: window, attestersMin: faultsTolerated + 1,
            transactionsPerBlockMax: settings.clients.transactionsPerBlockMax)
        if let charged {
            counters.clients.censorshipCharges += 1
            if behaviour(of: charged) == .censoringPrimary { counters.clients.censorsCharged += 1 }
        }
    }

    /// The window over replica `index`'s blocks below `height`.
    func censorshipWindow(of index: Int, below height: Int64) -> CensorshipWindow {
        let committed = replicas[index].committed
        let tipHeight = Int(height) - 1
        guard tipHeight >= 1 else { return CensorshipWindow() }
        let tip = PackedBlockSummary(committed[tipHeight - 1].block)
        let parent = tipHeight >= 2 ? PackedBlockSummary(committed[tipHeight - 2].block) : nil
        return CensorshipWindow(tip: tip, parent: parent)
    }

    /// Honest transactions past their deadline: each submitted on a settled cluster with room in
    /// the next block (fewer honest transactions waiting than a block carries), which stayed
    /// settled until its deadline, must have committed by then.
    mutating func checkLivenessDeadlines() {
        let deadline = livenessDeadlineTicks
        while clients.livenessHead < clients.livenessQueue.count {
            let transaction = clients.livenessQueue[clients.livenessHead]
            guard let record = clients.submitted[transaction] else { preconditionFailure("queued transactions are tracked") }
            if let committedTick = record.committedTick {
                let latencyTicks = committedTick - record.submittedTick
                if record.stableAtSubmission, clients.lastUnstableTick < record.submittedTick, latencyTicks <= deadline {
                    counters.clients.committedWithinDeadline += 1
                    counters.clients.checkedLatencyTicksMax = max(counters.clients.checkedLatencyTicksMax, latencyTicks)
                }
            } else {
                guard tick - record.submittedTick > deadline else { return }
                if record.stableAtSubmission, clients.lastUnstableTick < record.submittedTick {
                    violations.append("liveness: seed \(seed): \(transaction.body.senderID)'s transaction submitted at tick "
                                      + "\(record.submittedTick) not committed within \(deadline) ticks on a stable network")
                }
            }
            clients.livenessHead += 1
        }
    }

    /// At the end of a run: every honest client's transaction committed.
    mutating func checkEveryHonestTransactionCommitted() {
        let pending = clients.submitted.values.filter { $0.honest && $0.committedTick == nil }
        guard let first = pending.min(by: { $0.submittedTick < $1.submittedTick }) else { return }
        violations.append("liveness: seed \(seed): \(pending.count) honest client transactions never committed (first submitted at tick "
                          + "\(first.submittedTick))")
    }
}

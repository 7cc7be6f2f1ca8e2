import Canonical

/// The CBFT consensus core of one replica: a value with no I/O (no clock, no randomness, no
/// storage, no network). Inputs go in through `step`; actions come out, to be performed in
/// order by a driver (NIO in production, the simulator in tests).
///
/// One height at a time, PBFT phases: the primary of (height, view) proposes; replicas that
/// accept it sign a prepare; 2f+1 prepares form a prepared certificate and a commit; 2f+1
/// commits decide the block. A view times out into a view change carrying the sender's highest
/// prepared certificate; the new primary's new-view is justified by 2f+1 view changes and must
/// re-propose the block of the highest certificate among them. Everything this node signs is
/// persisted (`.persist`) before it is sent, and the send only follows `.persisted`.
public struct ConsensusCore: Sendable {
    /// Fixed parameters.
    public let configuration: ConsensusConfiguration
    let signer: any ConsensusSigner
    let verifier: any ConsensusVerifier

    /// The newest committed block.
    public internal(set) var tip: ChainTip
    /// What must be durable before sending.
    public internal(set) var hardState: ConsensusHardState
    /// Counters of faults seen.
    public internal(set) var counters = ConsensusCounters()

    var ticksInView: Int64 = 0
    /// The latest `.clock` reading, nil before the first.
    var clockNowMs: Int64?
    var proposals: [(proposal: Proposal, blockHash: [UInt8])] = []
    var knownBlocks: [(block: Block, blockHash: [UInt8])] = []
    var votes: [SignedVote] = []
    /// The driver's censorship attestations at this height, by transactions root.
    var attestations: [(transactionsRoot: [UInt8], bitmap: [UInt8])] = []
    var viewChanges: [ViewChange] = []
    var primaryCache: [(view: Int64, primaryID: String)] = []
    var awaitingBatchForView: Int64?
    var persistSequence: UInt64 = 0
    var pendingSends: [(sequence: UInt64, message: ConsensusMessage, alreadySent: Bool)] = []
    var outbox: [ConsensusAction] = []
    /// Validator sets governance scheduled from a later height (see `.validatorSetScheduled`).
    var scheduledValidatorSets: [(fromHeight: Int64, validators: ValidatorSet)] = []

    /// Blocks kept per height (proposals and certificates seen), a bound against spam.
    static let knownBlocksMax = 64

    /// A core at `tip`, resuming from `restoring` if it is for the next height.
    public init(configuration: ConsensusConfiguration, signer: any ConsensusSigner, verifier: any ConsensusVerifier,
                tip: ChainTip, restoring: ConsensusHardState? = nil) {
        // With sets from chain state, a replica outside the set in force follows without voting.
        precondition(tip.validators != nil || configuration.validatorIDs.contains(signer.validatorID), "the signer is a validator")
        precondition(tip.scores.validatorIDs == (tip.validators?.validatorIDs ?? configuration.validatorIDs),
                     "scores cover exactly the validators in force")
        self.configuration = configuration
        self.signer = signer
        self.verifier = verifier
        self.tip = tip
        if let restoring, restoring.height == tip.height + 1 {
            hardState = restoring
        } else {
            hardState = ConsensusHardState(height: tip.height + 1)
        }
        if let certificate = hardState.preparedCertificate {
            knownBlocks.append((certificate.block, certificate.blockHash))
        }
    }

    /// This replica's validator identifier.
    public var validatorID: String { signer.validatorID }

    /// Feeds one input; returns the actions to perform, in order.
    public mutating func step(_ input: ConsensusInput) -> [ConsensusAction] {
        precondition(outbox.isEmpty, "actions are handed out at the end of every step")
        let heightBefore = hardState.height
        switch input {
        case .start: enterCurrentView()
        case .tick: onTick()
        case .clock(let nowMs): clockNowMs = nowMs
        case .message(let from, let message): onMessage(from: from, message)
        case .batchReady(let block): onBatchReady(block)
        case .persisted(let sequence): onPersisted(sequence)
        case .validatorSetScheduled(let fromHeight, let validators): onValidatorSetScheduled(fromHeight: fromHeight, validators: validators)
        case .attestation(let transactionsRoot, let bitmap): onAttestation(transactionsRoot: transactionsRoot, bitmap: bitmap)
        }
        precondition(hardState.height >= heightBefore, "heights only grow")
        let actions = outbox
        outbox = []
        return actions
    }

    // MARK: Views and timers

    /// Arms the timer of the current view and, if primary, starts proposing.
    mutating func enterCurrentView() {
        ticksInView = 0
        awaitingBatchForView = nil
        outbox.append(.armViewTimer(height: hardState.height, view: hardState.view,
                                    timeoutTicks: configuration.viewTimeoutTicks(view: hardState.view)))
        guard primary(view: hardState.view) == validatorID else { return }
        if hardState.view == 0 {
            requestBatch()
        } else {
            tryNewView(packedBlock: nil)
        }
    }

    mutating func onTick() {
        ticksInView += 1
        guard ticksInView >= configuration.viewTimeoutTicks(view: hardState.view) else { return }
        counters.viewTimeouts += 1
        moveToView(hardState.view + 1)
    }

    /// Leaves the current view for `view` and signs a view change to it.
    mutating func moveToView(_ view: Int64) {
        setView(view)
        let dropped = configuration.faultInjection.contains(.preparedCertificateDroppedAtViewChange)
        let prepared = dropped ? nil : hardState.preparedCertificate
        let payload = ViewChange.payload(chainID: configuration.chainID, height: hardState.height, newView: view,
                                         prepared: prepared.map { ($0.view, $0.blockHash) })
        let change = ViewChange(height: hardState.height, newView: view, preparedCertificate: prepared,
                                senderID: validatorID, signature: signer.sign(payload))
        signThenSend(.viewChange(change), record: SignedRecord(kind: .viewChange, view: view, blockHash: []))
        enterCurrentView()
    }

    /// Raises the view (never lowers it) and forgets records and votes that can no longer matter.
    mutating func setView(_ view: Int64) {
        precondition(view > hardState.view, "views only grow at one height")
        hardState.view = view
        hardState.signedRecords.removeAll { $0.view < view }
        let oldest = view - configuration.viewsBehindKeptMax
        votes.removeAll { $0.view < oldest }
    }

    /// The primary of `view` at the current height.
    mutating func primary(view: Int64) -> String {
        if let cached = primaryCache.first(where: { $0.view == view }) { return cached.primaryID }
        let explanation = PrimarySelection.explain(
            table: tip.scores, genesisHash: configuration.genesisHash, height: hardState.height, view: view,
            faultsTolerated: faultsTolerated, hash: configuration.hash)
        primaryCache.append((view, explanation.primaryID))
        return explanation.primaryID
    }

    /// Primaries of views 0..<view at the current height.
    func failedPrimaries(beforeView view: Int64) -> [String] {
        PrimarySelection.failedPrimaries(table: tip.scores, genesisHash: configuration.genesisHash, height: hardState.height,
                                         view: view, faultsTolerated: faultsTolerated, hash: configuration.hash)
    }

    // MARK: Persist, then send

    /// Records what is signed, asks for the hard state to be persisted, and holds the message
    /// until `.persisted` covers it.
    mutating func signThenSend(_ message: ConsensusMessage, record: SignedRecord) {
        guard isMember else { return }   // a replica outside the set in force signs nothing
        precondition(!hardState.signedRecords.contains { $0.kind == record.kind && $0.view == record.view },
                     "a replica signs at most one message of a kind per view")
        hardState.signedRecords.append(record)
        persistSequence += 1
        outbox.append(.persist(hardState, sequence: persistSequence))
        let sendEarly = configuration.faultInjection.contains(.voteSentBeforePersisted)
        if sendEarly { outbox.append(.broadcast(message)) }
        pendingSends.append((persistSequence, message, sendEarly))
    }

    mutating func onPersisted(_ sequence: UInt64) {
        while let first = pendingSends.first, first.sequence <= sequence {
            pendingSends.removeFirst()
            if !first.alreadySent { outbox.append(.broadcast(first.message)) }
            onMessage(from: validatorID, first.message)
        }
    }

    /// Whether this node already signed a message of `kind` in `view`.
    func hasSigned(_ kind: SignedRecord.Kind, view: Int64) -> Bool {
        hardState.signedRecords.contains { $0.kind == kind && $0.view == view }
    }

    /// The hash of a block: the chain suite's hash of its header's canonical bytes.
    func blockHash(_ block: Block) -> [UInt8] { configuration.hash(block.header.canonicalBytes) }

    func knownBlock(hash: [UInt8]) -> Block? { knownBlocks.first { $0.blockHash == hash }?.block }

    mutating func remember(_ block: Block, hash: [UInt8]) {
        guard knownBlock(hash: hash) == nil, knownBlocks.count < Self.knownBlocksMax else { return }
        knownBlocks.append((block, hash))
    }
}

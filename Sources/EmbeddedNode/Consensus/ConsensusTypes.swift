import Canonical

/// Fixed parameters of one replica's consensus core.
public struct ConsensusConfiguration: Sendable {
    /// The chain (signed into every vote).
    public let chainID: String
    /// The genesis hash: block 1's parent and the primary-selection seed's root.
    public let genesisHash: [UInt8]
    /// The validators, sorted.
    public let validatorIDs: [String]
    /// Credit-score tuning.
    public let scoreSettings: CreditScoreSettings
    /// The chain suite's hash.
    public let hash: @Sendable ([UInt8]) -> [UInt8]
    /// The view timeout of view 0, in ticks.
    public var viewTimeoutBaseTicks: Int64 = 20
    /// The timeout doubles per view up to this many times.
    public var viewTimeoutDoublingsMax: Int64 = 4
    /// Messages for views further ahead than this are ignored (a peer cannot force a big jump).
    public var viewsAheadMax: Int64 = 8
    /// Votes for views further behind the current view than this are dropped.
    public var viewsBehindKeptMax: Int64 = 8
    /// How far a fresh block's timestamp may lie from this replica's clock, either way (the
    /// genesis `consensus.timestampToleranceMs`).
    public var timestampToleranceMs: Int64 = 300_000
    /// The most transactions a block may carry (genesis `consensus.transactionsPerBlockMax`): a
    /// block h-1 with fewer had room, for the censorship indicator.
    public var transactionsPerBlockMax = 10
    /// How long before block h-1's time a validator must have seen a transaction to attest it
    /// (`CensorshipIndicator`); longer than client delay + 2 x clock skew + the timestamp tolerance.
    public var censorshipGraceMs: Int64 = 900_000
    /// The application's block check (execution, client signatures), applied before preparing;
    /// nil: consensus rules only.
    public var proposalValidator: (any ProposalValidator)?
    /// Deliberately broken behaviour, for tests only (see `ConsensusFaultInjection`); empty.
    var faultInjection: ConsensusFaultInjection = []

    /// Creates a configuration; the validators are sorted here.
    public init(chainID: String, genesisHash: [UInt8], validatorIDs: [String], scoreSettings: CreditScoreSettings,
                hash: @escaping @Sendable ([UInt8]) -> [UInt8]) {
        precondition(!validatorIDs.isEmpty, "a chain has validators")
        self.chainID = chainID
        self.genesisHash = genesisHash
        self.validatorIDs = validatorIDs.sorted()
        self.scoreSettings = scoreSettings
        self.hash = hash
    }

    /// f: how many Byzantine validators the genesis set tolerates.
    public var faultsTolerated: Int { Quorum.faultsTolerated(validatorCount: validatorIDs.count) }
    /// The quorum of the genesis set (`Quorum.size`; 2f only under the test-only `.quorumOfTwoF` fault).
    public var quorum: Int { quorum(validatorCount: validatorIDs.count) }

    /// The quorum of a set of `validatorCount` (`Quorum.size`, 2f+1 when n = 3f+1; 2f only under
    /// the test-only `.quorumOfTwoF` fault).
    public func quorum(validatorCount: Int) -> Int {
        let faults = Quorum.faultsTolerated(validatorCount: validatorCount)
        return faultInjection.contains(.quorumOfTwoF) ? 2 * faults : Quorum.size(validatorCount: validatorCount)
    }

    /// The timeout of `view`: base * 2^min(view, doublingsMax).
    public func viewTimeoutTicks(view: Int64) -> Int64 {
        viewTimeoutBaseTicks << min(view, viewTimeoutDoublingsMax)
    }
}

/// The newest committed block as the core needs it: height, hash, the certificate this node
/// saw for it, the score table and the validator set in force for the next height.
public struct ChainTip: Hashable, Sendable {
    /// Height of the newest committed block (0 before block 1).
    public let height: Int64
    /// Its hash (the genesis hash at height 0).
    public let blockHash: [UInt8]
    /// Its commit certificate (nil at height 0).
    public let certificate: CommitCertificate?
    /// The score table in force at `height + 1`.
    public let scores: CreditScoreTable
    /// Its header's timestamp (the genesis time at height 0): the next block's must be later.
    public let timestampMs: Int64
    /// The validator set in force at `height + 1` (chain state). Nil: the configuration's
    /// validators at every height, verified by identifier only.
    public let validators: ValidatorSet?
    /// The set in force at `height`, whose 2f+1 signed `certificate` (nil: as `validators`).
    public let tipValidators: ValidatorSet?
    /// This block and its parent as the censorship indicator reads them (empty at height 0).
    public let censorshipWindow: CensorshipWindow

    /// Creates a tip.
    public init(height: Int64, blockHash: [UInt8], certificate: CommitCertificate?, scores: CreditScoreTable,
                timestampMs: Int64 = 0, validators: ValidatorSet? = nil, tipValidators: ValidatorSet? = nil,
                censorshipWindow: CensorshipWindow = CensorshipWindow()) {
        precondition(validators.map { $0.validatorIDs == scores.validatorIDs } ?? true, "the score table covers exactly the set in force")
        precondition((censorshipWindow.tip?.height ?? height) == height, "the window ends at the tip")
        self.height = height
        self.blockHash = blockHash
        self.certificate = certificate
        self.scores = scores
        self.timestampMs = timestampMs
        self.validators = validators
        self.tipValidators = tipValidators
        self.censorshipWindow = censorshipWindow
    }
}

/// What this node has signed at the current height (so a restarted node never signs against
/// itself).
public struct SignedRecord: Hashable, Sendable {
    /// What was signed.
    public enum Kind: UInt8, Hashable, Sendable { case proposal = 1, prepare = 2, commit = 3, viewChange = 4 }
    /// What was signed.
    public let kind: Kind
    /// In which view.
    public let view: Int64
    /// For which block (empty for a view change).
    public let blockHash: [UInt8]
}

/// The state a replica must persist before sending what it signed.
public struct ConsensusHardState: Hashable, Sendable {
    /// The height being decided.
    public internal(set) var height: Int64
    /// The current view; never decreases at one height.
    public internal(set) var view: Int64
    /// The highest prepared certificate at this height.
    public internal(set) var preparedCertificate: PreparedCertificate?
    /// What this node signed at this height in views not yet left.
    public internal(set) var signedRecords: [SignedRecord]

    /// A fresh state for `height`, view 0.
    public init(height: Int64) {
        self.height = height
        view = 0
        preparedCertificate = nil
        signedRecords = []
    }
}

/// The header fields a primary's block must carry, handed to the driver that packs a batch.
public struct ProposalTemplate: Hashable, Sendable {
    /// The height.
    public let height: Int64
    /// The view to write in the header.
    public let view: Int64
    /// The parent's hash.
    public let previousHash: [UInt8]
    /// This node (the primary).
    public let proposerID: String
    /// Primaries of the failed earlier views at this height.
    public let failedViewPrimaries: [String]
    /// Hash of the score table in force.
    public let creditScoreTableHash: [UInt8]
    /// The certificate of the parent.
    public let previousCommitCertificate: CommitCertificate?
    /// The lowest timestamp the block may carry (the parent's plus 1 ms); pack with
    /// max(this, the clock).
    public let timestampMsMin: Int64
}

/// An input to `ConsensusCore.step`.
public enum ConsensusInput: Sendable {
    /// Begin (or resume after a restart): arms the timer, asks for a batch when primary.
    case start
    /// A message from a peer (`from` is the transport-authenticated sender).
    case message(from: String, ConsensusMessage)
    /// One tick of this replica's clock.
    case tick
    /// This replica's clock reads `nowMs` (UTC ms). Fresh proposals are checked against the
    /// latest reading; feed it with every tick (before any, only the parent bound is checked).
    case clock(nowMs: Int64)
    /// The driver packed a block from `ProposalTemplate` (client batch ready).
    case batchReady(Block)
    /// The hard state with this sequence number (and all before it) is durable.
    case persisted(sequence: UInt64)
    /// From `fromHeight` on, `validators` are in force (learned by executing a committed block
    /// that approved a change; `fromHeight` is at least two above the core's tip, see
    /// `GovernanceRules.activationDelayBlocks`). Feed it after the commit that learned it and
    /// again after a restart for changes not yet in force.
    case validatorSetScheduled(fromHeight: Int64, validators: ValidatorSet)
    /// This replica's censorship attestation for a proposed block's transactions, named by
    /// their root (see `attestationRequest`), supplied before the proposal; its commit vote for
    /// a block with these transactions carries it.
    case attestation(transactionsRoot: [UInt8], bitmap: [UInt8])
}

/// An action for the driver, to perform in order.
public enum ConsensusAction: Sendable {
    /// Make this hard state durable, then report `.persisted(sequence:)`. Messages that depend
    /// on it are only emitted after that report: persist, then send.
    case persist(ConsensusHardState, sequence: UInt64)
    /// Send to every other validator.
    case broadcast(ConsensusMessage)
    /// Send to one validator.
    case send(ConsensusMessage, to: String)
    /// Send committed blocks from `fromHeight` (with their certificates) to a replica behind.
    case sendDecided(to: String, fromHeight: Int64)
    /// Pack a block with these header fields and return it as `.batchReady`.
    case requestBatch(ProposalTemplate)
    /// Persist and execute the block; the certificate has 2f+1 distinct signers; `scores` is
    /// the table in force for the next height.
    case commit(Block, CommitCertificate, scores: CreditScoreTable)
    /// A view began: its timer expires after `timeoutTicks` ticks.
    case armViewTimer(height: Int64, view: Int64, timeoutTicks: Int64)
}

/// Why a message was refused.
public enum ConsensusRejection: Error, Equatable, Sendable {
    /// The signer is not a validator.
    case unknownValidator(String)
    /// A signature did not verify.
    case badSignature(String)
    /// The view is outside the accepted window.
    case viewOutOfRange(view: Int64, current: Int64)
    /// The proposer is not the primary of its view.
    case wrongPrimary(expected: String, actual: String)
    /// The block does not extend the tip validly.
    case invalidBlock(String)
    /// A certificate or justification is not valid.
    case invalidCertificate(String)
    /// A second, different message where one was allowed.
    case equivocation(String)
}

/// Counters of what the core saw and did (not state: they never affect messages).
public struct ConsensusCounters: Hashable, Sendable {
    /// Views this node left because its timer fired.
    public var viewTimeouts = 0
    /// Views joined because f+1 peers were ahead.
    public var viewsJoined = 0
    /// New views this node proposed that re-proposed a prepared certificate's block.
    public var preparedCertificatesCarried = 0
    /// Conflicting proposals or votes from one signer in one view.
    public var equivocationsSeen = 0
    /// Messages refused.
    public var messagesRejected = 0
    /// Blocks applied from a peer's decided message.
    public var decidedBlocksApplied = 0
    /// Messages refused because a signature did not verify.
    public var badSignaturesSeen = 0
}

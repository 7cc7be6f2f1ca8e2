import Canonical
import Foundation
import Workflow

/// An organisation's embedded node. In this release it runs as the chain's single validator
/// (n = 1, quorum 1); the CBFT issue replaces `produceBlockIfDue` with consensus among several.
///
/// Everything a node does to its chain goes through this actor: admission of submitted
/// transactions into the mempool (signature verified once), cutting a block when
/// `transactionsPerBlockMax` transactions wait or the oldest has waited `batchTimeoutMs`,
/// executing it, signing its commit certificate, writing block, transactions, receipts and
/// state changes in one SQLite transaction, then telling subscribers. On start it verifies the
/// stored chain (hash links, roots, state hashes, certificates) and replays the fund flow.
public actor Node {
    /// The chain's genesis.
    public let genesis: Genesis
    let store: BlockStore
    let executor: BlockExecutor
    let validator: (id: String, key: SigningKey)?
    let nowMs: @Sendable () -> Int64
    var state: ExecutionState
    var tip: ChainTip
    var mempool = Mempool()
    var subscribers: [UUID: AsyncStream<CommittedBlock>.Continuation] = [:]
    var transactionForwarder: (@Sendable ([UInt8]) -> Void)?
    var networkStatus = NetworkStatus()
    var creditScoreCache = CreditScoreCache()

    /// Proposed blocks this node executed, kept for their commit (`Node+ProposalCheck`).
    var proposalExecutions: [ProposalExecution] = []
    /// Signatures verified outside the mempool (by transaction hash), so each is verified once.
    var verifiedSignatures: [[UInt8]: (signature: [UInt8], key: PublicKey)] = [:]
    /// The verdicts of this node's executions of proposed blocks, for the consensus core.
    public nonisolated let proposalValidator: ExecutedProposalValidator

    /// What the consensus driver reports for health: connected peers, each peer link's state,
    /// view, its primary, catching up.
    public struct NetworkStatus: Sendable {
        /// Connected peers, sorted.
        public var peerIDs: [String] = []
        /// The view at the height being decided.
        public var view: Int64?
        /// Whether a peer was seen at a later height.
        public var isSyncing = false
        /// Every configured peer's link (connected or not), sorted by peer.
        public var links: [PeerLinkStatus] = []
        /// The primary of the height being decided and its view.
        public var primaryID: String?

        /// Creates a status.
        public init(peerIDs: [String] = [], view: Int64? = nil, isSyncing: Bool = false, links: [PeerLinkStatus] = [],
                    primaryID: String? = nil) {
            self.peerIDs = peerIDs
            self.view = view
            self.isSyncing = isSyncing
            self.links = links
            self.primaryID = primaryID
        }
    }

    /// The chain's newest block, as the node knows it.
    public struct ChainTip: Sendable {
        public let height: Int64
        public let hash: [UInt8]
        public let stateHash: [UInt8]
        public let timeMs: Int64
        public let certificate: CommitCertificate?
    }

    /// Opens (or creates) the node's chain in `dataDirectory`, verifying what is stored.
    /// - Parameters:
    ///   - validator: this node's validator identity and signing key, when it validates (it votes
    ///     at the heights whose validator set in force lists it).
    ///   - verifySignatures: also re-verify every stored transaction's signature with its
    ///     sender's key in force at its height (slow; `fundchain verify` does it, a start need
    ///     not, since each block's commit certificate already vouches for its contents).
    ///   - nowMs: the node's clock (UTC ms); injected so tests control time.
    public init(genesis: Genesis, dataDirectory: URL, validator: (id: String, key: SigningKey)?, verifySignatures: Bool = false,
                nowMs: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) throws(NodeError) {
        if let validator {
            // Any organisation of genesis may run a validating node: it votes only at heights whose
            // validator set (genesis, then governance) lists it.
            guard let entry = genesis.organisations.first(where: { $0.organisation.id == validator.id }),
                  entry.publicKey == validator.key.publicKey else {
                throw .validatorKeyMismatch("\(validator.id) is not a genesis organisation with this key")
            }
        }
        self.genesis = genesis
        self.executor = BlockExecutor(genesis: genesis)
        let suite = genesis.suite
        self.proposalValidator = ExecutedProposalValidator(hash: { suite.hash($0) })
        self.validator = validator
        self.nowMs = nowMs
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            store = try BlockStore(path: dataDirectory.appendingPathComponent("chain.sqlite").path)
        } catch {
            throw .storage("\(error)")
        }
        let recovered = try Self.recover(genesis: genesis, store: store, executor: executor, verifySignatures: verifySignatures)
        state = recovered.state
        tip = recovered.tip
    }

    /// Submits an encoded transaction: checks it and admits it to the mempool, or says why not.
    /// Returns its hash.
    /// On a consensus node, an admitted transaction is also forwarded to the other validators.
    public func submit(_ bytes: [UInt8]) throws(AdmissionError) -> [UInt8] {
        let hash = try admit(bytes)
        transactionForwarder?(bytes)
        return hash
    }

    /// Admits a transaction a peer forwarded: checked like a submitted one, not forwarded again.
    public func admitForwarded(_ bytes: [UInt8]) throws(AdmissionError) -> [UInt8] { try admit(bytes) }

    /// Records the peer network's status for `health`.
    public func setNetworkStatus(_ status: NetworkStatus) { networkStatus = status }

    /// Sets what forwards submitted transactions to the other validators (the consensus driver).
    public func setTransactionForwarder(_ forwarder: (@Sendable ([UInt8]) -> Void)?) { transactionForwarder = forwarder }

    private func admit(_ bytes: [UInt8]) throws(AdmissionError) -> [UInt8] {
        let transaction: Transaction
        do { transaction = try Transaction.decode(bytes) } catch { throw .malformed(error) }
        let body = transaction.body
        guard body.chainID == genesis.chainID else { throw .wrongChain(body.chainID) }
        let window = genesis.consensus.expiryWindowBlocks
        let nextHeight = tip.height + 1
        guard body.expiryHeight >= nextHeight, body.expiryHeight <= nextHeight + Int64(window) else {
            throw .expiryOutOfWindow(expiryHeight: body.expiryHeight, currentHeight: tip.height, windowBlocks: window)
        }
        let now = nowMs()
        let tolerance = genesis.consensus.timestampToleranceMs
        // Compared without subtracting the client's number, which could overflow (and crash).
        guard body.timestampMs >= now - Int64(tolerance), body.timestampMs <= now + Int64(tolerance) else {
            throw .timestampOutOfWindow(timestampMs: body.timestampMs, nodeTimeMs: now, toleranceMs: tolerance)
        }
        guard let key = KeysContract.key(of: body.senderID, at: nextHeight, genesis: genesis, state: state) else {
            throw .unknownSender(body.senderID)
        }
        guard state.value(StateKey.nonce(body.senderID, body.nonce)) == nil else { throw .nonceUsed }
        let suite = genesis.suite
        guard suite.verify(signature: transaction.signature, of: body.canonicalBytes, by: key) else { throw .badSignature }
        let hash = transaction.hash(suite)
        try mempool.admit(transaction, hash: hash, encodedBytes: bytes.count, verifiedWith: key, nowMs: now)
        return hash
    }

    /// Cuts, executes, certifies and stores a block if one is due. Returns it, or nil.
    public func produceBlockIfDue() throws(NodeError) -> CommittedBlock? {
        let consensus = genesis.consensus
        // Alone, a node can certify only a chain whose whole validator set it is (quorum of 1).
        guard let validator, epoch(at: tip.height + 1).validators.validatorIDs == [validator.id] else { return nil }
        mempool.removeExpired(at: tip.height + 1)
        guard mempool.shouldCutBlock(nowMs: nowMs(), transactionsPerBlockMax: consensus.transactionsPerBlockMax,
                                     batchTimeoutMs: consensus.batchTimeoutMs) else { return nil }
        let entries = mempool.peek(limit: consensus.transactionsPerBlockMax)
        let committed = try commitBlock(entries, proposer: validator)
        mempool.remove(hashes: Set(entries.map(\.hash)))
        return committed
    }

    /// A stream of every block committed from now on.
    public func committedBlocks() -> AsyncStream<CommittedBlock> {
        let (stream, continuation) = AsyncStream.makeStream(of: CommittedBlock.self, bufferingPolicy: .bufferingNewest(1024))
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    private func unsubscribe(_ id: UUID) { subscribers[id] = nil }

    /// Closes the node's storage; the node serves nothing afterwards.
    public func close() {
        for continuation in subscribers.values { continuation.finish() }
        subscribers = [:]
        try? store.close()
    }

    /// The current tip.
    public var chainTip: ChainTip { tip }
    /// How many transactions wait in the mempool.
    public var mempoolCount: Int { mempool.count }
    /// The fund flow's current state (a value; later blocks do not change it).
    public var workflowState: WorkflowState { state.workflow }
}

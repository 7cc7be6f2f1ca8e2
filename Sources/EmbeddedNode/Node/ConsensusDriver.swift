import Canonical
import Foundation
import Logging

/// Runs a validator's CBFT core (`ConsensusCore`) over the peer network and performs its
/// actions on the node, one input at a time and in order: persist the hard state before the
/// votes it covers go out, broadcast and send consensus messages, pack a proposal from the
/// mempool when this node is primary and a batch is due, execute and store certified blocks,
/// and serve committed blocks to a peer that is behind.
///
/// Besides the core's own catch-up (committed blocks sent to a replica whose view change shows
/// it is behind), a node that sees a consensus message for a later height asks that peer for
/// the committed blocks it lacks (`PeerMessage.decidedRequest`); each arrives with its commit
/// certificate, which the core verifies before the node executes the block. Transactions
/// submitted to this node are forwarded to every peer so any primary can batch them.
///
/// Time is a tick every `tickMs`. The view timeout is at least three batch timeouts, so a
/// primary that waits for a batch is not voted out while it waits; with an empty mempool the
/// primary proposes an empty block after one batch timeout, which keeps views and credit
/// scores moving.
public actor ConsensusDriver {
    let node: Node
    let network: PeerNetwork
    let logger: Logger
    let tickMs: Int
    var core: ConsensusCore
    var work: [Work] = []
    var processing = false
    var pendingTemplate: (template: ProposalTemplate, requestedAtMs: Int64)?
    var lastCatchUpRequestMs: Int64 = 0
    /// Why the driver stopped (a storage failure or a block this node cannot follow), if it did.
    public private(set) var haltReason: String?

    enum Work {
        case input(ConsensusInput)
        case packIfPending
    }

    /// The most committed blocks sent per request.
    static let decidedBlocksPerRequestMax = 32
    /// The shortest interval between two catch-up requests, in milliseconds.
    static let catchUpIntervalMs: Int64 = 300

    /// A driver for `validator` on `node`, restoring the core from the node's chain (tip and
    /// credit scores replayed from the stored headers) and its persisted hard state.
    public init(node: Node, network: PeerNetwork, validator: (id: String, key: SigningKey), tickMs: Int = 100,
                logger: Logger) async throws(NodeError) {
        let genesis = node.genesis
        let suite = genesis.suite
        var configuration = ConsensusConfiguration(chainID: genesis.chainID, genesisHash: genesis.hash, validatorIDs: genesis.validatorIDs,
                                                   scoreSettings: CreditScoreSettings(), hash: { suite.hash($0) })
        configuration.viewTimeoutBaseTicks = max(20, Int64(3 * genesis.consensus.batchTimeoutMs / max(1, tickMs)))
        configuration.timestampToleranceMs = Int64(genesis.consensus.timestampToleranceMs)
        configuration.transactionsPerBlockMax = genesis.consensus.transactionsPerBlockMax
        configuration.censorshipGraceMs = Self.censorshipGraceMs(timestampToleranceMs: configuration.timestampToleranceMs)
        var publicKeys: [String: PublicKey] = [:]
        for entry in genesis.organisations where entry.isValidator { publicKeys[entry.organisation.id] = entry.publicKey }
        let tip = await node.chainTip
        let (scores, window) = try await Self.scores(node: node, configuration: configuration, height: tip.height)
        let restoring = try await node.persistedConsensusState()
        core = ConsensusCore(configuration: configuration, signer: SigningKeyConsensusSigner(validatorID: validator.id, key: validator.key),
                             verifier: SuiteConsensusVerifier(suite: suite, publicKeys: publicKeys),
                             tip: ChainTip(height: tip.height, blockHash: tip.hash, certificate: tip.certificate, scores: scores,
                                           timestampMs: tip.timeMs, censorshipWindow: window),
                             restoring: restoring)
        self.node = node
        self.network = network
        self.tickMs = tickMs
        self.logger = logger
    }

    /// The censorship grace of a node: three times the timestamp tolerance, which covers the
    /// forwarding delay, twice the clock skew and the tolerance itself when each stays within
    /// the tolerance (docs/CBFT.md, "Censorship").
    static func censorshipGraceMs(timestampToleranceMs: Int64) -> Int64 { 3 * timestampToleranceMs }

    /// The credit scores in force after `height` and the censorship window at it: every stored
    /// block's outcome (with its censorship charge) replayed from the initial table, as the
    /// core applies them.
    static func scores(node: Node, configuration: ConsensusConfiguration,
                       height: Int64) async throws(NodeError) -> (CreditScoreTable, CensorshipWindow) {
        do {
            var scores = try CreditScoreTable(validatorIDs: configuration.validatorIDs, settings: configuration.scoreSettings)
            var window = CensorshipWindow()
            guard height >= 1 else { return (scores, window) }
            for current in 1...height {
                guard let block = try node.block(height: current)?.block else { throw NodeError.damagedChain(height: current, reason: "missing") }
                let header = block.header
                guard header.creditScoreTableHash == scores.hash(configuration.hash) else {
                    throw NodeError.damagedChain(height: current, reason: "credit score table hash differs from the replayed scores")
                }
                let charged = CensorshipIndicator.chargedPrimary(
                    certificate: header.previousCommitCertificate, window: window, attestersMin: configuration.censorshipAttestersMin,
                    transactionsPerBlockMax: configuration.transactionsPerBlockMax)
                try scores.recordCommittedBlock(proposerID: header.proposerID, failedViewPrimaries: header.failedViewPrimaries,
                                                censorshipChargedID: charged, settings: configuration.scoreSettings)
                window = window.advanced(by: block)
            }
            return (scores, window)
        } catch let error as NodeError {
            throw error
        } catch {
            throw .damagedChain(height: nil, reason: "credit scores: \(error)")
        }
    }

    /// Runs until cancelled: starts the core, then feeds it peer messages and ticks.
    public func run() async {
        let network = network
        await node.setTransactionForwarder { bytes in network.broadcast(.transaction(bytes)) }
        await submit(.input(.start))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await envelope in network.inbound { await self.receive(envelope) }
            }
            group.addTask { [tickMs] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(tickMs))
                    await self.tick()
                }
            }
            await group.next()
            group.cancelAll()
        }
        await node.setTransactionForwarder(nil)
    }

    /// The height being decided and its view.
    public var position: (height: Int64, view: Int64) { (core.hardState.height, core.hardState.view) }
    /// What the core counted.
    public var counters: ConsensusCounters { core.counters }

    // MARK: Inputs

    func receive(_ envelope: PeerEnvelope) async {
        switch envelope.message {
        case .consensus(let message):
            if message.height > core.hardState.height, !Self.isDecided(message) { requestCatchUp(from: envelope.from) }
            if let request = core.attestationRequest(for: message) {
                let bitmap = await node.censorshipAttestation(for: request.block, cutoffMs: request.cutoffMs)
                await submit(.input(.attestation(transactionsRoot: request.block.header.transactionsRoot, bitmap: bitmap)))
            }
            await submit(.input(.message(from: envelope.from, message)))
        case .transaction(let bytes):
            do { _ = try await node.admitForwarded(bytes) } catch {
                logger.debug("forwarded transaction from \(envelope.from) not admitted: \(error)")
            }
        case .decidedRequest(let fromHeight):
            await sendDecided(to: envelope.from, fromHeight: fromHeight)
        }
    }

    static func isDecided(_ message: ConsensusMessage) -> Bool {
        if case .decided = message { return true }
        return false
    }

    func tick() async {
        // The core checks a fresh proposal's timestamp against this replica's clock.
        await submit(.input(.clock(nowMs: node.nowMs())))
        await submit(.input(.tick))
        let peers = network.linkStatus().filter(\.isConnected).map(\.organisationID)
        let syncing = Self.nowMs() - lastCatchUpRequestMs < 2 * Self.catchUpIntervalMs
        await node.setNetworkStatus(Node.NetworkStatus(peerIDs: peers, view: core.hardState.view, isSyncing: syncing))
        guard let pending = pendingTemplate else { return }
        let waitedMs = Self.nowMs() - pending.requestedAtMs
        if await node.batchDue() || waitedMs >= Int64(node.genesis.consensus.batchTimeoutMs) { await submit(.packIfPending) }
    }

    private func requestCatchUp(from peer: String) {
        let now = Self.nowMs()
        guard now - lastCatchUpRequestMs >= Self.catchUpIntervalMs else { return }
        lastCatchUpRequestMs = now
        network.send(.decidedRequest(fromHeight: core.hardState.height), to: peer)
    }

    /// Queues work and, unless a call further up is already draining, performs it in order.
    func submit(_ item: Work) async {
        work.append(item)
        guard !processing else { return }
        processing = true
        defer { processing = false }
        while haltReason == nil, !work.isEmpty {
            let next = work.removeFirst()
            switch next {
            case .input(let input):
                for action in core.step(input) { await perform(action) }
            case .packIfPending:
                await pack()
            }
        }
    }

    private func pack() async {
        guard let pending = pendingTemplate else { return }
        pendingTemplate = nil
        let template = pending.template
        guard template.height == core.hardState.height, template.view == core.hardState.view else { return }
        let block = await node.proposalBlock(for: template)
        work.insert(.input(.batchReady(block)), at: 0)
    }

    // MARK: Actions

    private func perform(_ action: ConsensusAction) async {
        switch action {
        case .persist(let hardState, let sequence):
            do { try await node.persistConsensusState(hardState) } catch { return halt("persisting the consensus state failed: \(error)") }
            work.append(.input(.persisted(sequence: sequence)))
        case .broadcast(let message):
            network.broadcast(.consensus(message))
        case .send(let message, let peer):
            network.send(.consensus(message), to: peer)
        case .sendDecided(let peer, let fromHeight):
            await sendDecided(to: peer, fromHeight: fromHeight)
        case .requestBatch(let template):
            pendingTemplate = (template, Self.nowMs())
        case .commit(let block, let certificate, _):
            if let pending = pendingTemplate, pending.template.height <= block.header.height { pendingTemplate = nil }
            do {
                let committed = try await node.commitCertified(block, certificate: certificate)
                logger.info("committed", metadata: ["height": "\(block.header.height)", "view": "\(certificate.view)",
                                                    "transactions": "\(committed.block.transactions.count)"])
            } catch {
                halt("block \(block.header.height) cannot be applied: \(error)")
            }
        case .armViewTimer:
            break   // the core counts ticks itself
        }
    }

    private func sendDecided(to peer: String, fromHeight: Int64) async {
        do {
            for decided in try await node.decidedBlocks(fromHeight: fromHeight, limit: Self.decidedBlocksPerRequestMax) {
                network.send(.consensus(.decided(decided)), to: peer)
            }
        } catch {
            logger.error("reading committed blocks for \(peer) failed: \(error)")
        }
    }

    private func halt(_ reason: String) {
        logger.critical("consensus stopped: \(reason)")
        haltReason = reason
        work = []
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

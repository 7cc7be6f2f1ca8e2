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
/// the committed blocks it lacks (`PeerMessage.decidedRequest`), and for the next batch as soon
/// as one is applied; each arrives with its commit certificate, which the core verifies before
/// the node executes the block. Transactions
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
    /// The outstanding catch-up request: whom it asked, and the last height it asked for.
    var catchUp: (peer: String, throughHeight: Int64)?
    /// The highest height a peer's consensus message named.
    var seenHeight: Int64 = 0
    /// The (height, view, kind) of each peer message whose blocks were executed: at most one per
    /// peer, so a peer cannot make this node execute block after block in one view.
    var executedMessages: Set<ExecutedMessage> = []
    /// Why the driver stopped (a storage failure or a block this node cannot follow), if it did.
    public private(set) var haltReason: String?

    struct ExecutedMessage: Hashable {
        let height: Int64
        let view: Int64
        let kind: UInt8
        let sender: String
    }

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
                                                   scoreSettings: Node.creditScoreSettings, hash: { suite.hash($0) })
        configuration.viewTimeoutBaseTicks = max(20, Int64(3 * genesis.consensus.batchTimeoutMs / max(1, tickMs)))
        configuration.proposalValidator = node.proposalValidator
        configuration.timestampToleranceMs = Int64(genesis.consensus.timestampToleranceMs)
        configuration.transactionsPerBlockMax = genesis.consensus.transactionsPerBlockMax
        configuration.censorshipGraceMs = Self.censorshipGraceMs(timestampToleranceMs: configuration.timestampToleranceMs)
        var publicKeys: [String: PublicKey] = [:]
        for entry in genesis.organisations where entry.isValidator { publicKeys[entry.organisation.id] = entry.publicKey }
        let tip = await node.chainTip
        let history = await node.governanceHistory()
        let scores = try await Self.scores(node: node, configuration: configuration, height: tip.height)
        let window = try await node.censorshipWindow(atHeight: tip.height)
        let restoring = try await node.persistedConsensusState()
        core = ConsensusCore(configuration: configuration, signer: SigningKeyConsensusSigner(validatorID: validator.id, key: validator.key),
                             verifier: SuiteConsensusVerifier(suite: suite, publicKeys: publicKeys),
                             tip: ChainTip(height: tip.height, blockHash: tip.hash, certificate: tip.certificate, scores: scores,
                                           timestampMs: tip.timeMs, validators: history.epoch(at: tip.height + 1, genesis: genesis).validators,
                                           tipValidators: history.epoch(at: tip.height, genesis: genesis).validators,
                                           censorshipWindow: window),
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

    /// The credit scores in force after `height`: every stored header's outcome replayed from
    /// the initial table, as the core applies them (censorship charges included), following the validator set in force (`Node.creditScores(afterHeight:)`).
    static func scores(node: Node, configuration: ConsensusConfiguration, height: Int64) async throws(NodeError) -> CreditScoreTable {
        precondition(configuration.scoreSettings == Node.creditScoreSettings, "the node replays scores with the consensus settings")
        return try await node.creditScores(afterHeight: height)
    }

    /// Runs until cancelled: starts the core, then feeds it peer messages and ticks.
    public func run() async {
        let network = network
        await node.setTransactionForwarder { bytes in network.broadcast(.transaction(bytes)) }
        await scheduleValidatorSets()
        await submit(.input(.start))
        await PeerLoop.run(network: network, tickMs: tickMs, receive: { await self.receive($0) }, tick: { await self.tick() })
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
            if message.height > core.hardState.height, !Self.isDecided(message) {
                seenHeight = max(seenHeight, message.height)
                requestCatchUp(from: envelope.from)
            }
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
        let links = network.linkStatus()
        let syncing = Self.nowMs() - lastCatchUpRequestMs < 2 * Self.catchUpIntervalMs
        let configuration = core.configuration
        let (height, view) = (core.hardState.height, core.hardState.view)
        let primary = PrimarySelection.explain(table: core.tip.scores, genesisHash: configuration.genesisHash, height: height, view: view,
                                               faultsTolerated: configuration.faultsTolerated, hash: configuration.hash).primaryID
        await node.setNetworkStatus(Node.NetworkStatus(peerIDs: links.filter(\.isConnected).map(\.organisationID), view: view,
                                                       isSyncing: syncing, links: links, primaryID: primary))
        guard let pending = pendingTemplate else { return }
        let waitedMs = Self.nowMs() - pending.requestedAtMs
        if await node.batchDue() || waitedMs >= Int64(node.genesis.consensus.batchTimeoutMs) { await submit(.packIfPending) }
    }

    /// Asks `peer` for the committed blocks from the height being decided: at most once per
    /// interval, or at once (`immediately`) when the previous batch has just been applied, so a
    /// restarted validator catches up at the speed of execution, not of the interval.
    private func requestCatchUp(from peer: String, immediately: Bool = false) {
        let now = Self.nowMs()
        guard immediately || now - lastCatchUpRequestMs >= Self.catchUpIntervalMs else { return }
        lastCatchUpRequestMs = now
        let fromHeight = core.hardState.height
        catchUp = (peer, fromHeight + Int64(Self.decidedBlocksPerRequestMax) - 1)
        network.send(.decidedRequest(fromHeight: fromHeight), to: peer)
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
                await executeProposedBlocks(before: input)
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

    /// Has the node execute every block `input` may make the core validate (the blocks a
    /// message carries, and this node's own prepared block, which it may re-propose), so the
    /// core's `ExecutedProposalValidator` holds a verdict on each. Done while the core and the
    /// node are at the same height (no commit is in flight during a step).
    private func executeProposedBlocks(before input: ConsensusInput) async {
        var blocks: [Block] = []
        if case .message(let sender, let message) = input, message.height == core.hardState.height {
            executedMessages = executedMessages.filter { $0.height == message.height }
            let key = ExecutedMessage(height: message.height, view: Self.view(of: message), kind: Self.kind(of: message), sender: sender)
            if sender == core.validatorID || executedMessages.insert(key).inserted { blocks = Self.proposedBlocks(in: message) }
        }
        if let prepared = core.hardState.preparedCertificate { blocks.append(prepared.block) }
        let suite = node.genesis.suite
        for block in blocks where block.header.height == core.hardState.height {
            guard node.proposalValidator.verdict(blockHash: block.header.hash(suite)) == nil else { continue }
            if let problem = await node.checkProposal(block) {
                logger.warning("proposed block refused", metadata: ["height": "\(block.header.height)", "proposer": "\(block.header.proposerID)",
                                                                 "reason": "\(problem)"])
            }
        }
    }

    /// The blocks a consensus message carries that a replica may be asked to prepare.
    static func proposedBlocks(in message: ConsensusMessage) -> [Block] {
        switch message {
        case .proposal(let proposal): [proposal.block]
        case .newView(let newView): [newView.proposal.block] + newView.justification.compactMap(\.preparedCertificate?.block)
        case .viewChange(let change): change.preparedCertificate.map { [$0.block] } ?? []
        case .prepare, .commit, .decided: []
        }
    }

    static func view(of message: ConsensusMessage) -> Int64 {
        switch message {
        case .proposal(let proposal): proposal.view
        case .newView(let newView): newView.proposal.view
        case .viewChange(let change): change.newView
        case .prepare(let vote), .commit(let vote): vote.view
        case .decided(let decided): decided.certificate.view
        }
    }

    static func kind(of message: ConsensusMessage) -> UInt8 {
        switch message {
        case .proposal: 1
        case .prepare: 2
        case .commit: 3
        case .viewChange: 4
        case .newView: 5
        case .decided: 6
        }
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
                await scheduleValidatorSets()
                if let request = catchUp, block.header.height >= request.throughHeight {
                    catchUp = nil
                    if seenHeight > block.header.height + 1 { requestCatchUp(from: request.peer, immediately: true) }
                }
            } catch {
                halt("block \(block.header.height) cannot be applied: \(error)")
            }
        case .armViewTimer:
            break   // the core counts ticks itself
        }
    }

    /// Tells the core the validator sets governance scheduled beyond its next height, before any
    /// further input (a set approved in block h is in force from h + 2; the core needs it when
    /// it commits h + 1). Repeating one is harmless. The peer network learns the node keys.
    private func scheduleValidatorSets() async {
        let tipHeight = await node.chainTip.height
        network.updateNodeKeys(await node.epoch(at: tipHeight + 1).nodeKeys)
        let scheduled = await node.governanceHistory().epochs.filter { $0.fromHeight > tipHeight + 1 }
        for epoch in scheduled.reversed() {
            work.insert(.input(.validatorSetScheduled(fromHeight: epoch.fromHeight, validators: epoch.validators)), at: 0)
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

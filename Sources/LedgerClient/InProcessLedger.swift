import EmbeddedNode
import Foundation
import Workflow

/// A `Ledger` on a node in this process: the organisation's embedded node, or the demo
/// consortium's. Submissions go straight to the node's mempool; receipts and blocks come from
/// its commit stream, never by polling.
///
/// ```swift
/// let ledger = InProcessLedger(node: node, identity: LedgerIdentity(organisationID: "county-hq", key: key))
/// ```
public struct InProcessLedger: Ledger {
    /// The node asked.
    public let node: Node
    private let signer: TransactionSigner

    /// A ledger on `node` signing as `identity`.
    /// - Parameter nowMs: the clock for transaction timestamps (UTC ms); the wall clock unless
    ///   given (tests pass the node's clock).
    public init(node: Node, identity: LedgerIdentity,
                nowMs: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.node = node
        self.signer = TransactionSigner(identity: identity, nowMs: nowMs)
    }

    /// The organisation this ledger signs for.
    public var organisationID: String { signer.identity.organisationID }

    /// The chain's identifier, from the node's genesis.
    public var chainID: String {
        get async throws(LedgerError) { await node.genesis.chainID }
    }

    /// Signs `payload` against the node's tip and admits it to the node's mempool.
    public func submit(_ payload: TransactionPayload) async throws(LedgerError) -> SubmittedTransaction {
        let genesis = await node.genesis
        let chain = TransactionSigner.ChainView(chainID: genesis.chainID, tipHeight: await node.blockCount,
                                                expiryWindowBlocks: Int64(genesis.consensus.expiryWindowBlocks))
        let transaction = try signer.sign(payload, on: chain)
        do {
            let hash = try await node.submit(transaction.canonicalBytes)
            return SubmittedTransaction(hash: hash, transaction: transaction)
        } catch {
            throw .rejected(error)
        }
    }

    /// Subscribes to the node's commits first and then reads the store, so a block committed
    /// in between is seen either way; then waits on the subscription until `timeout`.
    public func receipt(for transactionHash: [UInt8], timeout: Duration) async throws(LedgerError) -> Receipt {
        let node = self.node
        return try await Deadline.first(within: timeout) { () async -> Result<Receipt, LedgerError> in
            let blocks = await node.committedBlocks()
            do throws(NodeError) {
                if let stored = try node.receipt(transactionHash: transactionHash) { return .success(stored) }
            } catch {
                return .failure(.node(error))
            }
            for await committed in blocks {
                if let receipt = committed.receipts.first(where: { $0.transactionHash == transactionHash }) { return .success(receipt) }
            }
            // The subscription ended: the task was cancelled or the node closed.
            return .failure(.transport("the node stopped committing blocks"))
        }
    }

    /// The project with this identifier, or nil.
    public func project(_ id: String) async throws(LedgerError) -> Project? {
        await node.workflowState.project(id)
    }

    /// The draft with this number, or nil.
    public func draft(_ number: String) async throws(LedgerError) -> DigitalDraft? {
        await node.workflowState.draft(number)
    }

    /// Everything waiting for this organisation; `.notFound` if the chain does not know it.
    public func inbox() async throws(LedgerError) -> [InboxItem] {
        try await stateKnowingMe().inbox(for: organisationID)
    }

    /// The drafts this organisation pays or receives in; `.notFound` if the chain does not know it.
    public func draftsInvolvingMe() async throws(LedgerError) -> [DigitalDraft] {
        try await stateKnowingMe().drafts(involving: organisationID)
    }

    /// Open reconciliation exceptions, oldest first.
    public func openExceptions() async throws(LedgerError) -> [ReconciliationItem] {
        await node.workflowState.openExceptions()
    }

    /// Stalled pending legs, oldest first.
    public func stalledLegs() async throws(LedgerError) -> [Leg] {
        await node.workflowState.stalledLegs()
    }

    /// The balance-adjustment statement of `account`.
    public func balanceAdjustment(account: String) async throws(LedgerError) -> BalanceAdjustmentStatement {
        let accountNumber = try LedgerError.normalisedAccount(account)
        return await node.workflowState.balanceAdjustment(accountNumber: accountNumber)
    }

    /// The value hash anchored under `key`, or nil; `.rejected` for a key no anchor can have.
    public func anchor(key: String) async throws(LedgerError) -> [UInt8]? {
        await node.anchorValue(key: try LedgerError.checkedAnchorKey(key))
    }

    /// The number of committed blocks.
    public func blockCount() async throws(LedgerError) -> Int64 {
        await node.blockCount
    }

    /// The node's health.
    public func health() async throws(LedgerError) -> LedgerHealth {
        let health = await node.health
        return LedgerHealth(chainID: await node.genesis.chainID, tipHeight: health.tipHeight, tipHash: health.tipHash,
                            tipTimeMs: health.tipTimeMs, mempoolCount: health.mempoolCount, validatorID: health.validatorID,
                            isSyncing: health.isSyncing, view: health.view, peersConnected: health.peerLinks.filter(\.isConnected).count,
                            peersExpected: health.peersExpected)
    }

    /// Blocks above `height` (or the tip at the first request), read from the store when
    /// committed and otherwise taken from the node's commit stream.
    public func committedBlocks(after height: Int64?) -> AsyncStream<BlockSummary> {
        let node = self.node
        let cursor = BlockCursor(after: height)
        return AsyncStream(unfolding: {
            guard let after = await cursor.lastHeight(orTip: { await node.blockCount }),
                  let next = await Self.nextBlock(of: node, after: after) else { return nil }
            await cursor.delivered(next.height)
            return next
        })
    }

    /// The block at `height + 1`: subscribed before reading the store, so it is not missed if
    /// it commits in between. Nil when the subscription ends or the store fails.
    private static func nextBlock(of node: Node, after height: Int64) async -> BlockSummary? {
        let blocks = await node.committedBlocks()
        do {
            if let stored = try node.block(height: height + 1) { return BlockSummary(stored) }
        } catch {
            return nil
        }
        for await committed in blocks where committed.block.header.height > height {
            guard committed.block.header.height == height + 1 else { break }
            return BlockSummary(committed)
        }
        // Gap-free even if the stream skipped: read the store once more.
        return (try? node.block(height: height + 1)).flatMap { $0.map(BlockSummary.init) }
    }

    /// The fund-flow state, after checking that the chain knows this organisation.
    private func stateKnowingMe() async throws(LedgerError) -> WorkflowState {
        let state = await node.workflowState
        guard state.organisation(organisationID) != nil else { throw .notFound }
        return state
    }

    /// A page of the reconciliation book with both sides of each item.
    public func reconciliation(offset: Int, limit: Int) async throws(LedgerError) -> ReconciliationPage {
        ReconciliationPage.check(offset: offset, limit: limit)
        let page = await node.workflowState.reconciliationEntries(offset: offset, limit: limit)
        return ReconciliationPage(total: page.total, entries: page.entries)
    }

    /// The committed block at `height`, or nil.
    public func block(height: Int64) async throws(LedgerError) -> BlockDetail? {
        do throws(NodeError) { return try node.block(height: height).map(BlockDetail.init) } catch { throw .node(error) }
    }

    /// The committed block with this hash, or nil.
    public func block(hash: [UInt8]) async throws(LedgerError) -> BlockDetail? {
        do throws(NodeError) { return try node.block(hash: hash).map(BlockDetail.init) } catch { throw .node(error) }
    }

    /// The proof of the committed transaction with this hash, or nil.
    public func transactionProof(hash: [UInt8]) async throws(LedgerError) -> TransactionProof? {
        do throws(NodeError) {
            guard let inclusion = try node.inclusionProof(transactionHash: hash) else { return nil }
            guard let committed = try node.block(height: inclusion.located.height) else {
                throw .damagedChain(height: inclusion.located.height, reason: "an indexed transaction's block is missing")
            }
            return TransactionProof(header: committed.block.header, transaction: inclusion.located.transaction,
                                    receipt: committed.receipts[inclusion.located.index], transactionInclusion: inclusion.proof,
                                    receiptInclusion: inclusion.receiptProof, certificate: committed.certificate)
        } catch {
            throw .node(error)
        }
    }

    /// "Why this primary" for `height` (nil: the next height), from the node's chain.
    public func primaryExplanation(height: Int64?) async throws(LedgerError) -> HeightPrimaryExplanation? {
        do throws(NodeError) { return try await node.primaryExplanation(height: height) } catch { throw .node(error) }
    }

    /// The chain's organisations and fund-flow settings, from the node's genesis state.
    public func consortium() async throws(LedgerError) -> Consortium {
        let state = await node.workflowState
        return Consortium(organisations: state.organisations, settings: state.settings)
    }
}


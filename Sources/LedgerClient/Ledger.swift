import EmbeddedNode
import Workflow

/// What the screens and scripts need from a FundChain node, the same whichever node is behind
/// it: the organisation's own embedded node (`InProcessLedger`) or a node reached over JSON-RPC
/// (`RemoteLedger`). Every answer is a Workflow or Chain value decoded exactly; nothing here
/// reads text meant for people.
///
/// ```swift
/// let ledger: any Ledger = InProcessLedger(node: node, identity: identity)
/// let receipt = try await ledger.submitAndWait(.workflow(.fileApplication(application)), timeout: .seconds(30))
/// for await block in ledger.committedBlocks() { refresh(block) }
/// ```
public protocol Ledger: Sendable {
    /// The organisation this ledger signs for.
    var organisationID: String { get }

    /// The chain's identifier.
    var chainID: String { get async throws(LedgerError) }

    /// Builds a transaction for `payload` (this chain, this organisation as sender, a random
    /// nonce, an expiry well inside the chain's window, the time now), signs it with the
    /// organisation's key and submits it.
    /// - Throws: `.rejected` with the node's reason when admission refuses it.
    func submit(_ payload: TransactionPayload) async throws(LedgerError) -> SubmittedTransaction

    /// The receipt of the transaction with this hash, as soon as a block commits it.
    /// - Throws: `.timeout` when it is not committed within `timeout`.
    func receipt(for transactionHash: [UInt8], timeout: Duration) async throws(LedgerError) -> Receipt

    /// The project with this identifier, or nil.
    func project(_ id: String) async throws(LedgerError) -> Project?
    /// The draft with this number, or nil.
    func draft(_ number: String) async throws(LedgerError) -> DigitalDraft?
    /// Everything waiting for this organisation, grouped by kind.
    /// - Throws: `.notFound` when the chain does not know this organisation.
    func inbox() async throws(LedgerError) -> [InboxItem]
    /// The drafts in which this organisation pays or receives, in issue order.
    /// - Throws: `.notFound` when the chain does not know this organisation.
    func draftsInvolvingMe() async throws(LedgerError) -> [DigitalDraft]
    /// Reconciliation exceptions nobody has resolved, oldest first.
    func openExceptions() async throws(LedgerError) -> [ReconciliationItem]
    /// Pending legs whose money waited at the payer beyond the stall limit, oldest first.
    func stalledLegs() async throws(LedgerError) -> [Leg]
    /// The balance-adjustment statement (余额调节表) of an account of 8-32 digits (spaces and
    /// dashes allowed, as people type them).
    /// - Throws: `.rejected` with code `malformedAccountNumber` before asking the node.
    func balanceAdjustment(account: String) async throws(LedgerError) -> BalanceAdjustmentStatement
    /// The value hash anchored under `key`, or nil when the key does not exist.
    /// - Throws: `.rejected` with code `anchorMalformed` for an empty or over-long key.
    func anchor(key: String) async throws(LedgerError) -> [UInt8]?
    /// The number of committed blocks (the tip's height).
    func blockCount() async throws(LedgerError) -> Int64
    /// The node's tip, mempool and identity.
    func health() async throws(LedgerError) -> LedgerHealth

    /// Every block committed above `height`, in order and without gaps (already committed ones
    /// first), or above the tip when the stream starts if `height` is nil. The stream waits for
    /// the next block only when its consumer asks for it; it ends when the consumer's task is
    /// cancelled or the node cannot be asked any more (then resubscribe after the last height).
    func committedBlocks(after height: Int64?) -> AsyncStream<BlockSummary>

    /// A page of the reconciliation book in item order from `offset`, at most `limit`
    /// (1...`ReconciliationPage.limitMax`) items, each with its leg and bank record.
    func reconciliation(offset: Int, limit: Int) async throws(LedgerError) -> ReconciliationPage

    /// The committed block at `height` with its transactions, receipts and certificate, or nil
    /// when there is none (heights start at 1).
    func block(height: Int64) async throws(LedgerError) -> BlockDetail?
    /// The committed block with this hash, or nil.
    func block(hash: [UInt8]) async throws(LedgerError) -> BlockDetail?

    /// The proof of the committed transaction with this hash (for `fundchain verify --proof`,
    /// checked offline with the genesis file alone), or nil when it is not committed.
    func transactionProof(hash: [UInt8]) async throws(LedgerError) -> TransactionProof?

    /// "Why this primary" for the block at `height`, or for the next height (view 0) when
    /// `height` is nil: seed, score table, each view's draw, failed views, rotation, and the
    /// validators' recent record, recomputed by the node from its chain. Nil for a height
    /// neither committed nor next.
    func primaryExplanation(height: Int64?) async throws(LedgerError) -> HeightPrimaryExplanation?

    /// The chain's organisations and fund-flow settings, from its genesis.
    func consortium() async throws(LedgerError) -> Consortium
}

extension Ledger {
    /// Submits `payload` and waits for its receipt.
    /// - Throws: `.rejected` at admission; `.timeout` when no block commits it within `timeout`.
    public func submitAndWait(_ payload: TransactionPayload, timeout: Duration) async throws(LedgerError) -> Receipt {
        let submitted = try await submit(payload)
        return try await receipt(for: submitted.hash, timeout: timeout)
    }

    /// Blocks committed from now on, in order (see `committedBlocks(after:)`).
    public func committedBlocks() -> AsyncStream<BlockSummary> {
        committedBlocks(after: nil)
    }
}

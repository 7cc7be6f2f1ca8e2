import Canonical
import EmbeddedNode
import Foundation
import Workflow

/// A `Ledger` on a node reached over JSON-RPC (docs/RPC.md): another terminal's node, a
/// headless node, the devnet. Values are decoded from the answers' `canonical` hex; receipts
/// and blocks are awaited with `fc_waitForBlock` long-polls, never by polling with sleeps.
///
/// ```swift
/// let client = JSONRPCClient(endpoint: RPCEndpoint(host: "127.0.0.1", port: 8645), bearerToken: token)
/// let ledger = RemoteLedger(client: client, identity: identity)
/// ```
public struct RemoteLedger: Ledger {
    /// The longest one `fc_waitForBlock` long-poll waits (the node allows up to 60 s); a stream
    /// or a receipt wait asks again after each.
    public static let blockWaitMsMax: Int64 = 30_000

    /// The client asked.
    public let client: JSONRPCClient
    let signer: TransactionSigner
    let callTimeout: Duration

    /// A ledger on the node behind `client`, signing as `identity`.
    /// - Parameters:
    ///   - nowMs: the clock for transaction timestamps (UTC ms); the wall clock unless given.
    ///   - callTimeout: how long one call may take, on top of a long-poll's own wait.
    public init(client: JSONRPCClient, identity: LedgerIdentity, callTimeout: Duration = .seconds(30),
                nowMs: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.client = client
        self.signer = TransactionSigner(identity: identity, nowMs: nowMs)
        self.callTimeout = callTimeout
    }

    /// The organisation this ledger signs for.
    public var organisationID: String { signer.identity.organisationID }

    /// The chain's identifier, from `fc_health`.
    public var chainID: String {
        get async throws(LedgerError) { try RemoteAnswer.string(try await call("fc_health"), "chainID", "health") }
    }

    /// Signs `payload` against the node's tip and expiry window (`fc_health`) and submits it
    /// (`fc_submitTransaction`); checks that the node's hash is the transaction's.
    public func submit(_ payload: TransactionPayload) async throws(LedgerError) -> SubmittedTransaction {
        let health = try await call("fc_health")
        let chain = TransactionSigner.ChainView(chainID: try RemoteAnswer.string(health, "chainID", "health"),
                                                tipHeight: try RemoteAnswer.integer(health, "tipHeight", "health"),
                                                expiryWindowBlocks: try RemoteAnswer.integer(health, "expiryWindowBlocks", "health"))
        guard chain.expiryWindowBlocks >= 1 else { throw .malformedAnswer("health.expiryWindowBlocks is below 1") }
        let transaction = try signer.sign(payload, on: chain)
        let answer = try await call("fc_submitTransaction", ["transaction": .string(Hex.encode(transaction.canonicalBytes))])
        let hash = try RemoteAnswer.hex(answer, "hash", "submission")
        guard hash == signer.hash(of: transaction) else { throw .malformedAnswer("the node's hash is not the transaction's") }
        return SubmittedTransaction(hash: hash, transaction: transaction)
    }

    /// Reads the block count before asking for the receipt, then long-polls for each later
    /// block and looks for the receipt in it, until `timeout`.
    public func receipt(for transactionHash: [UInt8], timeout: Duration) async throws(LedgerError) -> Receipt {
        let deadline = ContinuousClock.now + timeout
        var height = try await blockCount()
        do {
            return try RemoteAnswer.canonical(try await call("fc_getReceipt", ["hash": .string(Hex.encode(transactionHash))]), "receipt")
        } catch .notFound {
            // Not committed yet: wait for the blocks after `height`.
        }
        while true {
            let remainingMs = (deadline - ContinuousClock.now).wholeMilliseconds
            guard remainingMs >= 1 else { throw .timeout }
            guard let block = try await waitForBlock(after: height, waitMs: min(remainingMs, Self.blockWaitMsMax)) else { continue }
            if let receipt = block.receipts.first(where: { $0.transactionHash == transactionHash }) { return receipt }
            height = block.height
        }
    }

    /// The project with this identifier (`ff_project`), or nil.
    public func project(_ id: String) async throws(LedgerError) -> Project? {
        try await optional { () async throws(LedgerError) in try RemoteAnswer.canonical(try await call("ff_project", ["id": .string(id)]), "project") }
    }

    /// The draft with this number (`ff_draft`), or nil.
    public func draft(_ number: String) async throws(LedgerError) -> DigitalDraft? {
        try await optional { () async throws(LedgerError) in
            try RemoteAnswer.canonical(try await call("ff_draft", ["number": .string(number)]), "draft")
        }
    }

    /// Everything waiting for this organisation (`ff_inbox`).
    public func inbox() async throws(LedgerError) -> [InboxItem] {
        try RemoteAnswer.canonicalArray(try await call("ff_inbox", ["organisation": .string(organisationID)]), "inbox")
    }

    /// The drafts this organisation pays or receives in (`ff_draftsInvolving`).
    public func draftsInvolvingMe() async throws(LedgerError) -> [DigitalDraft] {
        try RemoteAnswer.canonicalArray(try await call("ff_draftsInvolving", ["organisation": .string(organisationID)]), "drafts")
    }

    /// Open reconciliation exceptions (`ff_openExceptions`).
    public func openExceptions() async throws(LedgerError) -> [ReconciliationItem] {
        try RemoteAnswer.canonicalArray(try await call("ff_openExceptions"), "exceptions")
    }

    /// Stalled pending legs (`ff_stalledLegs`).
    public func stalledLegs() async throws(LedgerError) -> [Leg] {
        try RemoteAnswer.canonicalArray(try await call("ff_stalledLegs"), "legs")
    }

    /// The balance-adjustment statement of `account` (`ff_balanceAdjustment`).
    public func balanceAdjustment(account: String) async throws(LedgerError) -> BalanceAdjustmentStatement {
        let accountNumber = try LedgerError.normalisedAccount(account)
        return try RemoteAnswer.canonical(try await call("ff_balanceAdjustment", ["account": .string(accountNumber)]), "statement")
    }

    /// The value hash anchored under `key` (`anchor_query`), or nil; `.rejected` for a key no
    /// anchor can have.
    public func anchor(key: String) async throws(LedgerError) -> [UInt8]? {
        let checkedKey = try LedgerError.checkedAnchorKey(key)
        return try await optional { () async throws(LedgerError) in
            try RemoteAnswer.hex(try await call("anchor_query", ["key": .string(checkedKey)]), "valueHash", "anchor")
        }
    }

    /// The number of committed blocks (`fc_blockCount`).
    public func blockCount() async throws(LedgerError) -> Int64 {
        guard let count = try await call("fc_blockCount").int64Value else { throw .malformedAnswer("fc_blockCount is not an integer") }
        return count
    }

    /// The node's health (`fc_health`).
    public func health() async throws(LedgerError) -> LedgerHealth {
        try RemoteAnswer.health(try await call("fc_health"))
    }

    /// Blocks above `height` (or the tip at the first request), one `fc_waitForBlock` long-poll
    /// per block the consumer asks for. Cancelling the consumer closes the call in flight.
    public func committedBlocks(after height: Int64?) -> AsyncStream<BlockSummary> {
        let ledger = self
        let cursor = BlockCursor(after: height)
        return AsyncStream(unfolding: {
            guard let after = await cursor.lastHeight(orTip: { try? await ledger.blockCount() }) else { return nil }
            while !Task.isCancelled {
                do {
                    guard let block = try await ledger.waitForBlock(after: after, waitMs: Self.blockWaitMsMax) else { continue }
                    await cursor.delivered(block.height)
                    return block
                } catch {
                    return nil
                }
            }
            return nil
        })
    }

    /// A page of the reconciliation book with both sides of each item (`ff_reconciliation`).
    public func reconciliation(offset: Int, limit: Int) async throws(LedgerError) -> ReconciliationPage {
        ReconciliationPage.check(offset: offset, limit: limit)
        let answer = try await call("ff_reconciliation", ["offset": .integer(Int64(offset)), "limit": .integer(Int64(limit))])
        let total = try RemoteAnswer.integer(answer, "total", "reconciliation")
        let entries: [ReconciliationEntry] = try RemoteAnswer.canonicalArray(answer["entries"] ?? .null, "reconciliation.entries")
        guard total >= 0, entries.count <= limit else { throw .malformedAnswer("reconciliation: total \(total), \(entries.count) entries for a limit of \(limit)") }
        return ReconciliationPage(total: Int(total), entries: entries)
    }

    /// The committed block at `height` (`fc_getBlockByNumber`), or nil.
    public func block(height: Int64) async throws(LedgerError) -> BlockDetail? {
        guard height >= 1 else { return nil }
        return try await optional { () async throws(LedgerError) in
            try RemoteAnswer.blockDetail(try await call("fc_getBlockByNumber", ["height": .integer(height)]), suite: CryptoSuites.suite(signer.identity.key.suite))
        }
    }

    /// The committed block with this hash (`fc_getBlockByHash`), or nil.
    public func block(hash: [UInt8]) async throws(LedgerError) -> BlockDetail? {
        try await optional { () async throws(LedgerError) in
            try RemoteAnswer.blockDetail(try await call("fc_getBlockByHash", ["hash": .string(Hex.encode(hash))]), suite: CryptoSuites.suite(signer.identity.key.suite))
        }
    }

    /// The proof of the committed transaction with this hash (`RemoteProof`), or nil.
    public func transactionProof(hash: [UInt8]) async throws(LedgerError) -> TransactionProof? {
        try await RemoteProof.fetch(hash, client: client, timeout: callTimeout)
    }

    /// "Why this primary" for `height` (nil: the next height) (`fc_primaryExplanation`), or nil;
    /// decoded from `canonical` and checked to be the height asked for.
    public func primaryExplanation(height: Int64?) async throws(LedgerError) -> HeightPrimaryExplanation? {
        if let height, height < 1 { return nil }
        let params: JSONValue? = height.map { ["height": .integer($0)] }
        let explanation: HeightPrimaryExplanation? = try await optional { () async throws(LedgerError) in
            try RemoteAnswer.canonical(try await call("fc_primaryExplanation", params), "primaryExplanation")
        }
        if let height, let explanation, explanation.height != height {
            throw .malformedAnswer("asked why the primary of \(height), got \(explanation.height)")
        }
        return explanation
    }

    /// The chain's organisations and fund-flow settings (`ff_consortium`).
    public func consortium() async throws(LedgerError) -> Consortium {
        let answer = try await call("ff_consortium")
        let organisations: [Organisation] = try RemoteAnswer.canonicalArray(answer["organisations"] ?? .null, "consortium.organisations")
        let settings: WorkflowSettings = try RemoteAnswer.canonical(answer["settings"] ?? .null, "consortium.settings")
        return Consortium(organisations: organisations, settings: settings)
    }
}


import EmbeddedNode
@testable import LedgerClient
import Workflow
import WorkflowTestSupport

/// A chain for screen tests: a real fund-flow state that executes every submitted workflow
/// command at once (one block each), with no node, crypto or storage.
actor FakeChain {
    private(set) var state = TestConsortium.newState()
    private var clock = ChainClock()
    /// Every payload submitted, in order.
    private(set) var submitted: [TransactionPayload] = []
    /// Receipts by transaction hash.
    private var receipts: [[UInt8]: Receipt] = [:]
    /// When set, admission refuses every submission with it.
    var admissionRefusal: LedgerError?
    /// Blocks the explorer reads, set by a test.
    private(set) var blocks: [BlockDetail] = []
    /// Anchors by key: every successful `anchorStore` submitted.
    private(set) var anchors: [String: [UInt8]] = [:]
    /// Transaction proofs by transaction hash, set by a test.
    private(set) var proofs: [[UInt8]: TransactionProof] = [:]
    /// "Why this primary" answers by height (the next height's under its own), set by a test.
    private(set) var explanations: [Int64: HeightPrimaryExplanation] = [:]

    /// Applies `command` as `actorID`, failing the test on refusal (for setting the scene).
    func must(_ command: WorkflowCommand, by actorID: String) throws {
        try state.must(command, by: actorID, &clock)
    }

    /// Makes `proof` readable by its transaction's hash.
    func addProof(_ proof: TransactionProof) { proofs[proof.receipt.transactionHash] = proof }

    /// Makes `explanation` readable by its height (an uncommitted one also answers "the next height").
    func addExplanation(_ explanation: HeightPrimaryExplanation) { explanations[explanation.height] = explanation }

    /// "Why this primary" for `height`, or for the height above the newest one set when nil.
    func explanation(height: Int64?) -> HeightPrimaryExplanation? {
        guard let height else { return explanations.values.first { !$0.isCommitted } }
        return explanations[height]
    }

    /// Makes `block` readable by height and hash.
    func addBlock(_ block: BlockDetail) { blocks.append(block) }

    /// Ends a block `seconds` after the last one with no transaction in it: the per-block
    /// step runs (stalled legs, overdue bank records).
    func endBlock(after seconds: Int64) {
        let next = clock.next(after: seconds)
        _ = state.endBlock(at: Provenance(height: next.height, time: next.time, transactionHash: []))
    }

    /// Refuses every later submission with `error`.
    func refuseAdmission(_ error: LedgerError?) { admissionRefusal = error }

    /// Executes `payload` from `senderID` in a block of its own; returns its hash.
    func submit(_ payload: TransactionPayload, by senderID: String) throws(LedgerError) -> [UInt8] {
        if let admissionRefusal { throw admissionRefusal }
        submitted.append(payload)
        let provenance = clock.next()
        let outcome: Receipt.Outcome
        if case .workflow(let command) = payload {
            switch state.apply(command, by: senderID, at: provenance) {
            case .success(let events): outcome = .success(events)
            case .failure(let error): outcome = .failure(.workflow(error))
            }
        } else if case .anchorStore(let key, let valueHash) = payload, anchors[key] == nil {
            anchors[key] = valueHash
            outcome = .success([])
        } else if case .anchorStore(let key, _) = payload {
            outcome = .failure(.anchorKeyExists(key))
        } else {
            outcome = .success([])
        }
        receipts[provenance.transactionHash] = Receipt(transactionHash: provenance.transactionHash, height: provenance.height, index: 0, outcome: outcome)
        return provenance.transactionHash
    }

    /// The receipt of `hash`, if committed.
    func receipt(_ hash: [UInt8]) -> Receipt? { receipts[hash] }
    /// The number of blocks.
    var height: Int64 { clock.height }
}

/// A `Ledger` on a `FakeChain`, signing as one organisation.
struct FakeLedger: Ledger {
    let chain: FakeChain
    let organisationID: String
    /// What `health()` answers; nil makes it throw `.notFound`.
    var healthAnswer: LedgerHealth?

    init(chain: FakeChain, organisationID: String, health: LedgerHealth? = nil) {
        self.chain = chain
        self.organisationID = organisationID
        self.healthAnswer = health
    }

    var chainID: String { get async throws(LedgerError) { "fake" } }

    func submit(_ payload: TransactionPayload) async throws(LedgerError) -> SubmittedTransaction {
        let hash = try await chain.submit(payload, by: organisationID)
        let body = TransactionBody(chainID: "fake", senderID: organisationID, nonce: 1, expiryHeight: 1, timestampMs: 0, payload: payload)
        return SubmittedTransaction(hash: hash, transaction: Transaction(body: body, signature: []))
    }

    func receipt(for transactionHash: [UInt8], timeout: Duration) async throws(LedgerError) -> Receipt {
        guard let receipt = await chain.receipt(transactionHash) else { throw .timeout }
        return receipt
    }

    func project(_ id: String) async throws(LedgerError) -> Project? { await chain.state.project(id) }
    func draft(_ number: String) async throws(LedgerError) -> DigitalDraft? { await chain.state.draft(number) }
    func inbox() async throws(LedgerError) -> [InboxItem] { await chain.state.inbox(for: organisationID) }
    func draftsInvolvingMe() async throws(LedgerError) -> [DigitalDraft] { await chain.state.drafts(involving: organisationID) }
    func openExceptions() async throws(LedgerError) -> [ReconciliationItem] { [] }
    func stalledLegs() async throws(LedgerError) -> [Leg] { await chain.state.stalledLegs() }
    func balanceAdjustment(account: String) async throws(LedgerError) -> BalanceAdjustmentStatement { throw .notFound }
    func anchor(key: String) async throws(LedgerError) -> [UInt8]? { await chain.anchors[key] }
    func blockCount() async throws(LedgerError) -> Int64 { await chain.height }
    func health() async throws(LedgerError) -> LedgerHealth {
        guard let healthAnswer else { throw .notFound }
        return healthAnswer
    }
    func committedBlocks(after height: Int64?) -> AsyncStream<BlockSummary> { AsyncStream { $0.finish() } }
    func reconciliation(offset: Int, limit: Int) async throws(LedgerError) -> ReconciliationPage {
        let page = await chain.state.reconciliationEntries(offset: offset, limit: limit)
        return ReconciliationPage(total: page.total, entries: page.entries)
    }
    func block(height: Int64) async throws(LedgerError) -> BlockDetail? { await chain.blocks.first { $0.height == height } }
    func block(hash: [UInt8]) async throws(LedgerError) -> BlockDetail? { await chain.blocks.first { $0.hash == hash } }
    func transactionProof(hash: [UInt8]) async throws(LedgerError) -> TransactionProof? { await chain.proofs[hash] }
    func primaryExplanation(height: Int64?) async throws(LedgerError) -> HeightPrimaryExplanation? { await chain.explanation(height: height) }

    func consortium() async throws(LedgerError) -> Consortium {
        let state = await chain.state
        return Consortium(organisations: state.organisations, settings: state.settings)
    }
}

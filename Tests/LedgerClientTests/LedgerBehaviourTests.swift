import EmbeddedNode
@testable import LedgerClient
import NodeTestSupport
import Testing
import Workflow
import WorkflowTestSupport

/// One set of behaviours every `Ledger` must show, run against the in-process ledger and the
/// JSON-RPC ledger on the same kind of node. Blocks are cut by moving the node's clock and
/// calling `produceBlockIfDue`; waits are bounded by `TestDeadline`, never by sleeping.
@Suite struct LedgerBehaviourTests {
    static let projectID = "XM2026000001"
    static let approval = WorkflowCommand.approveApplication(projectID: projectID, reservedFen: Fen(100_000_000), fundPlan: nil)

    /// Files an application as the county HQ (its receipt awaited while the block commits) and
    /// approves it as the provincial office; reads back the project, the draft, inboxes, the
    /// drafts an organisation takes part in and the reconciliation queries, each equal to the
    /// node's own state.
    @Test(arguments: LedgerKind.allCases) func fundFlowApplicationAndApproval(_ kind: LedgerKind) async throws {
        try await LedgerTestBed.with(kind) { bed in
            let countyHQ = bed.ledger("county-hq"), office = bed.ledger("provincial-office")
            let filing = try await countyHQ.submit(.workflow(.fileApplication(TestConsortium.application())))
            async let filedReceipt = countyHQ.receipt(for: filing.hash, timeout: LedgerTestBed.patience)
            try await bed.produceBlock()
            #expect(try await filedReceipt.outcome == .success([.applicationFiled(projectID: Self.projectID)]))
            #expect(try await office.inbox().map(\.kind) == [.decideApplication])

            let approval = try await office.submit(.workflow(Self.approval))
            try await bed.produceBlock()
            let approved = try await office.receipt(for: approval.hash, timeout: LedgerTestBed.patience)
            guard case .success(let events) = approved.outcome else { throw LedgerTestFailure("approval failed: \(approved)") }
            #expect(events.first == .draftIssued(projectID: Self.projectID, draftNumber: TestConsortium.firstDraftNumber, amountFen: Fen(100_000_000)))

            let state = await bed.node.workflowState
            let project = try #require(try await office.project(Self.projectID))
            #expect(project == state.project(Self.projectID))
            #expect(project.status == .approved && project.draftNumber == TestConsortium.firstDraftNumber)
            let draft = try #require(try await office.draft(TestConsortium.firstDraftNumber))
            #expect(draft == state.draft(TestConsortium.firstDraftNumber))
            #expect(draft.legs.count == 7)
            #expect(try await office.project("XM2099999999") == nil)
            #expect(try await office.draft("HP2099000001") == nil)
            let consortium = try await bed.ledger("auditor").consortium()
            #expect(consortium == Consortium(organisations: state.organisations, settings: state.settings))
            #expect(consortium.name(of: "county-fund") == TestConsortium.organisations.first { $0.id == "county-fund" }?.name)
            try await checkInboxes(bed, state: state)
            try await checkReconciliationQueries(bed, state: state)
        }
    }

    private func checkInboxes(_ bed: LedgerTestBed, state: WorkflowState) async throws {
        let countyFinance = try await bed.ledger("county-finance").inbox()
        #expect(countyFinance == state.inbox(for: "county-finance"))
        #expect(countyFinance.contains { $0.kind == .payLeg && $0.amountFen == Fen(6_000_000) && $0.legID == TestConsortium.leg(0) })
        #expect(try await bed.ledger("fund-lp").draftsInvolvingMe().map(\.number) == [TestConsortium.firstDraftNumber])
        #expect(try await bed.ledger("auditor").draftsInvolvingMe() == [])
        #expect(try await bed.ledger("provincial-office").inbox() == [])
    }

    private func checkReconciliationQueries(_ bed: LedgerTestBed, state: WorkflowState) async throws {
        let ledger = bed.ledger("auditor")
        #expect(try await ledger.openExceptions() == [])
        #expect(try await ledger.stalledLegs() == [])
        let statement = try await ledger.balanceAdjustment(account: "6222 0201 0000 0000 707")
        #expect(statement == state.balanceAdjustment(accountNumber: "6222020100000000707"))
        let malformed = await ledgerError { () async throws(LedgerError) in try await ledger.balanceAdjustment(account: "12x") }
        guard case .rejected(let code, _, let messageZh) = malformed else { throw LedgerTestFailure("expected .rejected, got \(String(describing: malformed))") }
        #expect(code == "malformedAccountNumber" && messageZh.contains("账号"))
    }

    /// The bank publishes a statement of two records; a page of the reconciliation book reads
    /// back each item with its record, equal to the node's own, and pages split where asked.
    @Test(arguments: LedgerKind.allCases) func reconciliationPagesCarryBothSides(_ kind: LedgerKind) async throws {
        try await LedgerTestBed.with(kind) { bed in
            let account = "6222020100000000303"
            let records = ["B001", "B002"].map { serial in
                BankRecord(bankSerial: serial, fundSerial: serial == "B001" ? "FS2026000009" : nil, accountNumber: account,
                           counterpartyAccount: "6222020100000000707", counterpartyName: "黔东县脱贫基金公司", direction: .debit,
                           amountFen: Fen(6_000_000), balanceFen: nil, time: Timestamp(millisecondsSinceEpoch: 1_795_305_600_000),
                           summary: "转账", remark: "")
            }
            let publish = WorkflowCommand.publishBankRecords(statementHash: String(repeating: "a", count: 64), accountNumber: account,
                                                             part: .whole, records: records)
            let bank = bed.ledger("commercial-bank")
            let submitted = try await bank.submit(.workflow(publish))
            try await bed.produceBlock()
            let receipt = try await bank.receipt(for: submitted.hash, timeout: LedgerTestBed.patience)
            guard case .success = receipt.outcome else { throw LedgerTestFailure("publication failed: \(receipt)") }
            let state = await bed.node.workflowState
            let auditor = bed.ledger("auditor")
            let whole = try await auditor.reconciliation(offset: 0, limit: ReconciliationPage.limitMax)
            #expect(whole.total == 2)
            #expect(whole.entries == state.reconciliationEntries(offset: 0, limit: 10).entries)
            #expect(whole.entries.map { $0.record?.record.bankSerial } == ["B001", "B002"])
            #expect(whole.entries.allSatisfy { $0.item.outcome == .bankRecordWithoutLeg && $0.leg == nil })
            let second = try await auditor.reconciliation(offset: 1, limit: 1)
            #expect(second.total == 2 && second.entries.map(\.item.id) == [1])
        }
    }

    /// A transaction signed with another organisation's key, and one from an organisation the
    /// chain does not know, are refused at submission with the reason's code and both
    /// languages' words; nothing waits in the mempool afterwards.
    @Test(arguments: LedgerKind.allCases) func refusedTransactionIsRejected(_ kind: LedgerKind) async throws {
        try await LedgerTestBed.with(kind) { bed in
            let forged = bed.ledger("county-hq", signedBy: "builder")
            let refusal = await ledgerError { () async throws(LedgerError) in try await forged.submit(.pressureAdd) }
            #expect(refusal == .rejected(code: "badSignature", message: "The signature does not verify with the sender's key",
                                         messageZh: "签名无法用发送方当前密钥验证"))
            #expect(refusal?.message(.chinese) == "签名无法用发送方当前密钥验证")

            let stranger = bed.ledger("nobody")
            guard case .rejected(let code, let message, _) = await ledgerError({ () async throws(LedgerError) in try await stranger.submit(.pressureAdd) }) else {
                throw LedgerTestFailure("an unknown sender was not refused")
            }
            #expect(code == "unknownSender" && message.contains("nobody"))
            #expect(await ledgerError { () async throws(LedgerError) in try await stranger.inbox() } == .notFound)
            #expect(try await bed.ledger("auditor").health().mempoolCount == 0)
        }
    }

    /// An approval by the county HQ is admitted but fails in its block: the receipt carries the
    /// fund flow's typed reason. `submitAndWait` gives up at its timeout when no block is cut.
    @Test(arguments: LedgerKind.allCases) func committedFailureHasItsReason(_ kind: LedgerKind) async throws {
        try await LedgerTestBed.with(kind) { bed in
            let countyHQ = bed.ledger("county-hq")
            let waited = await ledgerError { () async throws(LedgerError) in
                try await countyHQ.submitAndWait(.workflow(Self.approval), timeout: .milliseconds(200))
            }
            #expect(waited == .timeout)
            let committed = try await bed.produceBlock()
            let receipt = try #require(committed.receipts.first)
            #expect(receipt.outcome == .failure(.workflow(.notPermitted(command: .approveApplication, kind: .countyHQ))))
            #expect(try await countyHQ.receipt(for: receipt.transactionHash, timeout: LedgerTestBed.patience) == receipt)
        }
    }

    /// A committed block reads back whole by height and by hash, equal to the node's own, with
    /// one receipt per transaction and its certificate; heights and hashes with no block are nil.
    @Test(arguments: LedgerKind.allCases) func blocksReadBackWhole(_ kind: LedgerKind) async throws {
        try await LedgerTestBed.with(kind) { bed in
            let countyHQ = bed.ledger("county-hq")
            _ = try await countyHQ.submit(.pressureAdd)
            _ = try await countyHQ.submit(.workflow(Self.approval))
            let committed = try await bed.produceBlock()
            let byHeight = try #require(try await countyHQ.block(height: committed.block.header.height))
            #expect(byHeight == BlockDetail(committed))
            #expect(byHeight.transactions.count == 2 && byHeight.receipts.count == 2)
            #expect(byHeight.certificate.blockHash == byHeight.hash && !byHeight.certificate.signatures.isEmpty)
            #expect(try await countyHQ.block(hash: committed.hash) == byHeight)
            #expect(try await countyHQ.block(height: committed.block.header.height + 1) == nil)
            #expect(try await countyHQ.block(height: 0) == nil)
            #expect(try await countyHQ.block(hash: [UInt8](repeating: 7, count: 32)) == nil)
        }
    }

    /// A committed transaction's proof reads back and checks against the genesis alone; a
    /// hash never committed has none.
    @Test(arguments: LedgerKind.allCases) func transactionProofChecksOffline(_ kind: LedgerKind) async throws {
        try await LedgerTestBed.with(kind) { bed in
            let countyHQ = bed.ledger("county-hq")
            let submitted = try await countyHQ.submit(.anchorStore(key: "contract/XM2026000001", valueHash: [UInt8](repeating: 0xAB, count: 32)))
            _ = try await bed.produceBlock()
            let proof = try #require(try await countyHQ.transactionProof(hash: submitted.hash))
            #expect(proof.receipt.transactionHash == submitted.hash)
            #expect(proof.problem(genesis: bed.chain.genesis) == nil)
            #expect(try TransactionProof(fileData: proof.fileData) == proof)
            #expect(try await countyHQ.transactionProof(hash: [UInt8](repeating: 9, count: 32)) == nil)
        }
    }

    /// Anchors a document hash, queries it and a key never stored, and stores the key again:
    /// the second store's receipt fails with "key exists".
    @Test(arguments: LedgerKind.allCases) func anchorStoreThenQuery(_ kind: LedgerKind) async throws {
        try await LedgerTestBed.with(kind) { bed in
            let key = "contract/\(Self.projectID)", documentHash = [UInt8](repeating: 0xAB, count: 32)
            let countyHQ = bed.ledger("county-hq"), auditor = bed.ledger("auditor")
            let store = try await countyHQ.submit(.anchorStore(key: key, valueHash: documentHash))
            try await bed.produceBlock()
            #expect(try await countyHQ.receipt(for: store.hash, timeout: LedgerTestBed.patience).outcome == .success([]))
            #expect(try await auditor.anchor(key: key) == documentHash)
            #expect(try await auditor.anchor(key: "contract/none") == nil)
            let emptyKey = await ledgerError { () async throws(LedgerError) in try await auditor.anchor(key: "") }
            guard case .rejected(let code, _, _) = emptyKey else { throw LedgerTestFailure("an empty anchor key was asked about") }
            #expect(code == "anchorMalformed")

            let again = try await auditor.submit(.anchorStore(key: key, valueHash: [UInt8](repeating: 0xCD, count: 32)))
            try await bed.produceBlock()
            #expect(try await auditor.receipt(for: again.hash, timeout: LedgerTestBed.patience).outcome == .failure(.anchorKeyExists(key)))
            #expect(try await auditor.anchor(key: key) == documentHash)
        }
    }

    /// Waiting for the receipt of a hash nobody submitted ends with `.timeout`, also when a
    /// block (without it) commits during the wait.
    @Test(arguments: LedgerKind.allCases) func receiptTimesOutForUnknownHash(_ kind: LedgerKind) async throws {
        try await LedgerTestBed.with(kind) { bed in
            let ledger = bed.ledger("builder")
            _ = try await ledger.submit(.pressureAdd)
            try await bed.produceBlock()
            let unknown = [UInt8](repeating: 0x42, count: 32)
            #expect(await ledgerError { () async throws(LedgerError) in try await ledger.receipt(for: unknown, timeout: .milliseconds(300)) } == .timeout)
        }
    }

    /// The block stream from height 0 delivers the block committed before it started, then
    /// each block as it commits, in order, with the hashes and receipts the node committed.
    @Test(arguments: LedgerKind.allCases) func blockStreamDeliversBlocksInOrder(_ kind: LedgerKind) async throws {
        try await LedgerTestBed.with(kind) { bed in
            let ledger = bed.ledger("builder")
            var submitted = [try await ledger.submit(.pressureAdd).hash]
            var committed = [try await bed.produceBlock()]
            let stream = ledger.committedBlocks(after: 0)
            let consumer = Task { () -> [BlockSummary] in
                var blocks: [BlockSummary] = []
                for await block in stream {
                    blocks.append(block)
                    if blocks.count == 3 { break }
                }
                return blocks
            }
            for _ in 0..<2 {
                submitted.append(try await ledger.submit(.pressureAdd).hash)
                committed.append(try await bed.produceBlock())
            }
            let blocks = try await within(LedgerTestBed.patience) { await consumer.value }
            #expect(blocks.map(\.height) == [1, 2, 3])
            #expect(blocks.map(\.hash) == committed.map(\.hash))
            #expect(blocks.map(\.timestampMs) == committed.map(\.block.header.timestampMs))
            #expect(blocks.map { $0.receipts.map(\.transactionHash) } == submitted.map { [$0] })
            #expect(blocks.allSatisfy { $0.receipts.allSatisfy { $0.outcome == .success([]) } })
        }
    }

    /// A paid leg with no bank record after the grace period becomes an exception at block
    /// time; the stream carries that time-step event with its block.
    @Test(arguments: LedgerKind.allCases) func blockStreamCarriesTimeStepEvents(_ kind: LedgerKind) async throws {
        try await LedgerTestBed.with(kind) { bed in
            _ = try await bed.ledger("county-hq").submit(.workflow(.fileApplication(TestConsortium.application())))
            try await bed.produceBlock()
            _ = try await bed.ledger("provincial-office").submit(.workflow(Self.approval))
            try await bed.produceBlock()
            _ = try await bed.ledger("county-finance").submit(.workflow(.recordPayment(legID: TestConsortium.leg(0), fundSerial: "FS2026000001")))
            try await bed.produceBlock()
            bed.clock.advance(byMs: bed.chain.genesis.workflowSettings.reconciliationGraceSeconds * 1000)
            _ = try await bed.ledger("auditor").submit(.pressureAdd)
            try await bed.produceBlock()
            let stream = bed.ledger("auditor").committedBlocks(after: 3)
            let block = try await within(LedgerTestBed.patience) { () -> BlockSummary? in
                for await block in stream { return block }
                return nil
            }
            #expect(block?.height == 4)
            #expect(block?.blockEvents == [.reconciliationChanged(itemID: 0, outcome: .legWithoutBankRecord)])
        }
    }

    /// The chain's identity and tip as the node reports them.
    @Test(arguments: LedgerKind.allCases) func chainIdentityAndHealth(_ kind: LedgerKind) async throws {
        try await LedgerTestBed.with(kind) { bed in
            let ledger = bed.ledger("auditor")
            #expect(ledger.organisationID == "auditor")
            #expect(try await ledger.chainID == bed.chain.genesis.chainID)
            _ = try await ledger.submit(.pressureAdd)
            #expect(try await ledger.health().mempoolCount == 1)
            let block = try await bed.produceBlock()
            let health = try await ledger.health()
            #expect(health.tipHeight == 1 && health.tipHash == block.hash && health.tipTimeMs == block.block.header.timestampMs)
            #expect(health.validatorID == "provincial-office" && !health.isSyncing)
            #expect(try await ledger.blockCount() == 1)
        }
    }

    /// "Why this primary" for a committed block and for the next height, equal to the node's
    /// own recomputation whichever ledger asks; nil for a height neither committed nor next.
    @Test(arguments: LedgerKind.allCases) func primaryExplanationOfBlocks(_ kind: LedgerKind) async throws {
        try await LedgerTestBed.with(kind) { bed in
            let ledger = bed.ledger("auditor")
            _ = try await ledger.submit(.pressureAdd)
            _ = try await bed.produceBlock()
            let committed = try #require(try await ledger.primaryExplanation(height: 1))
            let recomputed = try await bed.node.primaryExplanation(height: 1)
            #expect(committed == recomputed)
            #expect(committed.isCommitted && committed.decidingView.primaryID == "provincial-office")
            #expect(committed.activity.map(\.proposedBlocks) == [0], "no block before height 1")
            let next = try #require(try await ledger.primaryExplanation(height: nil))
            #expect(!next.isCommitted && next.height == 2 && next.activity.first?.lastProposedHeight == 1)
            #expect(try await ledger.primaryExplanation(height: 3) == nil)
            #expect(try await ledger.primaryExplanation(height: 0) == nil)
        }
    }
}

/// A failed expectation that ends a test.
struct LedgerTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The value of `body`, or a test failure when `timeout` passes first.
func within<Value: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async -> Value) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let value = try await group.next() ?? nil else { throw LedgerTestFailure("nothing within \(timeout)") }
        return value
    }
}

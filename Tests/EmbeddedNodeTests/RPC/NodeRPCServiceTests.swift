import Canonical
import Testing
import Workflow
import WorkflowTestSupport

@testable import EmbeddedNode

/// The node's JSON-RPC methods end to end: a one-validator node in a temporary directory with a
/// hand-moved clock, `NodeRPCService` on a real server on 127.0.0.1, and a real client. Blocks
/// are cut by advancing the clock past the batch timeout and calling `produceBlockIfDue`.
@Suite struct NodeRPCServiceTests {
    /// Files an application as the county HQ and approves it as the provincial office; checks
    /// the receipts, a refused command's reason in both languages, and every fund-flow query.
    @Test func fundFlowThroughRPC() async throws {
        let fixture = try await NodeRPCFixture.start()
        let filing = try await fixture.submit(fixture.transaction(.workflow(.fileApplication(TestConsortium.application())), by: "county-hq"))
        try await fixture.produceBlock()
        let filed = try await fixture.call("fc_getReceipt", ["hash": .string(filing)])
        #expect(filed["status"] == "success")
        let event = try #require(filed["events"]?[0])
        #expect(event["type"] == "applicationFiled" && event["projectID"] == "XM2026000001")
        #expect(try WorkflowEvent(canonicalBytes: Hex.decode(event["canonical"]?.stringValue ?? "") ?? []) == .applicationFiled(projectID: "XM2026000001"))

        let approve = WorkflowCommand.approveApplication(projectID: "XM2026000001", reservedFen: Fen(100_000_000), fundPlan: nil)
        let wrongApprover = try await fixture.submit(fixture.transaction(.workflow(approve), by: "county-hq"))
        let approval = try await fixture.submit(fixture.transaction(.workflow(approve), by: "provincial-office"))
        try await fixture.produceBlock()
        let refused = try await fixture.call("fc_getReceipt", ["hash": .string(wrongApprover)])
        #expect(refused["status"] == "failure")
        #expect(refused["reason"]?["code"] == "workflow")
        #expect(refused["reason"]?["workflowError"]?["code"] == "notPermitted")
        #expect(refused["reason"]?["message"]?.stringValue?.contains("may not approve") == true)
        #expect(refused["reason"]?["messageZh"]?.stringValue?.contains("无权") == true)
        let approved = try await fixture.call("fc_getReceipt", ["hash": .string(approval)])
        #expect(approved["status"] == "success")
        #expect(approved["events"]?.arrayValue?.contains { $0["type"] == "draftIssued" && $0["amountYuanText"] == "1,000,000.00" } == true)

        try await checkProjectQueries(fixture)
        try await checkDraftQueries(fixture)
        try await checkReconciliationQueries(fixture)
        await fixture.stop()
    }

    private func checkProjectQueries(_ fixture: NodeRPCFixture) async throws {
        let project = try await fixture.call("ff_project", ["id": "XM2026000001"])
        #expect(project["status"] == "approved")
        #expect(project["draftNumber"] == .string(TestConsortium.firstDraftNumber))
        #expect(project["application"]?["budgetFen"] == 100_000_000)
        #expect(project["stages"]?.arrayValue?.count == 3)
        #expect(project["history"]?.arrayValue?.map { $0["action"] } == ["filed", "approved"])
        let canonical = try #require(project.bytes("canonical"))
        let stored = await fixture.node.workflowState.project("XM2026000001")
        #expect(try Project(canonicalBytes: canonical) == stored)
        let page = try await fixture.call("ff_projects", ["offset": 0, "limit": 1])
        #expect(page["total"] == 1)
        #expect(page["projects"]?[0]?["id"] == "XM2026000001")
        #expect(try await fixture.call("ff_projects", ["offset": 1])["projects"] == [])
        #expect(try await fixture.callError("ff_projects", ["limit": 501]).code == .invalidParams)
        #expect(try await fixture.callError("ff_project", ["id": "XM2099999999"]).code == .notFound)
    }

    private func checkDraftQueries(_ fixture: NodeRPCFixture) async throws {
        let draft = try await fixture.call("ff_draft", ["number": .string(TestConsortium.firstDraftNumber)])
        #expect(draft["status"] == "active")
        #expect(draft["amountFen"] == 100_000_000)
        #expect(draft["legs"]?.arrayValue?.count == 7)
        let holdings = try #require(draft["holdings"]?.arrayValue)
        #expect(holdings.compactMap { $0["amountFen"]?.int64Value }.reduce(0, +) == 100_000_000)
        #expect(holdings.contains { $0["organisationID"] == "commercial-bank" && $0["amountYuanText"] == "900,000.00" })
        let canonical = try #require(draft.bytes("canonical"))
        #expect(try DigitalDraft(canonicalBytes: canonical).number == TestConsortium.firstDraftNumber)

        let inbox = try await fixture.call("ff_inbox", ["organisation": "county-finance"])
        #expect(inbox.arrayValue?.contains { $0["kind"] == "payLeg" && $0["amountFen"] == 6_000_000 } == true)
        let inboxItems = try #require(inbox.arrayValue).map { try InboxItem(canonicalBytes: #require($0.bytes("canonical"))) }
        #expect(inboxItems == (await fixture.node.workflowState.inbox(for: "county-finance")))
        let involving = try await fixture.call("ff_draftsInvolving", ["organisation": "fund-lp"])
        #expect(involving.arrayValue?.map { $0["number"] } == [.string(TestConsortium.firstDraftNumber)])
        #expect(try await fixture.call("ff_draftsInvolving", ["organisation": "auditor"]) == [])
        #expect(try await fixture.callError("ff_inbox", ["organisation": "nobody"]).code == .notFound)
        #expect(try await fixture.callError("ff_draft", ["number": "HP2099000001"]).code == .notFound)
    }

    private func checkReconciliationQueries(_ fixture: NodeRPCFixture) async throws {
        #expect(try await fixture.call("ff_openExceptions") == [])
        #expect(try await fixture.call("ff_stalledLegs") == [])
        let ages = try await fixture.call("ff_outstandingByAge", ["atMs": 1_800_000_000_000])
        #expect(ages["buckets"]?.arrayValue?.map { $0["bucket"] } == ["upToSevenDays", "upToThirtyDays", "upToNinetyDays", "overNinetyDays"])
        #expect(ages["atMs"] == 1_800_000_000_000)
        let statement = try await fixture.call("ff_balanceAdjustment", ["account": "6222020100000000707"])
        #expect(statement["bookOnlyCreditsFen"] == 0)
        #expect(statement["bankBalanceFen"] == .null)
        let decoded = try BalanceAdjustmentStatement(canonicalBytes: #require(statement.bytes("canonical")))
        #expect(decoded == (await fixture.node.workflowState.balanceAdjustment(accountNumber: "6222020100000000707")))
        #expect(try await fixture.callError("ff_balanceAdjustment", ["account": "12x"]).message.contains("account"))
        let book = try await fixture.call("ff_reconciliation")
        #expect(book["total"] == 0 && book["entries"] == [] && book["limit"] == 500)
        #expect(try await fixture.callError("ff_reconciliation", ["limit": 501]).code == .invalidParams)
        #expect(try await fixture.callError("ff_reconciliation", ["offset": -1]).code == .invalidParams)
    }

    /// Anchors a document hash, adds to the pressure account and stores the same anchor key
    /// again; checks block count, blocks by number and by hash, transactions by hash and by
    /// position, the inclusion proof, anchor queries and health.
    @Test func chainQueriesThroughRPC() async throws {
        let fixture = try await NodeRPCFixture.start()
        let documentHash = [UInt8](repeating: 0xAB, count: 32)
        let anchor = try await fixture.submit(fixture.transaction(.anchorStore(key: "contract/XM2026000001", valueHash: documentHash), by: "county-hq"))
        let pressure = try await fixture.submit(fixture.transaction(.pressureAdd, by: "builder"))
        try await fixture.produceBlock()
        let again = try await fixture.submit(fixture.transaction(.anchorStore(key: "contract/XM2026000001", valueHash: documentHash), by: "auditor"))
        try await fixture.produceBlock()
        #expect(try await fixture.call("fc_blockCount") == 2)

        let byNumber = try await fixture.call("fc_getBlockByNumber", ["height": 1])
        let blockHash = try #require(byNumber["hash"]?.stringValue)
        #expect(try await fixture.call("fc_getBlockByHash", ["hash": .string(blockHash)]) == byNumber)
        #expect(byNumber["header"]?["hash"] == .string(blockHash))
        #expect(byNumber["transactions"]?.arrayValue?.map { $0["hash"] } == [.string(anchor), .string(pressure)])
        #expect(byNumber["certificate"]?["signatures"]?[0]?["validatorID"] == "provincial-office")
        let header = try BlockHeader(canonicalBytes: #require(byNumber["header"]?.bytes("canonical")))
        #expect(Hex.encode(header.hash(fixture.genesis.suite)) == blockHash)

        let byHash = try await fixture.call("fc_getTransactionByHash", ["hash": .string(pressure)])
        #expect(byHash == (try await fixture.call("fc_getTransactionByBlockAndIndex", ["height": 1, "index": 1])))
        #expect(byHash["payload"] == ["type": "pressureAdd"])
        #expect(byHash["sender"] == "builder")
        let transaction = try Transaction(canonicalBytes: #require(byHash.bytes("canonical")))
        #expect(Hex.encode(transaction.hash(fixture.genesis.suite)) == pressure)

        let inclusion = try await fixture.call("fc_getInclusionProof", ["hash": .string(pressure)])
        #expect(inclusion["blockHash"] == .string(blockHash))
        let proof = try InclusionProof(canonicalBytes: #require(inclusion["proof"]?.bytes("canonical")))
        let root = try #require(inclusion.bytes("transactionsRoot"))
        #expect(root == header.transactionsRoot)
        #expect(proof.verifies(leaf: transaction.canonicalBytes, root: root, hash: fixture.genesis.suite.hash))
        #expect(!proof.verifies(leaf: transaction.canonicalBytes + [0], root: root, hash: fixture.genesis.suite.hash))

        let found = try await fixture.call("anchor_query", ["key": "contract/XM2026000001"])
        #expect(found == ["key": "contract/XM2026000001", "valueHash": .string(Hex.encode(documentHash))])
        let missing = try await fixture.callError("anchor_query", ["key": "contract/none"])
        #expect(missing.code == .notFound && missing.message == "key does not exist")
        let second = try await fixture.call("fc_getReceipt", ["hash": .string(again)])
        #expect(second["reason"]?["code"] == "anchorKeyExists")
        #expect(second["reason"]?["message"]?.stringValue?.contains("exists") == true)

        let health = try await fixture.call("fc_health")
        #expect(health["tipHeight"] == 2)
        #expect(health["expiryWindowBlocks"] == .int(fixture.genesis.consensus.expiryWindowBlocks))
        #expect(health["mempoolCount"] == 0)
        #expect(health["validatorID"] == "provincial-office")
        #expect(health["peers"] == [] && health["syncing"] == false)
        await fixture.stop()
    }

    /// Malformed params get -32602 naming the parameter; unknown objects get -32011.
    @Test func malformedParamsAndUnknownObjects() async throws {
        let fixture = try await NodeRPCFixture.start()
        let cases: [(String, JSONValue?, String)] = [
            ("fc_getTransactionByHash", [:], "hash is required"),
            ("fc_getTransactionByHash", ["hash": "xyz"], "hash must be non-empty hex"),
            ("fc_getReceipt", ["hash": "abcd"], "hash must be 64 hex digits"),
            ("fc_getBlockByNumber", ["height": 0], "height must be an integer in 1..."),
            ("fc_getBlockByNumber", ["height": "1"], "height must be an integer"),
            ("fc_getTransactionByBlockAndIndex", ["height": 1], "index is required"),
            ("fc_submitTransaction", ["transaction": 5], "transaction must be a string"),
            ("fc_waitForBlock", ["afterHeight": 0, "timeoutMs": 60_001], "timeoutMs must be an integer in 1...60000"),
            ("fc_getBlockByHash", ["hash": .string(String(repeating: "00", count: 32)), "extra": 1], "unknown param \"extra\""),
            ("fc_blockCount", [1], "params must be an object"),
        ]
        for (method, params, expected) in cases {
            let error = try await fixture.callError(method, params)
            #expect(error.code == .invalidParams, "\(method)")
            #expect(error.message.contains(expected), "\(method): \(error.message)")
        }
        let unknown = JSONValue.string(String(repeating: "ab", count: 32))
        for method in ["fc_getTransactionByHash", "fc_getReceipt", "fc_getBlockByHash", "fc_getInclusionProof"] {
            #expect(try await fixture.callError(method, ["hash": unknown]).code == .notFound, "\(method)")
        }
        #expect(try await fixture.callError("fc_getBlockByNumber", ["height": 7]).code == .notFound)
        #expect(try await fixture.callError("fc_getTransactionByBlockAndIndex", ["height": 1, "index": 0]).code == .notFound)
        await fixture.stop()
    }

    /// A badly signed, an oversized and another chain's transaction are refused with -32010
    /// and the reason's code name and messages in `data`.
    @Test func admissionRefusalsCarryTheirReason() async throws {
        let bigBodies = JSONRPCServerConfiguration(requestBodyBytesMax: 10 << 20, jsonLimits: JSONLimits(stringBytesMax: 9 << 20))
        let fixture = try await NodeRPCFixture.start(serverConfiguration: bigBodies)
        let forged = try fixture.transaction(.pressureAdd, by: "county-hq", signedBy: "builder")
        let otherChain = try fixture.transaction(.pressureAdd, by: "county-hq", chainID: "another-chain")
        let refusals: [([UInt8], String)] = [(forged.canonicalBytes, "badSignature"), (otherChain.canonicalBytes, "wrongChain"),
                                              ([1, 2, 3], "malformed")]
        for (bytes, reason) in refusals {
            let error = try await fixture.callError("fc_submitTransaction", ["transaction": .string(Hex.encode(bytes))])
            #expect(error.code == .transactionRejected, "\(reason)")
            #expect(error.data?["reason"] == .string(reason))
            #expect(error.data?["message"]?.stringValue?.isEmpty == false)
            #expect(error.data?["messageZh"]?.stringValue?.isEmpty == false)
        }
        // The oversized body is built as raw bytes: hex-encoding and serializing 8 MiB in a debug
        // build would load the machine for a second and slow the other suites' sockets.
        let zeros = [UInt8](repeating: UInt8(ascii: "0"), count: 2 * (Transaction.encodedBytesMax + 1))
        let body = #"{"jsonrpc":"2.0","method":"fc_submitTransaction","params":{"transaction":""#.bytes + zeros + #""},"id":1}"#.bytes
        let oversized = try await RawHTTPConnection.send(body, port: fixture.test.port)
        #expect(oversized.errorCode == RPCError.Code.transactionRejected.rawValue)
        #expect(oversized.json?["error"]?["data"]?["reason"] == "oversized")
        #expect(try await fixture.call("fc_health")["mempoolCount"] == 0)
        await fixture.stop()
    }

    /// `fc_waitForBlock` answers at once for a committed height, wakes when a block commits
    /// while it waits, and times out with -32012 when none does.
    @Test func waitForBlockLongPolls() async throws {
        let fixture = try await NodeRPCFixture.start()
        let timedOut = try await fixture.callError("fc_waitForBlock", ["afterHeight": 0, "timeoutMs": 100])
        #expect(timedOut.code == .timeout)

        // The server waits at most 60 s (its maximum); the client's own deadline (callTimeout)
        // must be longer, so a slow wake-up surfaces as the server's -32012, not a client timeout.
        let waiter = Task { try await fixture.call("fc_waitForBlock", ["afterHeight": 0, "timeoutMs": .integer(NodeRPCService.waitTimeoutMsMax)]) }
        _ = try await fixture.submit(fixture.transaction(.pressureAdd, by: "builder"))
        let committed = try await fixture.produceBlock()
        let woken = try await waiter.value
        #expect(woken["height"] == 1)
        #expect(woken["hash"] == .string(Hex.encode(committed.hash)))

        let immediate = try await fixture.call("fc_waitForBlock", ["afterHeight": 0, "timeoutMs": 1])
        #expect(immediate["hash"] == .string(Hex.encode(committed.hash)))
        await fixture.stop()
    }

    /// With `summary`, `fc_waitForBlock` names the accepted and refused transactions by hash
    /// and nothing else; `pressure_query` reads 100 plus the committed adds.
    @Test func blockSummaryAndPressureAccount() async throws {
        let fixture = try await NodeRPCFixture.start()
        #expect(try await fixture.call("pressure_query")["value"] == 100)
        let first = try await fixture.submit(fixture.transaction(.pressureAdd, by: "builder"))
        let second = try await fixture.submit(fixture.transaction(.pressureAdd, by: "county-hq"))
        let anchor = try await fixture.submit(fixture.transaction(.anchorStore(key: "k", valueHash: [UInt8](repeating: 1, count: 32)), by: "auditor"))
        let committed = try await fixture.produceBlock()
        let refused = try await fixture.submit(fixture.transaction(.anchorStore(key: "k", valueHash: [UInt8](repeating: 2, count: 32)), by: "auditor"))
        _ = try await fixture.produceBlock()

        let summary = try await fixture.call("fc_waitForBlock", ["afterHeight": 0, "timeoutMs": 1, "summary": true])
        #expect(summary["hash"] == .string(Hex.encode(committed.hash)) && summary["height"] == 1)
        #expect(summary["acceptedTransactionHashes"] == .array([.string(first), .string(second), .string(anchor)]))
        #expect(summary["rejectedTransactionHashes"] == [])
        #expect(summary["transactions"] == nil && summary["header"] == nil)
        let next = try await fixture.call("fc_waitForBlock", ["afterHeight": 1, "timeoutMs": 1, "summary": true])
        #expect(next["acceptedTransactionHashes"] == [] && next["rejectedTransactionHashes"] == .array([.string(refused)]))
        let full = try await fixture.call("fc_waitForBlock", ["afterHeight": 0, "timeoutMs": 1, "summary": false])
        #expect(full["transactions"]?.arrayValue?.count == 3)
        let wrong = try await fixture.callError("fc_waitForBlock", ["afterHeight": 0, "timeoutMs": 1, "summary": "yes"])
        #expect(wrong.code == .invalidParams && wrong.message.contains("summary must be true or false"))
        #expect(try await fixture.call("pressure_query")["value"] == 102)
        await fixture.stop()
    }
}

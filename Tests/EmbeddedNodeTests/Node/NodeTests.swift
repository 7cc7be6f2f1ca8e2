import Canonical
@testable import EmbeddedNode
import Foundation
import NodeTestSupport
import Testing
import Workflow
import WorkflowTestSupport

/// The single-validator node: admission refusals, block cutting, receipts, contracts, key
/// rotation, and restarts that verify and replay the stored chain.
@Suite struct NodeTests {
    let chain: TestChain
    let clock = ManualClock(startMs: TestChain.genesisTimeMs)
    let directory = TestChain.temporaryDirectory()

    init() throws { chain = try TestChain() }

    func openNode() throws -> Node {
        try Node(genesis: chain.genesis, dataDirectory: directory, validator: ("provincial-office", chain.keys["provincial-office"]!),
                 nowMs: { [clock] in clock.nowMs })
    }

    func submit(_ node: Node, _ transaction: Transaction) async throws -> [UInt8] {
        try await node.submit(transaction.canonicalBytes)
    }

    /// Advances past the batch timeout and produces the block.
    func produce(_ node: Node) async throws -> CommittedBlock {
        clock.advance(byMs: Int64(chain.genesis.consensus.batchTimeoutMs))
        return try #require(try await node.produceBlockIfDue())
    }

    @Test func admissionRefusesEachKindOfBadTransaction() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let node = try openNode()
        let good = try chain.transaction(.pressureAdd, from: "county-hq", nonce: 1)
        _ = try await submit(node, good)
        await #expect(throws: AdmissionError.duplicate) { try await submit(node, good) }
        let sameNonce = try chain.transaction(.anchorStore(key: "k", valueHash: Array(repeating: 1, count: 32)), from: "county-hq", nonce: 1)
        await #expect(throws: AdmissionError.nonceUsed) { try await submit(node, sameNonce) }
        let otherChain = try chain.transaction(.pressureAdd, from: "county-hq", nonce: 2, chainID: "other")
        await #expect(throws: AdmissionError.wrongChain("other")) { try await submit(node, otherChain) }
        let expired = try chain.transaction(.pressureAdd, from: "county-hq", nonce: 3, expiryHeight: 0)
        await #expect(throws: AdmissionError.expiryOutOfWindow(expiryHeight: 0, currentHeight: 0, windowBlocks: 1000)) { try await submit(node, expired) }
        let farFuture = try chain.transaction(.pressureAdd, from: "county-hq", nonce: 4, expiryHeight: 5000)
        await #expect(throws: AdmissionError.expiryOutOfWindow(expiryHeight: 5000, currentHeight: 0, windowBlocks: 1000)) { try await submit(node, farFuture) }
        let stale = try chain.transaction(.pressureAdd, from: "county-hq", nonce: 5, timestampMs: TestChain.genesisTimeMs - 600_000)
        await #expect(throws: AdmissionError.timestampOutOfWindow(timestampMs: TestChain.genesisTimeMs - 600_000, nodeTimeMs: TestChain.genesisTimeMs, toleranceMs: 300_000)) {
            try await submit(node, stale)
        }
        for extreme in [Int64.min, Int64.max] {
            let hostile = try chain.transaction(.pressureAdd, from: "county-hq", nonce: 8, timestampMs: extreme)
            await #expect(throws: AdmissionError.timestampOutOfWindow(timestampMs: extreme, nodeTimeMs: TestChain.genesisTimeMs, toleranceMs: 300_000)) {
                try await submit(node, hostile)
            }
        }
        let stranger = Transaction(body: TransactionBody(chainID: "test-chain", senderID: "stranger", nonce: 6, expiryHeight: 10,
                                                         timestampMs: TestChain.genesisTimeMs, payload: .pressureAdd), signature: good.signature)
        await #expect(throws: AdmissionError.unknownSender("stranger")) { try await submit(node, stranger) }
        let forged = Transaction(body: TransactionBody(chainID: "test-chain", senderID: "county-hq", nonce: 7, expiryHeight: 10,
                                                       timestampMs: TestChain.genesisTimeMs, payload: .pressureAdd), signature: good.signature)
        await #expect(throws: AdmissionError.badSignature) { try await submit(node, forged) }
        let signedByAnother = Transaction(body: forged.body, signature: try chain.keys["builder"]!.sign(forged.body.canonicalBytes))
        await #expect(throws: AdmissionError.badSignature) { try await submit(node, signedByAnother) }
        await #expect(throws: AdmissionError.malformed(.oversized(bytes: Transaction.encodedBytesMax + 1, limit: Transaction.encodedBytesMax))) {
            try await node.submit(Array(repeating: 0, count: Transaction.encodedBytesMax + 1))
        }
        await #expect(throws: AdmissionError.self) { try await node.submit(good.canonicalBytes + [0]) }
        #expect(await node.mempoolCount == 1)
        await node.close()
    }

    @Test func blocksAreCutByTimeoutOrCountAndCarryReceipts() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let node = try openNode()
        _ = try await submit(node, try chain.transaction(.pressureAdd, from: "county-hq", nonce: 1))
        #expect(try await node.produceBlockIfDue() == nil, "neither the count nor the timeout is reached")
        let valueHash = SHA256Digest.hash(Array("合同.pdf".utf8))
        _ = try await submit(node, try chain.transaction(.anchorStore(key: "contract/XM2026000001", valueHash: valueHash), from: "county-hq", nonce: 2))
        _ = try await submit(node, try chain.transaction(.anchorStore(key: "contract/XM2026000001", valueHash: valueHash), from: "builder", nonce: 1))
        _ = try await submit(node, try chain.transaction(.workflow(.fileApplication(TestConsortium.application())), from: "county-hq", nonce: 3))
        _ = try await submit(node, try chain.transaction(.workflow(.fileApplication(TestConsortium.application())), from: "builder", nonce: 2))
        let block = try await produce(node)
        #expect(block.block.header.height == 1)
        #expect(block.block.header.previousHash == chain.genesis.hash)
        #expect(block.receipts.map(\.outcome) == [
            .success([]), .success([]), .failure(.anchorKeyExists("contract/XM2026000001")),
            .success([.applicationFiled(projectID: "XM2026000001")]),
            .failure(.workflow(.notPermitted(command: .fileApplication, kind: .implementingUnit))),
        ])
        #expect(block.certificate.problem(chainID: "test-chain", validators: ["provincial-office": chain.keys["provincial-office"]!.publicKey],
                                          quorum: 1, suite: chain.genesis.suite) == nil)
        for index in 0..<10 { _ = try await submit(node, try chain.transaction(.pressureAdd, from: "auditor", nonce: UInt64(index))) }
        let full = try #require(try await node.produceBlockIfDue(), "ten waiting transactions fill a block")
        #expect(full.block.transactions.count == 10)
        #expect(full.block.header.previousCommitCertificate == block.certificate)
        #expect(PressureContract.value(in: await node.state) == 100 + 11)
        await node.close()
    }

    @Test func aRestartVerifiesAndReplaysTheChain() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        var node = try openNode()
        _ = try await submit(node, try chain.transaction(.workflow(.fileApplication(TestConsortium.application())), from: "county-hq", nonce: 1))
        _ = try await produce(node)
        _ = try await submit(node, try chain.transaction(.workflow(.approveApplication(projectID: "XM2026000001", reservedFen: Fen(100_000_000), fundPlan: nil)),
                                                         from: "provincial-office", nonce: 1))
        _ = try await submit(node, try chain.transaction(.pressureAdd, from: "county-hq", nonce: 2))
        _ = try await produce(node)
        let before = await node.chainTip
        let workflowBefore = await node.workflowState.canonicalBytes
        await node.close()
        node = try openNode()
        let after = await node.chainTip
        #expect(after.height == 2 && after.hash == before.hash && after.stateHash == before.stateHash)
        #expect(await node.workflowState.canonicalBytes == workflowBefore)
        #expect(PressureContract.value(in: await node.state) == 101)
        await #expect(throws: AdmissionError.nonceUsed) {
            try await submit(node, try chain.transaction(.pressureAdd, from: "county-hq", nonce: 2))
        }
        await node.close()
    }

    @Test func aRotatedKeySignsFromTheNextHeightAndTheOldOneNoLonger() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let node = try openNode()
        let newKey = try SigningKey(generating: .p256SHA256)
        _ = try await submit(node, try chain.transaction(.rotateKey(newPublicKey: newKey.publicKey.rawBytes), from: "county-hq", nonce: 1))
        #expect(try await produce(node).receipts.map(\.outcome) == [.success([])])
        await #expect(throws: AdmissionError.badSignature) {
            try await submit(node, try chain.transaction(.pressureAdd, from: "county-hq", nonce: 2))
        }
        let body = TransactionBody(chainID: "test-chain", senderID: "county-hq", nonce: 3, expiryHeight: 10, timestampMs: clock.nowMs, payload: .pressureAdd)
        _ = try await node.submit(try Transaction(signing: body, with: newKey).canonicalBytes)
        let revoke = TransactionBody(chainID: "test-chain", senderID: "county-hq", nonce: 4, expiryHeight: 10, timestampMs: clock.nowMs,
                                     payload: .revokeKey(organisationID: "builder"))
        _ = try await node.submit(try Transaction(signing: revoke, with: newKey).canonicalBytes)
        let block = try await produce(node)
        #expect(block.receipts.map(\.outcome) == [.success([]), .failure(.keyChangeRefused("only the organisation itself or the provincial office revokes a key"))])
        await node.close()
        // The history verifies signature by signature, each with the key in force at its height.
        let verified = try Node(genesis: chain.genesis, dataDirectory: directory, validator: nil, verifySignatures: true)
        #expect(await verified.chainTip.height == 2)
        await verified.close()
    }

    @Test func damagedOrForeignDataIsRefusedWithItsReason() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let node = try openNode()
        _ = try await submit(node, try chain.transaction(.pressureAdd, from: "county-hq", nonce: 1))
        _ = try await produce(node)
        await node.close()
        let otherChain = try TestChain()
        #expect(throws: NodeError.damagedChain(height: 1, reason: "block 1 does not follow this genesis (another chain's data?)")) {
            _ = try Node(genesis: otherChain.genesis, dataDirectory: directory, validator: nil)
        }
        let store = try BlockStore(path: directory.appendingPathComponent("chain.sqlite").path)
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE transactions SET bytes = ? WHERE height = 1", arguments: [Data([0x01, 0x02])])
        }
        try store.close()
        #expect(throws: NodeError.damagedChain(height: 1, reason: "transactions, receipts or events unreadable")) { _ = try openNode() }
    }
}

/// Transactions decode only from their canonical bytes in the current format.
@Suite struct TransactionCodecTests {
    @Test func unknownVersionsTrailingBytesAndOversizedFieldsAreRefused() throws {
        let chain = try TestChain()
        let transaction = try chain.transaction(.anchorStore(key: "k", valueHash: Array(repeating: 7, count: 32)), from: "county-hq", nonce: 9)
        let bytes = transaction.canonicalBytes
        #expect(try Transaction.decode(bytes) == transaction)
        var newerVersion = bytes
        newerVersion[0] = 2
        #expect(throws: TransactionDecodingError.malformed(.invalidTag(offset: 0, tag: 2, type: "TransactionBody.formatVersion"))) {
            try Transaction.decode(newerVersion)
        }
        #expect(throws: TransactionDecodingError.malformed(.trailingBytes(offset: bytes.count, count: 1))) { try Transaction.decode(bytes + [0]) }
        var longKey = CanonicalWriter()
        longKey.write(UInt8(1)); longKey.write("test-chain"); longKey.write("county-hq"); longKey.write(UInt64(1)); longKey.write(Int64(5))
        longKey.write(Int64(0)); longKey.write(UInt8(2)); longKey.write(String(repeating: "k", count: 300)); longKey.write(bytes: Array(repeating: 0, count: 32))
        #expect(throws: TransactionDecodingError.self) { try Transaction.decode(longKey.bytes + [64] + Array(repeating: 0, count: 64)) }
    }
}

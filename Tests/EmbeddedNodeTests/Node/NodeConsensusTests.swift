import Canonical
@testable import EmbeddedNode
import Foundation
import NodeTestSupport
import Testing

/// What the consensus driver asks of a node, in process: a proposal packed from the mempool
/// leaves the state alone until its certified commit; the commit stores the block with its
/// 2f+1 certificate so a restart verifies it; a certified block whose state hash differs from
/// the node's own execution is refused and changes nothing; the hard state persists.
@Suite struct NodeConsensusTests {
    static let proposer = "provincial-office"

    /// A node of the four-validator test network, with the proposer's key.
    static func open(_ chain: TestNetworkChain, at directory: URL) throws -> Node {
        let clock = ManualClock(startMs: TestChain.genesisTimeMs + 1000)
        return try Node(genesis: chain.genesis, dataDirectory: directory, validator: (proposer, chain.chain.keys[proposer]!),
                        nowMs: { clock.nowMs })
    }

    /// The template the core hands the primary of height 1, view 0.
    static func firstTemplate(_ chain: TestNetworkChain) throws -> ProposalTemplate {
        let scores = try CreditScoreTable(validatorIDs: chain.genesis.validatorIDs, settings: CreditScoreSettings())
        return ProposalTemplate(height: 1, view: 0, previousHash: chain.genesis.hash, proposerID: proposer, failedViewPrimaries: [],
                                creditScoreTableHash: scores.hash(chain.genesis.suite.hash), previousCommitCertificate: nil,
                                timestampMsMin: chain.genesis.genesisTimeMs + 1)
    }

    /// Commit signatures of the first three validators (2f+1 of 4) over `block`.
    static func certificate(_ chain: TestNetworkChain, for block: Block) throws -> CommitCertificate {
        let hash = block.header.hash(chain.genesis.suite)
        let payload = VotePayload(chainID: chain.genesis.chainID, height: block.header.height, view: 0, phase: .commit, blockHash: hash)
        let signers = Array(chain.genesis.validatorIDs.prefix(3))
        let signatures = try signers.map { ValidatorSignature(validatorID: $0, signature: try chain.chain.keys[$0]!.sign(payload.canonicalBytes)) }
        return CommitCertificate(height: block.header.height, view: 0, blockHash: hash, signatures: signatures)
    }

    @Test func aProposalCommitsOnlyWhenCertifiedAndSurvivesARestart() async throws {
        let chain = try TestNetworkChain()
        let directory = TestChain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let node = try Self.open(chain, at: directory)
        let transaction = try chain.chain.transaction(.pressureAdd, from: "county-hq", nonce: 1)
        _ = try await node.submit(transaction.canonicalBytes)
        let block = await node.proposalBlock(for: try Self.firstTemplate(chain))
        #expect(block.transactions == [transaction])
        let (heightAfterPacking, waitingAfterPacking) = (await node.chainTip.height, await node.mempoolCount)
        #expect(heightAfterPacking == 0 && waitingAfterPacking == 1, "packing changes nothing")

        let certificate = try Self.certificate(chain, for: block)
        let committed = try await node.commitCertified(block, certificate: certificate)
        #expect(committed.receipts.count == 1 && committed.hash == certificate.blockHash)
        let (tip, waiting) = (await node.chainTip, await node.mempoolCount)
        #expect(tip.height == 1 && tip.stateHash == block.header.stateHash && waiting == 0)
        await node.close()

        let reopened = try Self.open(chain, at: directory)
        let reopenedTip = await reopened.chainTip
        #expect(reopenedTip.hash == certificate.blockHash, "the restart verified the 3-of-4 certificate")
        let served = try await reopened.decidedBlocks(fromHeight: 1, limit: 32)
        #expect(served == [DecidedBlock(block: block, certificate: certificate)])
        #expect(try await reopened.decidedBlocks(fromHeight: 2, limit: 32).isEmpty)
        await reopened.close()
    }

    @Test func aCertifiedBlockWithAnotherStateHashChangesNothing() async throws {
        let chain = try TestNetworkChain()
        let directory = TestChain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let node = try Self.open(chain, at: directory)
        _ = try await node.submit(try chain.chain.transaction(.pressureAdd, from: "county-hq", nonce: 1).canonicalBytes)
        let honest = await node.proposalBlock(for: try Self.firstTemplate(chain))
        let header = honest.header
        let forged = Block(header: BlockHeader(
            chainID: header.chainID, height: header.height, previousHash: header.previousHash, timestampMs: header.timestampMs,
            proposerID: header.proposerID, view: header.view, transactionsRoot: header.transactionsRoot, receiptsRoot: header.receiptsRoot,
            stateHash: chain.genesis.suite.hash(Array("another state".utf8)), validatorSetHash: header.validatorSetHash,
            creditScoreTableHash: header.creditScoreTableHash, failedViewPrimaries: header.failedViewPrimaries,
            previousCommitCertificate: header.previousCommitCertificate), transactions: honest.transactions)
        let stateBefore = await node.workflowState
        let forgedCertificate = try Self.certificate(chain, for: forged)
        await #expect(throws: NodeError.self) { _ = try await node.commitCertified(forged, certificate: forgedCertificate) }
        let (heightAfter, stateAfter, waitingAfter) = (await node.chainTip.height, await node.workflowState, await node.mempoolCount)
        #expect(heightAfter == 0 && stateAfter.canonicalBytes == stateBefore.canonicalBytes && waitingAfter == 1)
        // The honest block still commits: had the refused one left its nonce or pressure write in
        // the state, this execution would differ from the header and be refused too.
        _ = try await node.commitCertified(honest, certificate: try Self.certificate(chain, for: honest))
        let stateHash = await node.chainTip.stateHash
        #expect(stateHash == header.stateHash)
        await node.close()
    }

    @Test func theHardStateOfTheNextHeightPersists() async throws {
        let chain = try TestNetworkChain()
        let directory = TestChain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let node = try Self.open(chain, at: directory)
        #expect(try await node.persistedConsensusState() == nil)
        try await node.persistConsensusState(ConsensusHardState(height: 1))
        try await node.persistConsensusState(ConsensusHardState(height: 7))   // not the next height: skipped
        await node.close()
        let reopened = try Self.open(chain, at: directory)
        #expect(try await reopened.persistedConsensusState() == ConsensusHardState(height: 1))
        await reopened.close()
    }
}

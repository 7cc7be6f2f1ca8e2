import Canonical
@testable import EmbeddedNode
import Foundation
import NodeTestSupport
import Testing

/// The node keeps the validator set as chain state: a change approved by a quorum appears in the
/// headers' `validatorSetHash` from its activation height, certificates of later heights verify
/// against the new set when the node restarts, and a certificate signed by a removed validator
/// for a height after its removal makes the stored chain refused.
@Suite struct NodeGovernanceTests {
    let chain: TestNetworkChain
    let directory = TestChain.temporaryDirectory()

    init() throws { chain = try TestNetworkChain() }

    func open() throws -> Node {
        let clock = ManualClock(startMs: TestChain.genesisTimeMs + 1000)
        return try Node(genesis: chain.genesis, dataDirectory: directory, validator: nil, nowMs: { clock.nowMs })
    }

    /// Packs the mempool into the next block and commits it with `signers`' commit signatures.
    func commitNext(_ node: Node, signers: [String]) async throws -> Block {
        let tip = await node.chainTip
        let template = ProposalTemplate(height: tip.height + 1, view: 0, previousHash: tip.hash, proposerID: signers[0], failedViewPrimaries: [],
                                        creditScoreTableHash: [], previousCommitCertificate: tip.certificate, timestampMsMin: tip.timeMs + 1)
        let block = await node.proposalBlock(for: template)
        let hash = block.header.hash(chain.genesis.suite)
        let payload = VotePayload(chainID: chain.genesis.chainID, height: block.header.height, view: 0, phase: .commit, blockHash: hash)
        let signatures = try signers.map { ValidatorSignature(validatorID: $0, signature: try chain.chain.keys[$0]!.sign(payload.canonicalBytes)) }
        _ = try await node.commitCertified(block, certificate: CommitCertificate(height: block.header.height, view: 0, blockHash: hash,
                                                                                 signatures: signatures))
        return block
    }

    func submit(_ node: Node, _ payload: TransactionPayload, from sender: String, nonce: UInt64) async throws {
        _ = try await node.submit(try chain.chain.transaction(payload, from: sender, nonce: nonce, timestampMs: TestChain.genesisTimeMs + 1000).canonicalBytes)
    }

    @Test func anAddedValidatorIsInTheHeadersFromItsActivationAndItsSignaturesCountAfterARestart() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let node = try open()
        let nodeKey = try chain.ca.issue(organisationID: "county-finance").nodeKey
        let add = GovernanceChange.addValidator(validatorID: "county-finance", signingKey: chain.chain.keys["county-finance"]!.publicKey.rawBytes,
                                                nodeKey: nodeKey)
        let initial = chain.genesis.initialValidatorSet
        try await submit(node, .governancePropose(add), from: "provincial-office", nonce: 1)
        _ = try await commitNext(node, signers: ["auditor", "commercial-bank", "provincial-finance"])
        try await submit(node, .governanceApprove(proposalID: 1), from: "auditor", nonce: 2)
        try await submit(node, .governanceApprove(proposalID: 1), from: "commercial-bank", nonce: 3)
        let approving = try await commitNext(node, signers: ["auditor", "commercial-bank", "provincial-finance"])
        let receipt = try #require(try node.receipt(transactionHash: approving.transactions[1].hash(chain.genesis.suite)))
        #expect(receipt.governance?.activationHeight == 4)
        let third = try await commitNext(node, signers: ["auditor", "commercial-bank", "provincial-finance"])
        #expect(third.header.validatorSetHash == initial.hash(chain.genesis.suite.hash))
        // From height 4 five validators are in force (quorum 4): the newcomer's signature counts.
        let fourth = try await commitNext(node, signers: ["county-finance", "provincial-finance", "provincial-office", "auditor"])
        let grown = await node.epoch(at: 4)
        #expect(grown.validators.validatorIDs == ["auditor", "commercial-bank", "county-finance", "provincial-finance", "provincial-office"])
        #expect(fourth.header.validatorSetHash == grown.validators.hash(chain.genesis.suite.hash))
        #expect(grown.nodeKeys.organisation(presenting: nodeKey) == "county-finance")
        await node.close()
        let reopened = try open()
        #expect(await reopened.chainTip.height == 4, "the restart verified height 4's certificate with the set of height 4")
        await reopened.close()
    }

    @Test func aCertificateByARemovedValidatorAfterItsRemovalIsRefusedOnRestart() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let node = try open()
        let add = GovernanceChange.addValidator(validatorID: "county-finance", signingKey: chain.chain.keys["county-finance"]!.publicKey.rawBytes,
                                                nodeKey: try chain.ca.issue(organisationID: "county-finance").nodeKey)
        try await submit(node, .governancePropose(add), from: "provincial-office", nonce: 1)
        try await submit(node, .governanceApprove(proposalID: 1), from: "auditor", nonce: 2)
        try await submit(node, .governanceApprove(proposalID: 1), from: "commercial-bank", nonce: 3)
        _ = try await commitNext(node, signers: ["auditor", "commercial-bank", "provincial-finance"])   // in force from 3
        _ = try await commitNext(node, signers: ["auditor", "commercial-bank", "provincial-finance"])
        try await submit(node, .governancePropose(.removeValidator(validatorID: "auditor")), from: "county-finance", nonce: 4)
        try await submit(node, .governanceApprove(proposalID: 2), from: "provincial-office", nonce: 5)
        try await submit(node, .governanceApprove(proposalID: 2), from: "commercial-bank", nonce: 6)
        try await submit(node, .governanceApprove(proposalID: 2), from: "provincial-finance", nonce: 7)   // 4 of 5
        let five = ["auditor", "commercial-bank", "county-finance", "provincial-finance"]
        _ = try await commitNext(node, signers: five)       // approved at 3, removal from 5
        _ = try await commitNext(node, signers: five)       // 4: auditor still in force
        #expect(await node.epoch(at: 5).validators.contains("auditor") == false)
        // The node stores what it is given; its restart refuses a height-5 certificate by the auditor.
        _ = try await commitNext(node, signers: ["auditor", "commercial-bank", "county-finance"])
        await node.close()
        #expect(throws: NodeError.damagedChain(height: 5, reason: "commit certificate: auditor is not a validator at height 5")) {
            _ = try open()
        }
    }
}

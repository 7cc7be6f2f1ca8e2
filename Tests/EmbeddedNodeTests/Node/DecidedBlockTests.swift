import Canonical
@testable import EmbeddedNode
import Foundation
import NodeTestSupport
import Testing

/// A node that does not vote applies a committed block from a peer only when its commit
/// certificate verifies against the genesis validators: too few signers, a signer that is not
/// a validator, a forged signature or a certificate for another block are refused and change
/// nothing; a block that does not extend the tip is ignored; a valid one is executed and stored
/// with the client signatures trusted to the certificate.
@Suite struct DecidedBlockTests {
    @Test func onlyAVerifiedCertificateExtendsANonValidatingNodesChain() async throws {
        let setup = try ProposalReExecutionTests.Setup()
        let directory = TestChain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let primary = try setup.node(setup.primaryID, at: directory.appendingPathComponent("primary"))
        let clock = setup.clock
        let follower = try Node(genesis: setup.chain.genesis, dataDirectory: directory.appendingPathComponent("follower"), validator: nil,
                                nowMs: { clock.nowMs })
        _ = try await primary.submit(try setup.chain.chain.transaction(.pressureAdd, from: "county-hq", nonce: 1).canonicalBytes)
        let block = await primary.proposalBlock(for: setup.template)
        let valid = try setup.certificate(for: block)
        let genesis = setup.chain.genesis
        let payload = valid.payload(chainID: genesis.chainID, of: ValidatorSignature(validatorID: "county-hq", signature: [])).canonicalBytes

        let twoSigners = CommitCertificate(height: 1, view: 0, blockHash: valid.blockHash, signatures: Array(valid.signatures.prefix(2)))
        let stranger = try ValidatorSignature(validatorID: "county-hq", signature: setup.chain.chain.keys["county-hq"]!.sign(payload))
        let withStranger = CommitCertificate(height: 1, view: 0, blockHash: valid.blockHash, signatures: Array(valid.signatures.prefix(2)) + [stranger])
        var forgedSignature = valid.signatures[0].signature
        forgedSignature[3] ^= 0x01
        let forged = CommitCertificate(height: 1, view: 0, blockHash: valid.blockHash,
                                       signatures: [ValidatorSignature(validatorID: valid.signatures[0].validatorID, signature: forgedSignature)]
                                           + Array(valid.signatures.dropFirst()))
        let otherBlock = CommitCertificate(height: 1, view: 0, blockHash: genesis.suite.hash([9]), signatures: valid.signatures)
        for (certificate, expected) in [(twoSigners, "quorum"), (withStranger, "not a validator"), (forged, "bad signature"), (otherBlock, "another block")] {
            let outcome = try await follower.commitDecided(DecidedBlock(block: block, certificate: certificate))
            guard case .refused(let reason) = outcome else {
                Issue.record("accepted a certificate that should fail with \(expected)")
                continue
            }
            #expect(reason.contains(expected), "\(reason)")
            #expect(await follower.chainTip.height == 0)
        }

        guard case .committed(let committed) = try await follower.commitDecided(DecidedBlock(block: block, certificate: valid)) else {
            Issue.record("a valid certificate was refused")
            return
        }
        #expect(committed.receipts.count == 1)
        let tip = await follower.chainTip
        #expect(tip.height == 1 && tip.stateHash == block.header.stateHash)
        guard case .notNext = try await follower.commitDecided(DecidedBlock(block: block, certificate: valid)) else {
            Issue.record("the same block applied twice")
            return
        }
        await primary.close()
        await follower.close()
    }
}

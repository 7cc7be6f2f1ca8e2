import Canonical

/// What a replica's driver attests before a proposal reaches the core (SPEC 7's censorship
/// indicator): the proposed block at the replica's current height and the cutoff. The
/// attestation depends only on the block's transactions (at one height the cutoff is fixed), so
/// it is supplied by transactions root, and no block hash is computed for it.
public struct AttestationRequest: Sendable {
    /// The proposed block.
    public let block: Block
    /// Bit i of the attestation is set when this replica first saw transaction i at or before
    /// this time by its own clock (UTC ms): block h-1's timestamp minus the grace.
    public let cutoffMs: Int64
}

extension ConsensusConfiguration {
    /// How many commit-vote attestations of one transaction charge the primary of h-1: f+1 of
    /// the `validatorCount` validators that signed the certificate, so at least one comes from an
    /// honest validator (1 under the test-only fault).
    public func censorshipAttestersMin(validatorCount: Int) -> Int {
        faultInjection.contains(.censorshipChargeWithOneAttester) ? 1 : Quorum.faultsTolerated(validatorCount: validatorCount) + 1
    }
}

extension ConsensusCore {
    /// The attestation the driver should supply (as `.attestation`) before feeding `message`:
    /// for a proposal or new view whose block is at this replica's height and carries
    /// transactions; nil otherwise.
    public func attestationRequest(for message: ConsensusMessage) -> AttestationRequest? {
        let block: Block
        switch message {
        case .proposal(let proposal): block = proposal.block
        case .newView(let newView): block = newView.proposal.block
        default: return nil
        }
        guard block.header.height == hardState.height, !block.transactions.isEmpty else { return nil }
        return AttestationRequest(block: block, cutoffMs: tip.timestampMs - configuration.censorshipGraceMs)
    }

    /// Keeps the driver's attestation for a block's transactions (the first one per root, a
    /// bounded number per height); the commit vote for a block with that root carries it.
    mutating func onAttestation(transactionsRoot: [UInt8], bitmap: [UInt8]) {
        guard !attestations.contains(where: { $0.transactionsRoot == transactionsRoot }),
              attestations.count < Self.knownBlocksMax else { return }
        precondition(bitmap.last != 0, "attestations are canonical: no trailing zero byte")
        attestations.append((transactionsRoot, bitmap))
    }

    /// This replica's attestation for the known block `blockHash`, empty if the driver supplied none.
    func attestation(blockHash: [UInt8]) -> [UInt8] {
        guard let root = knownBlock(hash: blockHash)?.header.transactionsRoot else { return [] }
        return attestations.first { $0.transactionsRoot == root }?.bitmap ?? []
    }

    /// The validator charged S_f with censorship when `block` commits on the tip (chain data
    /// only: the block's parent certificate and the tip's window).
    func censorshipCharge(_ block: Block) -> String? {
        CensorshipIndicator.chargedPrimary(certificate: block.header.previousCommitCertificate, window: tip.censorshipWindow,
                                                  attestersMin: configuration.censorshipAttestersMin(validatorCount: validatorIDs(atHeight: tip.height).count),
                                                  transactionsPerBlockMax: configuration.transactionsPerBlockMax)
    }
}

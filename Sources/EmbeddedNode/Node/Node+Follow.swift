import Canonical

/// What became of a committed block a peer sent.
public enum DecidedOutcome: Sendable {
    /// Verified, executed and stored.
    case committed(CommittedBlock)
    /// It does not extend the tip (already held, or further ahead): ignored.
    case notNext
    /// Its commit certificate does not verify (the reason); nothing changed.
    case refused(String)
}

/// Committed blocks from peers, for a node that does not take part in consensus (a
/// non-validating replica, or any node rebuilding from its peers): each block's commit
/// certificate is verified against the validator set before the block is executed and stored.
extension Node {
    /// Verifies `decided`'s commit certificate (2f+1 distinct validators of the set in force, valid
    /// signatures, for exactly this block) and, if the block extends the tip, executes and
    /// stores it. Throws, changing nothing, when this node's execution of a certified block
    /// differs from its header (the node can no longer follow the chain).
    public func commitDecided(_ decided: DecidedBlock) throws(NodeError) -> DecidedOutcome {
        let header = decided.block.header
        guard header.height == tip.height + 1, header.previousHash == tip.hash else { return .notNext }
        let suite = genesis.suite
        let certificate = decided.certificate
        guard certificate.height == header.height, certificate.blockHash == header.hash(suite) else {
            return .refused("the commit certificate is for another block")
        }
        // The validator set in force at the block's height (genesis, then governance), as restart checks it.
        let inForce = epoch(at: header.height).validators
        guard header.validatorSetHash == inForce.hash(suite.hash) else { return .refused("the validator set hash differs from the set in force") }
        var validators: [String: PublicKey] = [:]
        for member in inForce.members {
            if let key = try? PublicKey(suite: genesis.suiteID, rawBytes: member.signingKey) { validators[member.validatorID] = key }
        }
        if let problem = certificate.problem(chainID: genesis.chainID, validators: validators, quorum: inForce.quorum, suite: suite) {
            return .refused("commit certificate: \(problem)")
        }
        return .committed(try commitCertified(decided.block, certificate: certificate))
    }
}

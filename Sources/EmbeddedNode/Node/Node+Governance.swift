/// The governance chain state as the node, its driver and its RPC read it.
extension Node {
    /// The validator set and node keys in force at `height` (from committed chain state; known two
    /// heights ahead, `GovernanceRules.activationDelayBlocks`).
    public func epoch(at height: Int64) -> GovernanceEpoch {
        GovernanceContract.history(in: state).epoch(at: height, genesis: genesis)
    }

    /// Every validator-set and node-key epoch after genesis, in force or scheduled.
    public func governanceHistory() -> GovernanceHistory { GovernanceContract.history(in: state) }

    /// The proposals the chain remembers.
    public func governanceProposals() -> GovernanceProposals { GovernanceContract.proposals(in: state) }
}

extension NodeRPCService {
    /// `gov_state`: the tip height, the epoch in force at the next height (validators with keys,
    /// quorum, node keys, revoked keys), epochs scheduled after it, and the proposals the chain
    /// remembers with their status at the next height.
    func governanceState() async -> JSONValue {
        let tipHeight = await node.chainTip.height
        let next = tipHeight + 1
        let history = await node.governanceHistory()
        let proposals = await node.governanceProposals()
        return .members([
            ("height", .integer(tipHeight)),
            ("inForce", history.epoch(at: next, genesis: node.genesis).json),
            ("scheduled", .array(history.epochs.filter { $0.fromHeight > next }.map(\.json))),
            ("proposals", .array(proposals.proposals.map { $0.json(at: next) })),
        ])
    }
}

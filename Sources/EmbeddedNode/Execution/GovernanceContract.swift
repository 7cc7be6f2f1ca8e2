import Canonical
import Crypto
import Workflow

/// The validator set and node certificates as chain state. A validator of the set in force
/// proposes a change (add or remove a validator, revoke or renew a node key); the proposal
/// counts as its approval; other validators approve it by number. When 2f+1 validators of the
/// set in force at the approving block have approved, the change is applied to the newest
/// epoch and scheduled from `height + GovernanceRules.activationDelayBlocks`, which the receipt
/// names. Everything is checked before anything is written, so a refusal changes nothing.
///
/// Not a `Contract`: its receipts carry a `GovernanceOutcome` (the activation height) rather
/// than fund-flow events, so `BlockExecutor` calls `run` directly.
public struct GovernanceContract: Sendable {
    /// The chain's genesis (initial set, suite, whether node keys exist).
    let genesis: Genesis

    /// Creates the contract for a chain.
    public init(genesis: Genesis) { self.genesis = genesis }

    /// Executes a governance payload sent by `senderID` in the block at `height`.
    func run(_ payload: TransactionPayload, senderID: String, height: Int64, state: inout ExecutionState)
        -> Result<GovernanceOutcome, GovernanceRefusal>
    {
        let history = Self.history(in: state)
        let inForce = history.epoch(at: height, genesis: genesis).validators
        guard inForce.contains(senderID) else { return .failure(.notValidator(senderID)) }
        var book = Self.proposals(in: state)
        let index: Int
        switch payload {
        case .governancePropose(let change):
            if let refusal = problem(with: change, on: history.latest(genesis: genesis)) { return .failure(refusal) }
            let open = book.proposals.filter { $0.isOpen(at: height) }.count
            guard open < GovernanceRules.openProposalsMax else { return .failure(.tooManyOpenProposals(open)) }
            book.proposals.append(GovernanceProposal(proposalID: book.nextProposalID, proposerID: senderID, change: change,
                                                     proposedHeight: height))
            book.nextProposalID += 1
            index = book.proposals.count - 1
        case .governanceApprove(let proposalID):
            guard let found = book.proposals.firstIndex(where: { $0.proposalID == proposalID }) else {
                return .failure(.unknownProposal(proposalID))
            }
            let proposal = book.proposals[found]
            guard proposal.activationHeight == nil else { return .failure(.alreadyApplied(proposalID)) }
            guard height <= proposal.expiryHeight else { return .failure(.expired(proposalID: proposalID, expiryHeight: proposal.expiryHeight)) }
            guard !proposal.approvals.contains(senderID) else {
                return .failure(.duplicateApproval(proposalID: proposalID, validatorID: senderID))
            }
            book.proposals[found].approvals = (proposal.approvals + [senderID]).sorted()
            index = found
        default:
            preconditionFailure("governance contract given \(payload.contract)")
        }
        return decide(&book, index: index, inForce: inForce, history: history, height: height, state: &state)
    }

    /// Counts the approvals of validators in force; at 2f+1 applies the change (checked again
    /// against the newest epoch) from the activation height. Writes the state only on success.
    private func decide(_ book: inout GovernanceProposals, index: Int, inForce: ValidatorSet, history: GovernanceHistory,
                        height: Int64, state: inout ExecutionState) -> Result<GovernanceOutcome, GovernanceRefusal> {
        let proposal = book.proposals[index]
        let approvals = proposal.approvals.filter { inForce.contains($0) }.count
        var history = history
        var activationHeight: Int64?
        if approvals >= inForce.quorum {
            let latest = history.latest(genesis: genesis)
            if let refusal = problem(with: proposal.change, on: latest) { return .failure(refusal) }
            guard history.epochs.count < GovernanceRules.epochsMax else { return .failure(.tooManyChanges(GovernanceRules.epochsMax)) }
            let activation = height + GovernanceRules.activationDelayBlocks
            history.schedule(applied(proposal.change, to: latest, from: activation))
            book.proposals[index].activationHeight = activation
            activationHeight = activation
            state.set(StateKey.governanceHistory, history.canonicalBytes)
        }
        Self.forgetOldest(&book, at: height)
        state.set(StateKey.governanceProposals, book.canonicalBytes)
        precondition(approvals <= inForce.members.count, "approvals come from distinct validators in force")
        return .success(GovernanceOutcome(proposalID: proposal.proposalID, approvals: approvals, quorum: inForce.quorum,
                                          activationHeight: activationHeight))
    }

    /// Why `change` cannot apply to `epoch`, or nil.
    func problem(with change: GovernanceChange, on epoch: GovernanceEpoch) -> GovernanceRefusal? {
        let validators = epoch.validators
        switch change {
        case .addValidator(let id, let signingKey, let nodeKey):
            guard !validators.contains(id) else { return .alreadyValidator(id) }
            guard !id.isEmpty, id.utf8.count <= 64 else { return .invalidKey(field: "validatorID") }
            guard (try? PublicKey(suite: genesis.suiteID, rawBytes: signingKey)) != nil else { return .invalidKey(field: "signingKey") }
            guard validators.members.count < BlockHeader.validatorsMax else { return .tooManyValidators(validators.members.count + 1) }
            if genesis.caCertificateDER == nil { return nodeKey == nil ? nil : .invalidKey(field: "nodeKey") }
            guard let nodeKey else { return .invalidKey(field: "nodeKey") }
            return nodeKeyProblem(nodeKey, epoch: epoch, for: id)
        case .removeValidator(let id):
            guard validators.contains(id) else { return .unknownValidator(id) }
            let remaining = validators.members.count - 1
            if remaining == 0 { return .lastValidator(id) }
            return remaining < GovernanceRules.validatorsMin ? .tooFewValidators(remaining: remaining, minimum: GovernanceRules.validatorsMin) : nil
        case .revokeNodeKey(let nodeKey):
            return epoch.nodeKeys.organisation(presenting: nodeKey) == nil ? .unknownNodeKey : nil
        case .renewNodeKey(let id, let nodeKey):
            guard genesis.caCertificateDER != nil else { return .invalidKey(field: "nodeKey") }
            let known = validators.contains(id) || genesis.organisations.contains { $0.organisation.id == id }
            guard known else { return .unknownValidator(id) }
            return nodeKeyProblem(nodeKey, epoch: epoch, for: id)
        }
    }

    /// A node key must be a P-256 point registered to nobody and never revoked.
    private func nodeKeyProblem(_ nodeKey: [UInt8], epoch: GovernanceEpoch, for organisationID: String) -> GovernanceRefusal? {
        guard (try? P256.Signing.PublicKey(x963Representation: nodeKey)) != nil else { return .invalidKey(field: "nodeKey") }
        guard epoch.nodeKeys.organisation(presenting: nodeKey) == nil, !epoch.nodeKeys.isRevoked(nodeKey) else { return .nodeKeyUnavailable }
        return nil
    }

    /// `epoch` with `change` applied, in force from `fromHeight`. The change was checked.
    func applied(_ change: GovernanceChange, to epoch: GovernanceEpoch, from fromHeight: Int64) -> GovernanceEpoch {
        var members = epoch.validators.members
        var nodeKeys = epoch.nodeKeys
        switch change {
        case .addValidator(let id, let signingKey, let nodeKey):
            members.append(ValidatorMember(validatorID: id, signingKey: signingKey))
            if let nodeKey { nodeKeys.register(nodeKey, for: id) }
        case .removeValidator(let id):
            members.removeAll { $0.validatorID == id }
        case .revokeNodeKey(let nodeKey):
            nodeKeys.revoke(nodeKey)
        case .renewNodeKey(let id, let nodeKey):
            nodeKeys.register(nodeKey, for: id)
        }
        return GovernanceEpoch(fromHeight: fromHeight, validators: ValidatorSet(members: members), nodeKeys: nodeKeys)
    }

    /// Keeps at most `proposalsKeptMax` proposals, forgetting the oldest decided or expired ones.
    private static func forgetOldest(_ book: inout GovernanceProposals, at height: Int64) {
        while book.proposals.count > GovernanceRules.proposalsKeptMax,
              let closed = book.proposals.firstIndex(where: { !$0.isOpen(at: height) }) {
            book.proposals.remove(at: closed)
        }
        precondition(book.proposals.count <= GovernanceRules.proposalsKeptMax, "open proposals are bounded below the kept maximum")
    }

    /// The epochs after genesis.
    public static func history(in state: ExecutionState) -> GovernanceHistory {
        guard let bytes = state.value(StateKey.governanceHistory) else { return GovernanceHistory(epochs: []) }
        guard let history = try? GovernanceHistory(canonicalBytes: bytes) else { preconditionFailure("stored governance epochs unreadable") }
        return history
    }

    /// The proposals the chain remembers.
    public static func proposals(in state: ExecutionState) -> GovernanceProposals {
        guard let bytes = state.value(StateKey.governanceProposals) else { return GovernanceProposals() }
        guard let book = try? GovernanceProposals(canonicalBytes: bytes) else { preconditionFailure("stored governance proposals unreadable") }
        return book
    }
}

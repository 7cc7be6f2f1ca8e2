import Canonical

extension ConsensusSimulator {
    /// The views ahead of its own that a `.viewChangeSpam` replica asks for: one inside the
    /// window, one at its edge, one far beyond it.
    static let spamViewOffsets: [Int64] = [2, 8, 1_000]
    /// A spammer sends a view change to every peer every this many ticks.
    static let spamEveryTicks = 10

    /// `.viewChangeSpam` replicas send validly signed view changes to views ahead of their own,
    /// one per burst, cycling through the offsets. Honest replicas must not follow one peer
    /// alone, nor jump beyond their window.
    mutating func spamViewChanges() {
        guard tick % Self.spamEveryTicks == 0 else { return }
        let offset = Self.spamViewOffsets[(tick / Self.spamEveryTicks) % Self.spamViewOffsets.count]
        for index in replicas.indices where replicas[index].byzantine == .viewChangeSpam {
            guard let core = replicas[index].core else { continue }
            let height = core.hardState.height
            let view = core.hardState.view + offset
            let payload = ViewChange.payload(chainID: configuration.chainID, height: height, newView: view, prepared: nil)
            let change = ViewChange(height: height, newView: view, preparedCertificate: nil,
                                    senderID: replicas[index].validatorID, signature: signers[index].sign(payload))
            counters.viewChangeSpamSent += 1
            for target in replicas.indices where target != index { send(from: index, to: target, .viewChange(change)) }
        }
    }

    /// The real vote to the first half of the peers, a validly signed vote for another block to
    /// the rest, and both to the first peer, so an honest replica can see the equivocation.
    mutating func sendConflictingVotes(from index: Int, _ vote: SignedVote) {
        counters.conflictingVotesSent += 1
        let otherHash = configuration.hash(vote.blockHash + Array("conflict".utf8))
        let payload = VotePayload(chainID: configuration.chainID, height: vote.height, view: vote.view, phase: vote.phase,
                                  blockHash: otherHash)
        let other = SignedVote(height: vote.height, view: vote.view, phase: vote.phase, blockHash: otherHash,
                               validatorID: vote.validatorID, signature: signers[index].sign(payload.canonicalBytes))
        func wrapped(_ vote: SignedVote) -> ConsensusMessage { vote.phase == .prepare ? .prepare(vote) : .commit(vote) }
        let peers = replicas.indices.filter { $0 != index }
        for (position, target) in peers.enumerated() {
            send(from: index, to: target, wrapped(position < peers.count / 2 ? vote : other))
        }
        if let first = peers.first { send(from: index, to: first, wrapped(other)) }
    }

    /// `message` with its sender's signature bit-flipped (a decided block is passed unchanged:
    /// it carries other validators' signatures).
    static func corrupted(_ message: ConsensusMessage) -> ConsensusMessage {
        func flip(_ signature: [UInt8]) -> [UInt8] { signature.isEmpty ? [1] : [signature[0] ^ 0x01] + signature.dropFirst() }
        func vote(_ vote: SignedVote) -> SignedVote {
            SignedVote(height: vote.height, view: vote.view, phase: vote.phase, blockHash: vote.blockHash,
                       validatorID: vote.validatorID, signature: flip(vote.signature))
        }
        func proposal(_ proposal: Proposal) -> Proposal {
            Proposal(view: proposal.view, block: proposal.block, proposerID: proposal.proposerID, signature: flip(proposal.signature))
        }
        switch message {
        case .proposal(let original): return .proposal(proposal(original))
        case .prepare(let original): return .prepare(vote(original))
        case .commit(let original): return .commit(vote(original))
        case .viewChange(let change):
            return .viewChange(ViewChange(height: change.height, newView: change.newView, preparedCertificate: change.preparedCertificate,
                                          senderID: change.senderID, signature: flip(change.signature)))
        case .newView(let newView): return .newView(NewView(proposal: proposal(newView.proposal), justification: newView.justification))
        case .decided: return message
        }
    }
}

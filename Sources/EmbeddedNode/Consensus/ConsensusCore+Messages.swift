import Canonical

extension ConsensusCore {
    mutating func onMessage(from sender: String, _ message: ConsensusMessage) {
        if message.height < hardState.height {
            // A replica still at an older height asks for a view change: it is behind. It may be
            // a validator of that height that a later set removed: committed blocks are no secret.
            if case .viewChange = message, sender != validatorID {
                outbox.append(.sendDecided(to: sender, fromHeight: message.height))
            }
            return
        }
        guard isValidator(sender) || validatorIDs(atHeight: tip.height).contains(sender) else {
            counters.messagesRejected += 1
            return
        }
        guard message.height == hardState.height else { return }
        do throws(ConsensusRejection) {
            switch message {
            case .proposal(let proposal): try onProposal(proposal, justifiedView: false)
            case .prepare(let vote): try onVote(vote, phase: .prepare)
            case .commit(let vote): try onVote(vote, phase: .commit)
            case .viewChange(let change): try onViewChange(change)
            case .newView(let newView): try onNewView(newView)
            case .decided(let decided): try onDecided(decided)
            }
        } catch {
            if case .equivocation = error { counters.equivocationsSeen += 1 }
            if case .badSignature = error { counters.badSignaturesSeen += 1 }
            counters.messagesRejected += 1
        }
    }

    // MARK: Proposals

    /// Accepts a proposal (pre-prepare) and prepares it if it is for the current view.
    /// `justifiedView`: it came inside a verified new-view (required above view 0).
    mutating func onProposal(_ proposal: Proposal, justifiedView: Bool) throws(ConsensusRejection) {
        guard proposal.view == 0 || justifiedView else { throw .viewOutOfRange(view: proposal.view, current: hardState.view) }
        let expected = primary(view: proposal.view)
        guard proposal.proposerID == expected else { throw .wrongPrimary(expected: expected, actual: proposal.proposerID) }
        let hash = blockHash(proposal.block)
        let payload = Proposal.payload(chainID: configuration.chainID, height: proposal.height, view: proposal.view, blockHash: hash)
        guard isValidSignature(proposal.signature, of: payload, by: proposal.proposerID, atHeight: hardState.height) else {
            throw .badSignature(proposal.proposerID)
        }
        if let earlier = proposals.first(where: { $0.proposal.view == proposal.view }) {
            guard earlier.blockHash == hash else { throw .equivocation("two proposals by \(proposal.proposerID) in view \(proposal.view)") }
            return
        }
        try validateBlock(proposal.block, proposalView: proposal.view)
        proposals.append((proposal, hash))
        remember(proposal.block, hash: hash)
        try checkCommitted(view: nil, blockHash: hash)
        guard proposal.view == hardState.view, !hasSigned(.prepare, view: proposal.view) else { return }
        signVote(phase: .prepare, blockHash: hash)
    }

    /// Chain rules a proposed block must meet; they depend only on the block, the tip, this
    /// replica's clock and the application's `proposalValidator`, never on its mempool.
    func validateBlock(_ block: Block, proposalView: Int64) throws(ConsensusRejection) {
        let header = block.header
        guard header.chainID == configuration.chainID, header.height == hardState.height else {
            throw .invalidBlock("chain or height")
        }
        guard header.previousHash == tip.blockHash else { throw .invalidBlock("does not extend the tip") }
        guard header.view >= 0, header.view <= proposalView else { throw .invalidBlock("header view after proposal view") }
        guard header.creditScoreTableHash == tip.scores.hash(configuration.hash) else { throw .invalidBlock("score table hash") }
        if let validators = tip.validators, header.validatorSetHash != validators.hash(configuration.hash) {
            throw .invalidBlock("validator set hash is not the set in force")
        }
        let explanation = PrimarySelection.explain(
            table: tip.scores, genesisHash: configuration.genesisHash, height: header.height, view: header.view,
            faultsTolerated: faultsTolerated, hash: configuration.hash)
        guard header.failedViewPrimaries == explanation.excludedValidatorIDs else { throw .invalidBlock("failed-view primaries") }
        guard header.proposerID == explanation.primaryID else { throw .invalidBlock("proposer is not the primary of the header's view") }
        if tip.height == 0 {
            guard header.previousCommitCertificate == nil else { throw .invalidBlock("block 1 carries no certificate") }
        } else {
            guard let certificate = header.previousCommitCertificate else { throw .invalidBlock("missing parent certificate") }
            // The tip's own certificate was verified (or built from verified votes) already.
            if certificate != tip.certificate {
                try validateCommitCertificate(certificate, height: tip.height, blockHash: tip.blockHash)
            }
        }
        try validateTimestamp(header, fresh: header.view == proposalView)
        if let problem = configuration.proposalValidator?.problem(with: block, parent: tip) {
            throw .invalidBlock(problem)
        }
    }

    /// A commit certificate for (height, blockHash): 2f+1 distinct validators of the set in
    /// force at `height`, valid signatures by the keys that set lists.
    func validateCommitCertificate(_ certificate: CommitCertificate, height: Int64, blockHash: [UInt8]) throws(ConsensusRejection) {
        guard certificate.height == height, certificate.blockHash == blockHash else { throw .invalidCertificate("commit certificate target") }
        let signers = certificate.signatures.map(\.validatorID)
        let needed = quorum(atHeight: height)
        guard signers.count >= needed, Set(signers).count == signers.count else {
            throw .invalidCertificate("commit certificate needs \(needed) distinct signers")
        }
        let inForce = validatorIDs(atHeight: height)
        for entry in certificate.signatures {
            guard inForce.contains(entry.validatorID) else { throw .unknownValidator(entry.validatorID) }
            let payload = certificate.payload(chainID: configuration.chainID, of: entry).canonicalBytes
            guard isValidSignature(entry.signature, of: payload, by: entry.validatorID, atHeight: height) else {
                throw .badSignature(entry.validatorID)
            }
        }
    }

    mutating func signVote(phase: VotePhase, blockHash: [UInt8]) {
        let view = hardState.view
        let attestation = phase == .commit ? attestation(blockHash: blockHash) : []
        let payload = VotePayload(chainID: configuration.chainID, height: hardState.height, view: view, phase: phase, blockHash: blockHash,
                                  attestation: attestation)
        let vote = SignedVote(height: hardState.height, view: view, phase: phase, blockHash: blockHash,
                              validatorID: validatorID, signature: signer.sign(payload.canonicalBytes), attestation: attestation)
        let kind: SignedRecord.Kind = phase == .prepare ? .prepare : .commit
        signThenSend(phase == .prepare ? .prepare(vote) : .commit(vote), record: SignedRecord(kind: kind, view: view, blockHash: blockHash))
    }

    // MARK: Votes

    mutating func onVote(_ vote: SignedVote, phase: VotePhase) throws(ConsensusRejection) {
        guard vote.phase == phase else { throw .invalidCertificate("phase does not match message") }
        guard phase == .commit || vote.attestation.isEmpty else { throw .invalidCertificate("a prepare carries no attestation") }
        try verifyVote(vote)
        if let earlier = votes.first(where: { $0.validatorID == vote.validatorID && $0.view == vote.view && $0.phase == phase }) {
            guard earlier.blockHash == vote.blockHash else { throw .equivocation("\(vote.validatorID) voted twice in view \(vote.view)") }
            return
        }
        votes.append(vote)
        if phase == .prepare {
            checkPrepared(view: vote.view, blockHash: vote.blockHash)
        } else {
            try checkCommitted(view: vote.view, blockHash: vote.blockHash)
        }
    }

    func verifyVote(_ vote: SignedVote) throws(ConsensusRejection) {
        guard isValidator(vote.validatorID) else { throw .unknownValidator(vote.validatorID) }
        let oldest = hardState.view - configuration.viewsBehindKeptMax
        guard vote.view >= oldest, vote.view <= hardState.view + configuration.viewsAheadMax else {
            throw .viewOutOfRange(view: vote.view, current: hardState.view)
        }
        guard isValidSignature(vote.signature, of: vote.payload(chainID: configuration.chainID).canonicalBytes,
                               by: vote.validatorID, atHeight: hardState.height) else { throw .badSignature(vote.validatorID) }
    }

    /// 2f+1 prepares for the block this node prepared in the current view: keep the
    /// certificate and sign a commit.
    mutating func checkPrepared(view: Int64, blockHash: [UInt8]) {
        guard view == hardState.view, !hasSigned(.commit, view: view) else { return }
        guard hardState.signedRecords.contains(where: { $0.kind == .prepare && $0.view == view && $0.blockHash == blockHash }),
              let block = knownBlock(hash: blockHash) else { return }
        let matching = votes.filter { $0.phase == .prepare && $0.view == view && $0.blockHash == blockHash }
        guard matching.count >= quorum else { return }
        let certificate = PreparedCertificate(view: view, block: block, blockHash: blockHash, prepares: matching)
        precondition(Set(certificate.prepares.map(\.validatorID)).count == certificate.prepares.count, "distinct preparers")
        hardState.preparedCertificate = certificate
        signVote(phase: .commit, blockHash: blockHash)
    }

    /// 2f+1 commits for one (view, block) at this height decide it, in whatever view this node is.
    /// `view` nil: check every view (a block just became known).
    mutating func checkCommitted(view: Int64?, blockHash: [UInt8]) throws(ConsensusRejection) {
        guard let block = knownBlock(hash: blockHash) else { return }
        let commits = votes.filter { $0.phase == .commit && $0.blockHash == blockHash && (view == nil || $0.view == view) }
        let views = Array(Set(commits.map(\.view))).sorted()
        for candidate in views {
            let signers = commits.filter { $0.view == candidate }.sorted { $0.validatorID < $1.validatorID }
            guard signers.count >= quorum else { continue }
            let signatures = signers.prefix(quorum).map {
                ValidatorSignature(validatorID: $0.validatorID, signature: $0.signature, attestation: $0.attestation)
            }
            let certificate = CommitCertificate(height: hardState.height, view: candidate, blockHash: blockHash, signatures: signatures)
            commitBlock(block, certificate: certificate)
            return
        }
    }

    /// Applies a decided block: updates the scores from the block's own header, emits the
    /// commit, and starts the next height.
    mutating func commitBlock(_ block: Block, certificate: CommitCertificate) {
        let signers = certificate.signatures.map(\.validatorID)
        precondition(signers.count >= quorum && Set(signers).count == signers.count, "2f+1 distinct signers")
        precondition(block.header.height == hardState.height, "commits happen at the current height")
        var scores = tip.scores
        let localView = configuration.faultInjection.contains(.scoresFromLocalView)
        let failed = localView ? failedPrimaries(beforeView: hardState.view) : block.header.failedViewPrimaries
        do {
            try scores.recordCommittedBlock(proposerID: block.header.proposerID, failedViewPrimaries: failed,
                                            censorshipChargedID: censorshipCharge(block), settings: configuration.scoreSettings)
        } catch {
            preconditionFailure("a certified block names only validators: \(error)")
        }
        // The set in force after this block, and the score table following it.
        let inForce = tip.validators
        let next = takeValidatorSet(forHeight: block.header.height + 1)
        if let next { scores = scores.following(next.validatorIDs, settings: configuration.scoreSettings) }
        outbox.append(.commit(block, certificate, scores: scores))
        tip = ChainTip(height: block.header.height, blockHash: certificate.blockHash, certificate: certificate, scores: scores,
                       timestampMs: block.header.timestampMs, validators: next, tipValidators: inForce,
                       censorshipWindow: tip.censorshipWindow.advanced(by: block))
        hardState = ConsensusHardState(height: tip.height + 1)
        proposals = []
        knownBlocks = []
        votes = []
        attestations = []
        viewChanges = []
        primaryCache = []
        enterCurrentView()
    }

    mutating func onDecided(_ decided: DecidedBlock) throws(ConsensusRejection) {
        let hash = blockHash(decided.block)
        guard decided.block.header.height == hardState.height, decided.block.header.previousHash == tip.blockHash else {
            throw .invalidBlock("decided block does not extend the tip")
        }
        try validateCommitCertificate(decided.certificate, height: hardState.height, blockHash: hash)
        counters.decidedBlocksApplied += 1
        commitBlock(decided.block, certificate: decided.certificate)
    }
}

import Canonical

extension ConsensusCore {
    // MARK: View changes

    mutating func onViewChange(_ change: ViewChange) throws(ConsensusRejection) {
        try verifyViewChange(change)
        if let certificate = change.preparedCertificate {
            remember(certificate.block, hash: certificate.blockHash)
        }
        if let index = viewChanges.firstIndex(where: { $0.senderID == change.senderID }) {
            guard change.newView > viewChanges[index].newView else { return }
            viewChanges[index] = change
        } else {
            viewChanges.append(change)
        }
        joinViewIfPeersAhead()
        if primary(view: hardState.view) == validatorID, hardState.view > 0 {
            tryNewView(packedBlock: nil)
        }
    }

    /// f+1 distinct peers asking for views above ours include an honest one: join the highest
    /// view that f+1 of them reached. One peer alone cannot move us.
    mutating func joinViewIfPeersAhead() {
        let ahead = viewChanges.filter { $0.newView > hardState.view }.map(\.newView).sorted(by: >)
        let needed = faultsTolerated + 1
        guard ahead.count >= needed else { return }
        counters.viewsJoined += 1
        moveToView(ahead[needed - 1])
    }

    func verifyViewChange(_ change: ViewChange) throws(ConsensusRejection) {
        guard isValidator(change.senderID) else { throw .unknownValidator(change.senderID) }
        guard change.newView >= 1, change.newView <= hardState.view + configuration.viewsAheadMax else {
            throw .viewOutOfRange(view: change.newView, current: hardState.view)
        }
        let prepared = change.preparedCertificate.map { ($0.view, $0.blockHash) }
        let payload = ViewChange.payload(chainID: configuration.chainID, height: change.height, newView: change.newView, prepared: prepared)
        guard isValidSignature(change.signature, of: payload, by: change.senderID, atHeight: hardState.height) else {
            throw .badSignature(change.senderID)
        }
        if let certificate = change.preparedCertificate {
            guard certificate.view < change.newView else { throw .invalidCertificate("prepared certificate not before the new view") }
            try verifyPreparedCertificate(certificate)
        }
    }

    /// 2f+1 distinct validators' valid prepares for the certificate's block in its view.
    func verifyPreparedCertificate(_ certificate: PreparedCertificate) throws(ConsensusRejection) {
        guard certificate.block.header.height == hardState.height, blockHash(certificate.block) == certificate.blockHash else {
            throw .invalidCertificate("prepared certificate block")
        }
        let signers = certificate.prepares.map(\.validatorID)
        guard signers.count >= quorum, Set(signers).count == signers.count else {
            throw .invalidCertificate("prepared certificate needs \(quorum) distinct preparers")
        }
        for vote in certificate.prepares {
            guard vote.phase == .prepare, vote.height == hardState.height, vote.view == certificate.view,
                  vote.blockHash == certificate.blockHash else { throw .invalidCertificate("prepare does not match certificate") }
            guard isValidator(vote.validatorID) else { throw .unknownValidator(vote.validatorID) }
            guard isValidSignature(vote.signature, of: vote.payload(chainID: configuration.chainID).canonicalBytes,
                                   by: vote.validatorID, atHeight: hardState.height) else { throw .badSignature(vote.validatorID) }
        }
    }

    /// The view changes to `view` that justify a new view, and the block they force (the block
    /// of the highest prepared certificate among them), or nil if fewer than 2f+1.
    func justification(view: Int64) -> (changes: [ViewChange], forced: PreparedCertificate?)? {
        let changes = viewChanges.filter { $0.newView == view }.sorted { $0.senderID < $1.senderID }
        guard changes.count >= quorum else { return nil }
        let chosen = Array(changes.prefix(quorum))
        return (chosen, highestCertificate(chosen))
    }

    func highestCertificate(_ changes: [ViewChange]) -> PreparedCertificate? {
        changes.compactMap(\.preparedCertificate).max { $0.view < $1.view }
    }

    /// As primary of the current view (above 0): with 2f+1 view changes, re-propose the
    /// highest prepared block, or ask for (or use) a fresh batch when none prepared.
    mutating func tryNewView(packedBlock: Block?) {
        let view = hardState.view
        guard view > 0, !hasSigned(.proposal, view: view), let found = justification(view: view) else { return }
        let (changes, forced) = found
        let block: Block
        if let forced {
            block = forced.block
            counters.preparedCertificatesCarried += 1
        } else if let packedBlock, packedBlock.header.view == view {
            block = packedBlock
        } else {
            requestBatch()
            return
        }
        let hash = blockHash(block)
        let payload = Proposal.payload(chainID: configuration.chainID, height: hardState.height, view: view, blockHash: hash)
        let proposal = Proposal(view: view, block: block, proposerID: validatorID, signature: signer.sign(payload))
        awaitingBatchForView = nil
        signThenSend(.newView(NewView(proposal: proposal, justification: changes)),
                     record: SignedRecord(kind: .proposal, view: view, blockHash: hash))
    }

    mutating func onNewView(_ newView: NewView) throws(ConsensusRejection) {
        let proposal = newView.proposal
        let view = proposal.view
        guard view >= 1, view >= hardState.view, view <= hardState.view + configuration.viewsAheadMax else {
            throw .viewOutOfRange(view: view, current: hardState.view)
        }
        let senders = newView.justification.map(\.senderID)
        guard senders.count >= quorum, Set(senders).count == senders.count else {
            throw .invalidCertificate("new view needs \(quorum) distinct view changes")
        }
        for change in newView.justification {
            guard change.height == hardState.height, change.newView == view else { throw .invalidCertificate("view change for another view") }
            try verifyViewChange(change)
        }
        let hash = blockHash(proposal.block)
        if let forced = highestCertificate(newView.justification) {
            guard forced.blockHash == hash else { throw .invalidCertificate("new view must re-propose the highest prepared block") }
        } else {
            guard proposal.block.header.view == view else { throw .invalidBlock("a fresh block carries its proposal view") }
        }
        if view > hardState.view {
            setView(view)
            enterCurrentView()
        }
        try onProposal(proposal, justifiedView: true)
    }

    // MARK: Batches

    mutating func requestBatch() {
        guard awaitingBatchForView != hardState.view else { return }
        awaitingBatchForView = hardState.view
        let view = hardState.view
        outbox.append(.requestBatch(ProposalTemplate(
            height: hardState.height, view: view, previousHash: tip.blockHash, proposerID: validatorID,
            failedViewPrimaries: failedPrimaries(beforeView: view), creditScoreTableHash: tip.scores.hash(configuration.hash),
            previousCommitCertificate: tip.certificate, timestampMsMin: tip.timestampMs + 1)))
    }

    mutating func onBatchReady(_ block: Block) {
        let view = hardState.view
        guard awaitingBatchForView == view, block.header.height == hardState.height, block.header.view == view,
              primary(view: view) == validatorID, !hasSigned(.proposal, view: view) else { return }
        if view > 0 {
            tryNewView(packedBlock: block)
            return
        }
        awaitingBatchForView = nil
        let hash = blockHash(block)
        let payload = Proposal.payload(chainID: configuration.chainID, height: hardState.height, view: view, blockHash: hash)
        let proposal = Proposal(view: view, block: block, proposerID: validatorID, signature: signer.sign(payload))
        signThenSend(.proposal(proposal), record: SignedRecord(kind: .proposal, view: view, blockHash: hash))
    }
}

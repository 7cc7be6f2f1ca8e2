import Canonical

extension ConsensusSimulator {
    /// Crashes, restarts and partitions for this tick.
    mutating func injectFaults() {
        if partitionSide != nil, tick >= partitionEndsAtTick { partitionSide = nil }
        if partitionSide == nil, chance(perMille: settings.partitionPerMillePerTick) {
            var sides: [Bool] = []
            for _ in replicas { sides.append(random(2) == 0) }
            partitionSide = sides
            partitionEndsAtTick = tick + 1 + Int(random(settings.partitionTicksMax))
            counters.partitions += 1
        }
        for index in replicas.indices where !replicas[index].isUp && tick >= replicas[index].restartAtTick {
            restart(index)
        }
        let down = replicas.indices.reduce(0) { $0 + (replicas[$1].isUp ? 0 : 1) }
        if down < faultsTolerated, chance(perMille: settings.crashPerMillePerTick) {
            let index = Int(random(UInt64(replicas.count)))
            if replicas[index].isUp { crash(index) }
        }
    }

    /// Loses the core and every hard-state write not yet durable; committed blocks stay.
    mutating func crash(_ index: Int) {
        guard let core = replicas[index].core else { return }
        counters.add(core.counters)
        counters.crashes += 1
        if replicas[index].writesInFlight > 0 { counters.crashesWithLostWrites += 1 }
        replicas[index].core = nil
        replicas[index].isUp = false
        replicas[index].diskEpoch += 1
        replicas[index].writesInFlight = 0
        replicas[index].restartAtTick = tick + 1 + Int(random(settings.downTicksMax))
    }

    /// Builds a core from the durable chain and hard state and starts it, with a clock skew
    /// drawn afresh (a restarted machine's clock may have jumped).
    mutating func restart(_ index: Int) {
        let range = settings.clockSkewMsMax
        replicas[index].clockSkewMs = Int64(random(2 * range + 1)) - Int64(range)
        if replicas[index].clockSkewMs != 0 { counters.skewedClocks += 1 }
        replicas[index].isUp = true
        replicas[index].core = ConsensusCore(configuration: configuration, signer: signers[index],
                                             verifier: verifier, tip: tip(of: index),
                                             restoring: replicas[index].durableHardState)
        scheduleLearnedChanges(index, committedHeight: Int64(replicas[index].committed.count))
        admitMissedTransactions(index)
        step(index, .start)
    }

    mutating func handle(_ event: SimulatedEvent) {
        switch event {
        case .deliver(let to, let from, let message):
            guard replicas[to].isUp else { return }
            switch message {
            case .proposal, .newView:
                step(to, .clock(nowMs: clockMs(to)))
                attest(to, message)
            default: break
            }
            catchUpObserver(to, from: from, message)
            step(to, .message(from: replicas[from].validatorID, message))
        case .persisted(let index, let sequence, let state, let epoch):
            guard replicas[index].diskEpoch == epoch, replicas[index].isUp else { return }
            replicas[index].durableHardState = state
            replicas[index].writesInFlight -= 1
            step(index, .persisted(sequence: sequence))
        case .batchReady(let index, let block, let epoch):
            guard replicas[index].diskEpoch == epoch, replicas[index].isUp else { return }
            step(index, .batchReady(block))
        case .batchDue(let index, let template, let epoch):
            guard replicas[index].diskEpoch == epoch, replicas[index].isUp else { return }
            step(index, .clock(nowMs: clockMs(index)))  // its block's time is its clock now, not when it asked
            step(index, .batchReady(packBlock(template, salt: 0, transactions: batch(index, for: template))))
        case .clientTransaction(let index, let transaction):
            admitClientTransaction(index, transaction)
        }
    }

    /// Steps one replica and performs its actions in order.
    mutating func step(_ index: Int, _ input: ConsensusInput) {
        // Taken out while it steps: the only reference, so its arrays are not copied.
        guard var core = replicas[index].core.take() else { return }
        let actions = core.step(input)
        replicas[index].core = core
        for action in actions { perform(index, action) }
    }

    mutating func perform(_ index: Int, _ action: ConsensusAction) {
        switch action {
        case .persist(let state, let sequence):
            // The disk is FIFO: a later write never becomes durable before an earlier one.
            let due = max(replicas[index].diskBusyUntilTick, tick + Int(random(settings.diskDelayTicksMax + 1)))
            replicas[index].diskBusyUntilTick = due
            replicas[index].writesInFlight += 1
            schedule(.persisted(replica: index, sequence: sequence, state: state, epoch: replicas[index].diskEpoch), atTick: due)
        case .broadcast(let message):
            broadcast(from: index, message)
        case .send(let message, let to):
            if let target = replicaIndex(to) { send(from: index, to: target, message) }
        case .sendDecided(let to, let fromHeight):
            sendDecided(from: index, to: to, fromHeight: fromHeight)
        case .requestBatch(let template) where settings.batchDelayTicks > 0:
            schedule(.batchDue(replica: index, template, epoch: replicas[index].diskEpoch), atTick: tick + settings.batchDelayTicks)
        case .requestBatch(let template):
            let block = packBlock(template, salt: 0, transactions: batch(index, for: template))
            schedule(.batchReady(replica: index, block, epoch: replicas[index].diskEpoch), atTick: tick + 1)
        case .commit(let block, let certificate, let scores):
            recordCommit(index, block: block, certificate: certificate, scores: scores)
        case .armViewTimer:
            break
        }
    }

    mutating func broadcast(from index: Int, _ message: ConsensusMessage) {
        if replicas[index].byzantine == nil { checkSignedOnce(index, message) }
        if let behaviour = replicas[index].byzantine {
            switch (behaviour, message) {
            case (.silentPrimary, .proposal), (.silentPrimary, .newView):
                counters.silentProposals += 1
                return
            case (.equivocatingPrimary, .proposal(let proposal)):
                equivocate(from: index, proposal)
                return
            case (.invalidSignatures, _):
                // Half its messages, so its views fail often but the cluster is not left at
                // exactly a quorum for the whole run.
                guard chance(perMille: 500) else { break }
                counters.invalidSignaturesSent += 1
                for target in replicas.indices where target != index { send(from: index, to: target, Self.corrupted(message)) }
                return
            case (.conflictingVotes, .prepare(let vote)), (.conflictingVotes, .commit(let vote)):
                sendConflictingVotes(from: index, vote)
                return
            default: break
            }
        }
        for target in replicas.indices where target != index { send(from: index, to: target, message) }
    }

    /// Sends the real proposal to the first half of the peers and a second block to the rest;
    /// the first peer gets both, so an honest replica can see the equivocation.
    mutating func equivocate(from index: Int, _ proposal: Proposal) {
        counters.equivocationsMade += 1
        let header = proposal.block.header
        let template = ProposalTemplate(height: header.height, view: header.view, previousHash: header.previousHash,
                                        proposerID: header.proposerID, failedViewPrimaries: header.failedViewPrimaries,
                                        creditScoreTableHash: header.creditScoreTableHash,
                                        previousCommitCertificate: header.previousCommitCertificate,
                                        timestampMsMin: header.timestampMs)
        let other = packBlock(template, salt: 1, transactions: proposal.block.transactions)
        let hash = configuration.hash(other.header.canonicalBytes)
        let payload = Proposal.payload(chainID: configuration.chainID, height: header.height, view: proposal.view, blockHash: hash)
        let forged = Proposal(view: proposal.view, block: other, proposerID: proposal.proposerID,
                              signature: signers[index].sign(payload))
        let peers = replicas.indices.filter { $0 != index }
        for (position, target) in peers.enumerated() {
            send(from: index, to: target, .proposal(position < peers.count / 2 ? proposal : forged))
        }
        if let first = peers.first { send(from: index, to: first, .proposal(forged)) }
    }

    mutating func send(from: Int, to: Int, _ message: ConsensusMessage) {
        counters.messagesSent += 1
        if let sides = partitionSide, sides[from] != sides[to] {
            counters.partitionDrops += 1
            return
        }
        if chance(perMille: settings.dropPerMille) {
            counters.messagesDropped += 1
            return
        }
        schedule(.deliver(to: to, from: from, message), atTick: tick + 1 + Int(random(settings.networkDelayTicksMax)))
        if chance(perMille: settings.duplicatePerMille) {
            counters.messagesDuplicated += 1
            schedule(.deliver(to: to, from: from, message), atTick: tick + 1 + Int(random(settings.networkDelayTicksMax * 2)))
        }
    }

    mutating func sendDecided(from index: Int, to: String, fromHeight: Int64) {
        guard let target = replicaIndex(to), fromHeight >= 1 else { return }
        let committed = replicas[index].committed
        let last = min(Int64(committed.count), fromHeight + settings.decidedBlocksPerRequestMax - 1)
        guard fromHeight <= last else { return }
        for height in fromHeight...last {
            let entry = committed[Int(height - 1)]
            send(from: index, to: target, .decided(DecidedBlock(block: entry.block, certificate: entry.certificate)))
        }
    }

    /// A synthetic block: the template's header fields, the proposer's clock (at least the
    /// template's minimum), `transactions` with their root, and other roots that differ per salt.
    func packBlock(_ template: ProposalTemplate, salt: UInt8, transactions: [Transaction] = []) -> Block {
        guard let proposer = replicaIndex(template.proposerID) else { preconditionFailure("the proposer is a simulated replica") }
        let timestampMs = max(template.timestampMsMin, clockMs(proposer))
        let root = configuration.hash(Array("batch-\(template.height)-\(template.view)-\(template.proposerID)".utf8) + [salt])
        let header = BlockHeader(
            chainID: configuration.chainID, height: template.height, previousHash: template.previousHash,
            timestampMs: timestampMs, proposerID: template.proposerID, view: template.view,
            transactionsRoot: Self.transactionsRoot(transactions),
            receiptsRoot: root, stateHash: root, validatorSetHash: validatorSet(atHeight: template.height).hash(configuration.hash),
            creditScoreTableHash: template.creditScoreTableHash,
            failedViewPrimaries: template.failedViewPrimaries, previousCommitCertificate: template.previousCommitCertificate)
        return Block(header: header, transactions: transactions)
    }

    /// Stores a commit durably and checks agreement, certificates and scores.
    mutating func recordCommit(_ index: Int, block: Block, certificate: CommitCertificate, scores: CreditScoreTable) {
        let height = block.header.height
        guard height == Int64(replicas[index].committed.count) + 1 else {
            violations.append("seed \(seed): \(replicas[index].validatorID) committed height \(height) out of order")
            return
        }
        replicas[index].committed.append((block, certificate, scores))
        scheduleLearnedChanges(index, committedHeight: height, onlyApprovedAt: height)
        replicas[index].mempool.removeCommitted(block.transactions)
        updateHonestHeightMin()
        replicas[index].durableHardState = nil
        // A certificate equal to one that passed at this height is not checked again.
        let checked = lastCertificateChecked.count
        let seen = Int64(checked) >= height && lastCertificateChecked[Int(height - 1)] == certificate
            && certificate.blockHash == configuration.hash(block.header.canonicalBytes)
        if !seen {
            if let problem = certificateProblem(block: block, certificate: certificate) {
                violations.append("seed \(seed): height \(height) by \(replicas[index].validatorID): \(problem)")
            } else if Int64(checked) == height - 1 {
                lastCertificateChecked.append(certificate)
            } else if Int64(checked) >= height {
                lastCertificateChecked[Int(height - 1)] = certificate
            }
        }
        guard replicas[index].byzantine == nil else { return }
        let scoreHash = scores.hash(configuration.hash)
        if Int64(committedHashes.count) < height {
            committedHashes.append(certificate.blockHash)
            committedScoreHashes.append(scoreHash)
            checkClientTransactions(index, block: block, scores: scores)
        } else if committedHashes[Int(height - 1)] != certificate.blockHash {
            violations.append("seed \(seed): honest replicas committed different blocks at height \(height)")
        } else if committedScoreHashes[Int(height - 1)] != scoreHash {
            violations.append("seed \(seed): honest replicas hold different scores after height \(height)")
        }
    }

    /// An honest replica, crashed and restarted or not, never sends two different blocks
    /// signed for one (height, view, kind): a vote sent before it was durable could be lost in
    /// a crash and signed differently after the restart.
    mutating func checkSignedOnce(_ index: Int, _ message: ConsensusMessage) {
        let signed: (kind: SignedRecord.Kind, view: Int64, blockHash: [UInt8])
        switch message {
        case .proposal(let proposal): signed = (.proposal, proposal.view, configuration.hash(proposal.block.header.canonicalBytes))
        case .newView(let newView):
            signed = (.proposal, newView.proposal.view, configuration.hash(newView.proposal.block.header.canonicalBytes))
        case .prepare(let vote): signed = (.prepare, vote.view, vote.blockHash)
        case .commit(let vote): signed = (.commit, vote.view, vote.blockHash)
        case .viewChange, .decided: return
        }
        let height = message.height
        replicas[index].signedMessages.removeAll { $0.height < height }
        let earlier = replicas[index].signedMessages.first { $0.height == height && $0.kind == signed.kind && $0.view == signed.view }
        guard let earlier else {
            replicas[index].signedMessages.append((height, signed.kind, signed.view, signed.blockHash))
            return
        }
        if earlier.blockHash != signed.blockHash {
            violations.append("seed \(seed): \(replicas[index].validatorID) signed two different \(signed.kind) messages "
                              + "at height \(height) view \(signed.view)")
        }
    }

    /// Every certificate: the block's hash, 2f+1 distinct validators of the set in force at its
    /// height, each signature valid by the key that set lists.
    func certificateProblem(block: Block, certificate: CommitCertificate) -> String? {
        guard certificate.blockHash == configuration.hash(block.header.canonicalBytes) else { return "certificate for another block" }
        let signers = certificate.signatures.map(\.validatorID)
        let inForce = validatorSet(atHeight: block.header.height)
        guard block.header.validatorSetHash == inForce.hash(configuration.hash) else { return "header names another validator set" }
        // The true quorum, whatever the core under test was configured with.
        let quorum = settings.checksCertificateQuorum ? inForce.quorum : 1
        guard signers.count >= quorum, Set(signers).count == signers.count else { return "certificate signers \(signers)" }
        for entry in certificate.signatures {
            guard let member = inForce.member(entry.validatorID) else { return "\(entry.validatorID) is not in the set in force" }
            let payload = certificate.payload(chainID: configuration.chainID, of: entry).canonicalBytes
            guard verifier.isValid(signature: entry.signature, of: payload, by: entry.validatorID, publicKey: member.signingKey) else {
                return "bad signature by \(entry.validatorID)"
            }
        }
        return nil
    }
}

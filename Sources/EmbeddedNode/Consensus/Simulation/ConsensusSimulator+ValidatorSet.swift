import Canonical

/// A validator-set change as governance would approve it: applied from `fromHeight`, learned by
/// each replica when it commits `approvalHeight`.
struct SimulatedSetChange {
    let approvalHeight: Int64
    let fromHeight: Int64
    let validators: ValidatorSet
}

extension ConsensusSimulator {
    /// The ticks between two catch-up requests of a replica outside the set in force (like the
    /// node's driver, which asks a peer at a later height for the blocks it lacks).
    static let observerCatchUpEveryTicks = 20

    /// The validators' signing keys: the real public key with real crypto, else the identifier's
    /// bytes (the stand-in verifier ignores keys).
    func member(_ index: Int) -> ValidatorMember {
        ValidatorMember(validatorID: replicas[index].validatorID, signingKey: signingKeys[index])
    }

    /// The change plan of a run whose seed selects it (`validatorSetChangeEverySeeds`): a spare
    /// honest replica joins at a quarter of the target height and the last original validator
    /// leaves at half of it. The spare is the last replica; it follows without voting until its
    /// activation height, and the removed validator does so after its removal.
    mutating func planValidatorSetChanges() throws {
        let every = settings.validatorSetChangeEverySeeds
        guard every > 0, seed % every == 0 else { return }
        let initial = replicas.indices.map { member($0) }
        let spare = replicas.count
        replicas.append(SimulatedReplica(validatorID: "validator-\(spare)", byzantine: nil))
        signers.append(try spareSigner(id: "validator-\(spare)"))
        let added = initial + [member(spare)]
        let removedID = initial[initial.count - 1].validatorID
        let joinApproval = settings.heightsTarget / 4
        let leaveApproval = settings.heightsTarget / 2
        let delay = GovernanceRules.activationDelayBlocks
        setChanges = [
            SimulatedSetChange(approvalHeight: joinApproval, fromHeight: joinApproval + delay, validators: ValidatorSet(members: added)),
            SimulatedSetChange(approvalHeight: leaveApproval, fromHeight: leaveApproval + delay,
                               validators: ValidatorSet(members: added.filter { $0.validatorID != removedID })),
        ]
    }

    /// The set in force at `height`.
    func validatorSet(atHeight height: Int64) -> ValidatorSet {
        setChanges.last { $0.fromHeight <= height }?.validators ?? initialValidatorSet
    }

    /// Feeds replica `index` the changes it learned from its chain that are not yet in force at
    /// its next height (after a restart, or right after committing the approving block).
    mutating func scheduleLearnedChanges(_ index: Int, committedHeight: Int64, onlyApprovedAt: Int64? = nil) {
        for change in setChanges where change.approvalHeight <= committedHeight && change.fromHeight > committedHeight + 1 {
            if let onlyApprovedAt, change.approvalHeight != onlyApprovedAt { continue }
            counters.validatorSetChangesLearned += 1
            step(index, .validatorSetScheduled(fromHeight: change.fromHeight, validators: change.validators))
        }
    }

    /// A replica outside the set in force at its height asks the sender of a later-height
    /// message for the committed blocks it lacks, at most once per `observerCatchUpEveryTicks`.
    mutating func catchUpObserver(_ index: Int, from sender: Int, _ message: ConsensusMessage) {
        if case .decided = message { return }
        guard replicas[index].core?.isMember == false, let height = replicas[index].core?.hardState.height,
              message.height > height else { return }
        guard tick - replicas[index].lastCatchUpTick >= Self.observerCatchUpEveryTicks else { return }
        replicas[index].lastCatchUpTick = tick
        sendDecided(from: sender, to: replicas[index].validatorID, fromHeight: height)
    }

    private mutating func spareSigner(id: String) throws -> any ConsensusSigner {
        guard let suiteID = settings.cryptoSuite else {
            signingKeys.append(Array(id.utf8))
            return StandInSigner(validatorID: id)
        }
        let key = try CryptoSuites.suite(suiteID).generatePrivateKey()
        signingKeys.append(key.publicKey.rawBytes)
        return SigningKeyConsensusSigner(validatorID: id, key: key)
    }
}

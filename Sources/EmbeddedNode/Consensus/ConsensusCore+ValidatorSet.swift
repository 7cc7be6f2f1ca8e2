/// The validator set as chain state, as the core follows it: the set in force at the height
/// being decided is `tip.validators` (the configuration's validators when the driver gives no
/// set); the tip's own certificate was signed by `tip.tipValidators`. Sets scheduled by
/// governance wait in `scheduledValidatorSets` until the height they apply from. Quorum, f,
/// membership, primary selection (through the score table) and signature checks follow them.
extension ConsensusCore {
    /// The validators in force at `height` (the current height or the tip's), sorted.
    func validatorIDs(atHeight height: Int64) -> [String] {
        validatorSet(atHeight: height)?.validatorIDs ?? configuration.validatorIDs
    }

    /// The set in force at `height` when the driver gives sets; nil otherwise.
    func validatorSet(atHeight height: Int64) -> ValidatorSet? {
        precondition(height == hardState.height || height == tip.height, "the core checks only its tip and the height it decides")
        return height == hardState.height ? tip.validators : (tip.tipValidators ?? tip.validators)
    }

    /// 2f+1 of the set in force at the height being decided.
    var quorum: Int { configuration.quorum(validatorCount: validatorCount(atHeight: hardState.height)) }

    /// 2f+1 of the set in force at `height`.
    func quorum(atHeight height: Int64) -> Int { configuration.quorum(validatorCount: validatorCount(atHeight: height)) }

    /// How many validators the set in force at `height` has (without listing them: membership
    /// and quorum are asked for every message).
    func validatorCount(atHeight height: Int64) -> Int {
        validatorSet(atHeight: height)?.members.count ?? configuration.validatorIDs.count
    }

    /// f of the set in force at the height being decided.
    var faultsTolerated: Int { Quorum.faultsTolerated(validatorCount: validatorCount(atHeight: hardState.height)) }

    /// Whether `validatorID` is in the set in force at the height being decided.
    func isValidator(_ validatorID: String) -> Bool {
        guard let set = validatorSet(atHeight: hardState.height) else { return configuration.validatorIDs.contains(validatorID) }
        return set.contains(validatorID)
    }

    /// Whether this replica votes at the height being decided (a replica outside the set, such
    /// as a joining organisation's node before its activation height, only follows).
    var isMember: Bool { isValidator(validatorID) }

    /// Whether `signature` is `validatorID`'s, by the key the set in force at `height` lists
    /// (a validator outside that set signs nothing valid there).
    func isValidSignature(_ signature: [UInt8], of message: [UInt8], by validatorID: String, atHeight height: Int64) -> Bool {
        guard let set = validatorSet(atHeight: height) else {
            return configuration.validatorIDs.contains(validatorID) && verifier.isValid(signature: signature, of: message, by: validatorID)
        }
        guard let member = set.member(validatorID) else { return false }
        return verifier.isValid(signature: signature, of: message, by: validatorID, publicKey: member.signingKey)
    }

    /// Records a set scheduled by governance; it must lie beyond the height being decided.
    mutating func onValidatorSetScheduled(fromHeight: Int64, validators: ValidatorSet) {
        precondition(fromHeight > hardState.height, "a scheduled set applies after the height being decided (activation delay)")
        scheduledValidatorSets.removeAll { $0.fromHeight >= fromHeight }
        scheduledValidatorSets.append((fromHeight, validators))
    }

    /// The set in force at `height` (the one after the height being decided), taking it out of
    /// the schedule; nil when the driver gives no sets.
    mutating func takeValidatorSet(forHeight height: Int64) -> ValidatorSet? {
        let due = scheduledValidatorSets.last { $0.fromHeight <= height }
        scheduledValidatorSets.removeAll { $0.fromHeight <= height }
        return due?.validators ?? tip.validators
    }
}

extension CreditScoreTable {
    /// The table for a new validator set: removed validators leave it, new ones enter at the
    /// initial score, the others keep theirs.
    public func following(_ validatorIDs: [String], settings: CreditScoreSettings) -> CreditScoreTable {
        let entries = validatorIDs.map { id in CreditScoreEntry(validatorID: id, score: score(of: id) ?? settings.initialScore) }
        do {
            return try CreditScoreTable(entries: entries)
        } catch {
            preconditionFailure("a validator set gives a valid score table: \(error)")
        }
    }
}

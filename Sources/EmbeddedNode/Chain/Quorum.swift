/// The Byzantine quorum arithmetic for a set of n validators: it tolerates f = ⌊(n − 1)/3⌋
/// faulty ones, and ⌊(n + f)/2⌋ + 1 matching votes decide. For n = 3f + 1 that is 2f + 1.
///
/// The set changes through governance, so n need not be 3f + 1: with 5 validators f = 1, and
/// 2f + 1 = 3 would let two quorums share a single (possibly Byzantine) validator. The size
/// used here is the smallest for which any two quorums share at least f + 1 validators (so at
/// least one honest one: safety) while the n − f honest ones still form a quorum (liveness).
public enum Quorum {
    /// How many faulty validators `validatorCount` tolerates.
    public static func faultsTolerated(validatorCount: Int) -> Int { (validatorCount - 1) / 3 }

    /// How many matching votes decide: ⌊(n + f)/2⌋ + 1 (2f + 1 when n = 3f + 1).
    public static func size(validatorCount: Int) -> Int {
        precondition(validatorCount >= 1, "a chain has at least one validator")
        let faults = faultsTolerated(validatorCount: validatorCount)
        let size = (validatorCount + faults) / 2 + 1
        assert(2 * size - validatorCount >= faults + 1, "two quorums share an honest validator")
        assert(size <= validatorCount - faults, "the honest validators alone form a quorum")
        return size
    }
}

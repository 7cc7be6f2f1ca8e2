/// The bound on how often a validator that censors every time it leads becomes primary
/// (derived in docs/CBFT.md, "The bound for a censoring primary"). Its views commit, so each
/// lead scores it S_s; under the premise that clients keep a censored transaction waiting at
/// every height (seen by f+1 validators a grace before its block, included by the next honest
/// primary), the commit two heights later charges it S_f. Alternating, its score settles at
/// the pair's fixed point S* = ((c-1) S_s + c S_f) / (2c-1) after a charge (`scoreAfterCharge`)
/// and S' = ((c-1) S* + S_s) / c after a lead (`scoreAfterLead`), the score in force in the two
/// heights before the charge lands. With honest scores at least min(S_0, S_s), one roulette
/// draw picks it with probability at most q(x) = x / (x + (n - m) min(S_0, S_s)); on a stable
/// network every height is decided in view 0, so it leads at most `frequencyMax` = q(S') of
/// heights, and over H heights at most `pairsToSettle` + H q(S') times in expectation.
public struct CensoringPrimaryBound: Sendable {
    /// The (lead, charge) pairs that take its score from the initial value to the fixed point.
    public let pairsToSettle: Int
    /// S*: its score right after a charge, once settled (fixed-point units).
    public let scoreAfterCharge: Int64
    /// S': its score after a lead, until the charge lands two heights later (fixed-point units).
    public let scoreAfterLead: Int64
    /// q(S*): the lead probability per height once charged.
    public let frequencyAfterCharge: Double
    /// q(S'): the lead probability per height while a charge is pending, the bound per height.
    public let frequencyMax: Double

    /// The bound for `misbehavingCount` censors among `validatorCount` (1 <= m <= f).
    public init(settings: CreditScoreSettings, validatorCount: Int, misbehavingCount: Int) {
        precondition(misbehavingCount >= 1 && 3 * misbehavingCount < validatorCount, "1 <= m <= f")
        var score = settings.initialScore
        var pairs = 0
        // One lead (S_s) then its charge (S_f), in the real fixed-point update; the pair map is a
        // contraction by ((c-1)/c)^2, so the integer sequence reaches its fixed point.
        while true {
            let next = settings.updated(settings.updated(score, committed: true), committed: false)
            guard next != score else { break }
            precondition(pairs < 10_000, "the pair update converges")
            score = next
            pairs += 1
        }
        pairsToSettle = pairs
        scoreAfterCharge = score
        scoreAfterLead = settings.updated(score, committed: true)
        let honestTotal = Double(validatorCount - misbehavingCount) * Double(min(settings.initialScore, settings.successScore))
        frequencyAfterCharge = Double(scoreAfterCharge) / (Double(scoreAfterCharge) + honestTotal)
        frequencyMax = Double(scoreAfterLead) / (Double(scoreAfterLead) + honestTotal)
        assert(frequencyAfterCharge <= frequencyMax, "a lead never lowers the score before its charge")
    }

    /// The expected number of heights, of `heights`, that it leads at most.
    public func expectedLeadsMax(heights: Int64) -> Double {
        Double(pairsToSettle) + Double(heights) * frequencyMax
    }
}

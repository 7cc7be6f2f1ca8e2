/// The bound on how often a validator that fails every view it leads becomes primary (derived
/// in docs/CBFT.md, "The bound"). Each view it leads scores it S_f, so after `leadsToFloor`
/// leads its score sits at the fixed point `scoreMin` = max(floor, ~S_f) for good. From then
/// on, in a network where honest primaries commit (so honest scores stay between the initial
/// score S_0 and S_s, and honest validators are never excluded), each roulette view draws it
/// with probability at most q = scoreMin / (scoreMin + (n - m) * min(S_0, S_s)) for m
/// misbehaving validators, and a height reaches roulette view v only if v misbehaving
/// primaries failed before, with probability at most (m q)^v. Per height it therefore leads
/// with probability at most q / (1 - m q), and over H heights at most `leadsToFloor` +
/// H * q / (1 - m q) times in expectation.
public struct MisbehavingPrimaryBound: Sendable {
    /// Leads (each scored S_f) that take a score from its initial value to `scoreMin`.
    public let leadsToFloor: Int
    /// The score a validator failing every lead settles at (fixed point).
    public let scoreMin: Int64
    /// q: the probability that one roulette view draws it, once it is at `scoreMin`.
    public let drawProbabilityMax: Double
    /// q / (1 - m q): the probability that it leads at one height, once at `scoreMin`.
    public let frequencyMax: Double

    /// The bound for `misbehavingCount` such validators among `validatorCount` (1 <= m <= f).
    public init(settings: CreditScoreSettings, validatorCount: Int, misbehavingCount: Int) {
        precondition(misbehavingCount >= 1 && 3 * misbehavingCount < validatorCount, "1 <= m <= f")
        var score = settings.initialScore
        var leads = 0
        // Integer division rounds down, so the sequence is non-increasing and stops.
        while settings.updated(score, committed: false) != score {
            let next = settings.updated(score, committed: false)
            precondition(next < score, "failures never raise a score")
            score = next
            leads += 1
        }
        leadsToFloor = leads
        scoreMin = score
        // Honest scores move from the initial score toward S_s and never leave that range.
        let honestScoreMin = min(settings.initialScore, settings.successScore)
        let honestTotal = Double(validatorCount - misbehavingCount) * Double(honestScoreMin)
        let q = Double(score) / (Double(score) + honestTotal)
        drawProbabilityMax = q
        let reachLater = Double(misbehavingCount) * q
        precondition(reachLater < 1, "the series converges for m <= f")
        frequencyMax = q / (1 - reachLater)
    }

    /// The expected number of heights, of `heights`, that it leads at most.
    public func expectedLeadsMax(heights: Int64) -> Double {
        Double(leadsToFloor) + Double(heights) * frequencyMax
    }
}

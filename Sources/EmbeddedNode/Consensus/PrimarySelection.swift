import Canonical

/// How the primary of one (height, view) was chosen.
public enum PrimarySelectionMethod: Hashable, Sendable {
    /// Roulette over the scores of the validators not yet failed at this height.
    case roulette
    /// Rotation (height + view) mod n, because the view is at least f+1.
    case rotationFromViewLimit
    /// Rotation, because every validator already failed at this height.
    case rotationNoCandidateLeft
    /// Rotation, because the seed stream gave no unbiased draw within the attempt limit
    /// (probability below 2^-600; kept so the function is total).
    case rotationDrawExhausted
}

/// One roulette candidate: a validator and the cumulative score q_i up to and including it.
public struct PrimaryCandidate: Hashable, Sendable {
    /// The validator.
    public let validatorID: String
    /// q_i.
    public let cumulativeScore: Int64
}

/// "Why this primary": everything a reader needs to recompute the choice for (height, view).
public struct PrimaryExplanation: Hashable, Sendable {
    /// The height.
    public let height: Int64
    /// The view.
    public let view: Int64
    /// hash(domain tag, genesis hash, height, view).
    public let seed: [UInt8]
    /// The score table in force at this height.
    public let table: CreditScoreTable
    /// Primaries of the earlier views at this height, in view order (all failed).
    public let excludedValidatorIDs: [String]
    /// The candidates in canonical order with their cumulative sums q_i.
    public let candidates: [PrimaryCandidate]
    /// The draw r in 1...sum, nil when the primary came from rotation.
    public let draw: Int64?
    /// How the primary was chosen.
    public let method: PrimarySelectionMethod
    /// The chosen primary.
    public let primaryID: String
}

/// SPEC 7's primary selection: P_i = S_i / sum(S) by roulette with a seed nobody can grind
/// (hash of the genesis hash, height and view: all fixed before anyone proposes), excluding the
/// primaries that already failed at this height; from view f+1, or when nobody is left, the
/// primary rotates by (height + view) mod n. Pure: the same inputs give the same primary on
/// every node.
public enum PrimarySelection {
    /// Domain tag of the seed.
    public static let seedDomainTag = "fundchain-primary-seed-v1"
    /// Domain tag of the random stream derived from the seed.
    public static let streamDomainTag = "fundchain-primary-stream-v1"
    /// How many 64-bit words the rejection sampler may draw before giving up.
    public static let drawAttemptsMax = 64

    /// The seed of (height, view): hash(tag, genesis hash, height, view), canonical.
    public static func seed(genesisHash: [UInt8], height: Int64, view: Int64, hash: ([UInt8]) -> [UInt8]) -> [UInt8] {
        var writer = CanonicalWriter()
        writer.write(seedDomainTag)
        writer.write(bytes: genesisHash)
        writer.write(height)
        writer.write(view)
        return hash(writer.bytes)
    }

    /// A uniform integer in 1...total from `seed`, without modulo bias: 64-bit words
    /// hash(tag, seed, block) are read big-endian in order, and a word below 2^64 mod total is
    /// rejected. Returns nil only if `drawAttemptsMax` words were all rejected.
    public static func uniformDraw(seed: [UInt8], total: Int64, hash: ([UInt8]) -> [UInt8]) -> Int64? {
        precondition(total >= 1, "a draw needs a positive total")
        let range = UInt64(total)
        let rejectBelow = (0 &- range) % range  // 2^64 mod range
        var attempt = 0
        var block: Int64 = 0
        while attempt < drawAttemptsMax {
            var writer = CanonicalWriter()
            writer.write(streamDomainTag)
            writer.write(bytes: seed)
            writer.write(block)
            let digest = hash(writer.bytes)
            var offset = 0
            while offset + 8 <= digest.count && attempt < drawAttemptsMax {
                let word = digest[offset..<(offset + 8)].reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
                attempt += 1
                offset += 8
                if word >= rejectBelow { return Int64(word % range) + 1 }
            }
            block += 1
        }
        return nil
    }

    /// The primary of (height, view) with its explanation. The primaries of views 0..<view are
    /// derived the same way (each of those views failed, or we would not be in `view`) and
    /// excluded; `faultsTolerated` is f.
    public static func explain(table: CreditScoreTable, genesisHash: [UInt8], height: Int64, view: Int64,
                               faultsTolerated: Int, hash: ([UInt8]) -> [UInt8]) -> PrimaryExplanation {
        precondition(height >= 1 && view >= 0, "heights start at 1, views at 0")
        var excluded: [String] = []
        let rouletteViews = min(view, Int64(faultsTolerated) + 1)
        var earlier: Int64 = 0
        while earlier < rouletteViews {
            let step = explainOne(table: table, genesisHash: genesisHash, height: height, view: earlier,
                                  excluded: excluded, faultsTolerated: faultsTolerated, hash: hash)
            excluded.append(step.primaryID)
            earlier += 1
        }
        if view > rouletteViews {
            // Rotation views: the earlier rotation primaries are known without drawing.
            var rotationView = rouletteViews
            while rotationView < view {
                excluded.append(rotate(table: table, height: height, view: rotationView))
                rotationView += 1
            }
        }
        return explainOne(table: table, genesisHash: genesisHash, height: height, view: view,
                          excluded: excluded, faultsTolerated: faultsTolerated, hash: hash)
    }

    /// The primaries of views 0..<view at `height`: what a block committed in `view` records
    /// as `failedViewPrimaries`.
    public static func failedPrimaries(table: CreditScoreTable, genesisHash: [UInt8], height: Int64, view: Int64,
                                       faultsTolerated: Int, hash: ([UInt8]) -> [UInt8]) -> [String] {
        explain(table: table, genesisHash: genesisHash, height: height, view: view,
                faultsTolerated: faultsTolerated, hash: hash).excludedValidatorIDs
    }

    /// (height + view) mod n over the validators in canonical order.
    static func rotate(table: CreditScoreTable, height: Int64, view: Int64) -> String {
        let ids = table.validatorIDs
        let index = Int((UInt64(height) &+ UInt64(view)) % UInt64(ids.count))
        return ids[index]
    }

    private static func explainOne(table: CreditScoreTable, genesisHash: [UInt8], height: Int64, view: Int64,
                                   excluded: [String], faultsTolerated: Int,
                                   hash: ([UInt8]) -> [UInt8]) -> PrimaryExplanation {
        let seed = seed(genesisHash: genesisHash, height: height, view: view, hash: hash)
        var candidates: [PrimaryCandidate] = []
        var sum: Int64 = 0
        for entry in table.entries where !excluded.contains(entry.validatorID) {
            sum += entry.score
            candidates.append(PrimaryCandidate(validatorID: entry.validatorID, cumulativeScore: sum))
        }
        func result(_ draw: Int64?, _ method: PrimarySelectionMethod, _ primaryID: String) -> PrimaryExplanation {
            PrimaryExplanation(height: height, view: view, seed: seed, table: table, excludedValidatorIDs: excluded,
                               candidates: candidates, draw: draw, method: method, primaryID: primaryID)
        }
        if view >= Int64(faultsTolerated) + 1 {
            return result(nil, .rotationFromViewLimit, rotate(table: table, height: height, view: view))
        }
        if candidates.isEmpty {
            return result(nil, .rotationNoCandidateLeft, rotate(table: table, height: height, view: view))
        }
        guard let draw = uniformDraw(seed: seed, total: sum, hash: hash) else {
            return result(nil, .rotationDrawExhausted, rotate(table: table, height: height, view: view))
        }
        // k with q_(k-1) < r <= q_k.
        let chosen = candidates.first { draw <= $0.cumulativeScore }!
        precondition(draw >= 1 && draw <= sum, "the draw lies in 1...sum")
        return result(draw, .roulette, chosen.validatorID)
    }
}

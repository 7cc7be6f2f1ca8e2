import Canonical

/// A problem with credit-score settings or a score table, named with its values.
public enum CreditScoreError: Error, Equatable, Sendable {
    /// A setting is out of range.
    case invalidSetting(name: String, value: Int64, reason: String)
    /// The table has no entry for the validator.
    case unknownValidator(String)
    /// The validator list is empty, repeated or too long.
    case invalidValidatorList(reason: String)
}

/// The tuning of SPEC 7's credit score: S = (S*(c-1) + S')/c with S' = S_s after a committed
/// view and S_f after a failed one, never below the floor. Scores are fixed-point integers with
/// `scale` units per 1.0, so every node computes byte-identical tables.
public struct CreditScoreSettings: Hashable, Sendable {
    /// Fixed-point units per 1.0.
    public static let scale: Int64 = 1_000_000
    /// The largest smoothing count accepted (keeps S*(c-1) far from overflow).
    public static let smoothingCountMax: Int64 = 1_000_000

    /// S_s: the target of a primary whose view committed (fixed point).
    public var successScore: Int64
    /// S_f: the target of a primary whose view failed (fixed point).
    public var failureScore: Int64
    /// c: how many rounds of history the average spans (at least 1).
    public var smoothingCount: Int64
    /// The lowest score any validator can hold; above zero so everyone can still be drawn.
    public var floorScore: Int64
    /// The score every validator starts with.
    public var initialScore: Int64

    /// Defaults: S_s = 1.0, S_f = 0, c = 4, floor = 0.01, start at 1.0.
    public init(successScore: Int64 = scale, failureScore: Int64 = 0, smoothingCount: Int64 = 4,
                floorScore: Int64 = scale / 100, initialScore: Int64 = scale) {
        self.successScore = successScore
        self.failureScore = failureScore
        self.smoothingCount = smoothingCount
        self.floorScore = floorScore
        self.initialScore = initialScore
    }

    /// Checks the ranges: 0 < floor <= initial <= scale, 0 <= S_f <= S_s <= scale, 1 <= c <= max.
    public func validate() throws(CreditScoreError) {
        let scale = Self.scale
        guard floorScore > 0, floorScore <= scale else {
            throw .invalidSetting(name: "floorScore", value: floorScore, reason: "must be in 1...\(scale)")
        }
        guard initialScore >= floorScore, initialScore <= scale else {
            throw .invalidSetting(name: "initialScore", value: initialScore, reason: "must be in floorScore...\(scale)")
        }
        guard successScore >= 0, successScore <= scale else {
            throw .invalidSetting(name: "successScore", value: successScore, reason: "must be in 0...\(scale)")
        }
        guard failureScore >= 0, failureScore <= successScore else {
            throw .invalidSetting(name: "failureScore", value: failureScore, reason: "must be in 0...successScore")
        }
        guard smoothingCount >= 1, smoothingCount <= Self.smoothingCountMax else {
            throw .invalidSetting(name: "smoothingCount", value: smoothingCount, reason: "must be in 1...\(Self.smoothingCountMax)")
        }
    }

    /// One update: (S*(c-1) + S')/c, rounded toward zero (all terms are non-negative, so down),
    /// then raised to the floor.
    public func updated(_ score: Int64, committed: Bool) -> Int64 {
        precondition(score >= 0 && score <= Self.scale, "scores stay in 0...scale")
        let target = committed ? successScore : failureScore
        let averaged = (score * (smoothingCount - 1) + target) / smoothingCount
        return max(floorScore, averaged)
    }
}

/// One validator's score.
public struct CreditScoreEntry: Hashable, Sendable, CanonicalCodable {
    /// The validator's organisation identifier.
    public let validatorID: String
    /// Its score in fixed point (`CreditScoreSettings.scale` per 1.0).
    public let score: Int64

    /// Creates an entry.
    public init(validatorID: String, score: Int64) {
        self.validatorID = validatorID
        self.score = score
    }

    /// Field order: validatorID, score.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(validatorID)
        writer.write(score)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        validatorID = try reader.readString(limit: 64)
        score = try reader.readInt64()
    }
}

/// The credit-score table: chain state, one entry per validator, sorted by identifier so its
/// canonical bytes (and hash, carried in each header) are the same on every honest node.
public struct CreditScoreTable: Hashable, Sendable, CanonicalCodable {
    /// Domain tag written before the entries.
    public static let domainTag = "fundchain-credit-scores-v1"

    /// The entries, sorted by validator identifier, each validator once.
    public private(set) var entries: [CreditScoreEntry]

    /// A table in which every validator holds `settings.initialScore`.
    public init(validatorIDs: [String], settings: CreditScoreSettings) throws(CreditScoreError) {
        try settings.validate()
        let sorted = validatorIDs.sorted()
        guard !sorted.isEmpty, sorted.count <= BlockHeader.validatorsMax else {
            throw .invalidValidatorList(reason: "\(sorted.count) validators, 1...\(BlockHeader.validatorsMax) allowed")
        }
        guard zip(sorted, sorted.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .invalidValidatorList(reason: "a validator is listed twice")
        }
        entries = sorted.map { CreditScoreEntry(validatorID: $0, score: settings.initialScore) }
    }

    /// A table from explicit entries (tests, restored state); sorts them.
    public init(entries: [CreditScoreEntry]) throws(CreditScoreError) {
        let sorted = entries.sorted { $0.validatorID < $1.validatorID }
        guard !sorted.isEmpty, zip(sorted, sorted.dropFirst()).allSatisfy({ $0.validatorID < $1.validatorID }) else {
            throw .invalidValidatorList(reason: "empty or repeated validator")
        }
        guard sorted.allSatisfy({ $0.score > 0 && $0.score <= CreditScoreSettings.scale }) else {
            throw .invalidValidatorList(reason: "scores must be in 1...scale")
        }
        self.entries = sorted
    }

    /// The validators in canonical (sorted) order.
    public var validatorIDs: [String] { entries.map(\.validatorID) }

    /// Sum of all scores.
    public var totalScore: Int64 { entries.reduce(0) { $0 + $1.score } }

    /// The score of `validatorID`, or nil if it is not in the table.
    public func score(of validatorID: String) -> Int64? {
        entries.first { $0.validatorID == validatorID }?.score
    }

    /// Scores the primary of one finished (height, view): S_s if its view committed, S_f if not.
    public mutating func record(primary validatorID: String, committed: Bool,
                                settings: CreditScoreSettings) throws(CreditScoreError) {
        guard let index = entries.firstIndex(where: { $0.validatorID == validatorID }) else {
            throw .unknownValidator(validatorID)
        }
        let updated = settings.updated(entries[index].score, committed: committed)
        entries[index] = CreditScoreEntry(validatorID: validatorID, score: updated)
        precondition(updated >= settings.floorScore, "a score never falls below the floor")
    }

    /// Applies a committed block's outcome: each failed-view primary (in order) gets S_f, then
    /// the block's proposer gets S_s, then the primary the censorship indicator charges (if
    /// any) gets S_f. Reads only chain data, so every honest node agrees.
    public mutating func recordCommittedBlock(proposerID: String, failedViewPrimaries: [String], censorshipChargedID: String? = nil,
                                              settings: CreditScoreSettings) throws(CreditScoreError) {
        for failed in failedViewPrimaries {
            try record(primary: failed, committed: false, settings: settings)
        }
        try record(primary: proposerID, committed: true, settings: settings)
        if let censorshipChargedID { try record(primary: censorshipChargedID, committed: false, settings: settings) }
    }

    /// The hash carried in headers: `hash` of the canonical bytes.
    public func hash(_ hash: ([UInt8]) -> [UInt8]) -> [UInt8] { hash(canonicalBytes) }

    /// Field order: domain tag, entries (sorted).
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(Self.domainTag)
        writer.write(entries)
    }

    /// Reads the fields in `encode(to:)` order, refusing unsorted or out-of-range entries.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let tag = try reader.readString(limit: 64)
        guard tag == Self.domainTag else { throw .invalidValue(offset: start, reason: "not a credit-score table") }
        let entries: [CreditScoreEntry] = try reader.readArray(limit: BlockHeader.validatorsMax)
        do {
            self = try CreditScoreTable(entries: entries)
        } catch {
            throw .invalidValue(offset: start, reason: "credit-score table: \(error)")
        }
        guard self.entries == entries else { throw .invalidValue(offset: start, reason: "entries not sorted") }
    }
}

import Canonical

/// One validator's recent record as primary: over the `activityWindowBlocks` blocks before a
/// height, how many blocks it proposed, how many views it led that failed (from the blocks'
/// `failedViewPrimaries`), and the newest block it proposed in the window.
public struct ValidatorActivity: Hashable, Sendable, CanonicalCodable {
    /// The validator.
    public let validatorID: String
    /// Blocks it proposed in the window.
    public let proposedBlocks: Int64
    /// Views it led in the window that failed.
    public let failedViews: Int64
    /// The newest block it proposed in the window, nil if none.
    public let lastProposedHeight: Int64?

    /// Creates an entry.
    public init(validatorID: String, proposedBlocks: Int64, failedViews: Int64, lastProposedHeight: Int64?) {
        self.validatorID = validatorID
        self.proposedBlocks = proposedBlocks
        self.failedViews = failedViews
        self.lastProposedHeight = lastProposedHeight
    }

    /// Field order: validatorID, proposedBlocks, failedViews, lastProposedHeight (0 for none).
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(validatorID)
        writer.write(proposedBlocks)
        writer.write(failedViews)
        writer.write(lastProposedHeight ?? 0)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        validatorID = try reader.readString(limit: 64)
        proposedBlocks = try reader.readInt64()
        failedViews = try reader.readInt64()
        let last = try reader.readInt64()
        lastProposedHeight = last >= 1 ? last : nil
    }
}

/// "Why this primary" for one height, recomputed from chain data only: the score table in
/// force (replayed from the committed headers), the seed and draw of every view up to the one
/// that committed (the earlier ones failed, their primaries excluded from the later draws), and
/// the validators' recent record. For the next height, not yet committed, it holds view 0.
/// After a long outage only the first `failedViewsListedMax` failed views are listed (the later
/// ones rotate by (height + view) mod n); `decidingView.view` still counts them all.
///
/// ```swift
/// let why = try await node.primaryExplanation(height: 42)
/// why?.decidingView.primaryID   // the proposer of block 42
/// ```
public struct HeightPrimaryExplanation: Hashable, Sendable, CanonicalCodable {
    /// How the seed of (height, view) is derived, for readers of the RPC answer.
    public static let seedDerivation =
        "hash(\"\(PrimarySelection.seedDomainTag)\", genesisHash, height, view) over the canonical encoding; draw r in 1...sum(scores) from hash(\"\(PrimarySelection.streamDomainTag)\", seed, block) 64-bit words, rejection-sampled"

    /// The most failed views listed.
    public static let failedViewsListedMax = 64

    /// The height.
    public let height: Int64
    /// Whether the block at `height` is committed (false: the next height, view 0 only).
    public let isCommitted: Bool
    /// The genesis hash in the seed.
    public let genesisHash: [UInt8]
    /// f: from view f+1 the primary rotates.
    public let faultsTolerated: Int
    /// Views from 0 to the deciding view, in increasing order; all but the last failed.
    public let views: [PrimaryExplanation]
    /// How many blocks before `height` `activity` covers.
    public let activityWindowBlocks: Int64
    /// Each validator's recent record, in canonical validator order.
    public let activity: [ValidatorActivity]

    /// Creates an explanation; `views` starts at view 0 and increases (`areWellOrdered`).
    public init(height: Int64, isCommitted: Bool, genesisHash: [UInt8], faultsTolerated: Int, views: [PrimaryExplanation],
                activityWindowBlocks: Int64, activity: [ValidatorActivity]) {
        precondition(Self.areWellOrdered(views, height: height), "views of one height from view 0, increasing")
        self.height = height
        self.isCommitted = isCommitted
        self.genesisHash = genesisHash
        self.faultsTolerated = faultsTolerated
        self.views = views
        self.activityWindowBlocks = activityWindowBlocks
        self.activity = activity
    }

    /// Whether `views` are of `height`, start at view 0 and increase.
    static func areWellOrdered(_ views: [PrimaryExplanation], height: Int64) -> Bool {
        views.first?.view == 0 && views.allSatisfy { $0.height == height } && zip(views, views.dropFirst()).allSatisfy { $0.view < $1.view }
    }

    /// The view whose primary proposed the block (for the next height: view 0).
    public var decidingView: PrimaryExplanation { views[views.count - 1] }
    /// The score table in force at this height.
    public var scores: CreditScoreTable { views[0].table }
    /// The failed views listed before the deciding one, with their primaries.
    public var failedViews: [PrimaryExplanation] { Array(views.dropLast()) }
    /// Whether the deciding view's primary came from rotation rather than the roulette.
    public var rotationApplied: Bool { decidingView.method.isRotation }

    /// Field order: height, isCommitted, genesisHash, faultsTolerated, views, window, activity.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(height)
        writer.write(isCommitted)
        writer.write(bytes: genesisHash)
        writer.write(faultsTolerated)
        writer.write(views)
        writer.write(activityWindowBlocks)
        writer.write(activity)
    }

    /// Reads the fields in `encode(to:)` order, refusing views out of order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let height = try reader.readInt64()
        let isCommitted = try reader.readBool()
        let genesisHash = try reader.readBytes(limit: 64)
        let faultsTolerated = try reader.readInt(limit: BlockHeader.validatorsMax)
        let views: [PrimaryExplanation] = try reader.readArray(limit: 1024)
        let window = try reader.readInt64()
        let activity: [ValidatorActivity] = try reader.readArray(limit: BlockHeader.validatorsMax)
        guard Self.areWellOrdered(views, height: height), views.count <= Self.failedViewsListedMax + 1 else {
            throw .invalidValue(offset: start, reason: "primary explanation: views not increasing from view 0 at height \(height)")
        }
        self.init(height: height, isCommitted: isCommitted, genesisHash: genesisHash, faultsTolerated: faultsTolerated, views: views,
                  activityWindowBlocks: window, activity: activity)
    }
}

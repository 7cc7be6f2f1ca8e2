import EmbeddedNode
import LedgerClient

/// What the node status screen shows: the node's own account of itself, the validators' scores
/// and chances for the next height, and its newest committed blocks, newest first.
public struct ChainStatus: Sendable, Equatable {
    /// The most blocks the screen's list holds.
    public static let recentBlocksMax = 30

    /// The node's health.
    public let health: LedgerHealth
    /// The newest blocks, newest first (at most `recentBlocksMax`).
    public let recentBlocks: [BlockDetail]
    /// Why the next height's primary is who it is (scores, chances, recent record), nil when
    /// the node gave no answer.
    public let nextPrimary: HeightPrimaryExplanation?

    /// Creates a status.
    public init(health: LedgerHealth, recentBlocks: [BlockDetail], nextPrimary: HeightPrimaryExplanation? = nil) {
        precondition(recentBlocks.count <= Self.recentBlocksMax, "the list holds at most \(Self.recentBlocksMax) blocks")
        self.health = health
        self.recentBlocks = recentBlocks
        self.nextPrimary = nextPrimary
    }

    /// The validator that proposed the newest block (the current primary of a single
    /// validator), nil before the first block.
    public var latestProposer: String? { recentBlocks.first?.header.proposerID }

    /// Reads the health, the next height's primary explanation, then the newest blocks down
    /// from its tip.
    static func load(from ledger: any Ledger) async throws(LedgerError) -> ChainStatus {
        let health = try await ledger.health()
        var blocks: [BlockDetail] = []
        var height = health.tipHeight
        while height >= 1, blocks.count < recentBlocksMax {
            if let block = try await ledger.block(height: height) { blocks.append(block) }
            height -= 1
        }
        return ChainStatus(health: health, recentBlocks: blocks, nextPrimary: try await ledger.primaryExplanation(height: health.tipHeight + 1))
    }
}

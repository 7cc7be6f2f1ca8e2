import LedgerClient

/// What the node status screen shows: the node's own account of itself and its newest
/// committed blocks, newest first.
public struct ChainStatus: Sendable, Equatable {
    /// The most blocks the screen's list holds.
    public static let recentBlocksMax = 30

    /// The node's health.
    public let health: LedgerHealth
    /// The newest blocks, newest first (at most `recentBlocksMax`).
    public let recentBlocks: [BlockDetail]

    /// Creates a status.
    public init(health: LedgerHealth, recentBlocks: [BlockDetail]) {
        precondition(recentBlocks.count <= Self.recentBlocksMax, "the list holds at most \(Self.recentBlocksMax) blocks")
        self.health = health
        self.recentBlocks = recentBlocks
    }

    /// The validator that proposed the newest block (the current primary of a single
    /// validator), nil before the first block.
    public var latestProposer: String? { recentBlocks.first?.header.proposerID }

    /// Reads the health, then the newest blocks down from its tip.
    static func load(from ledger: any Ledger) async throws(LedgerError) -> ChainStatus {
        let health = try await ledger.health()
        var blocks: [BlockDetail] = []
        var height = health.tipHeight
        while height >= 1, blocks.count < recentBlocksMax {
            if let block = try await ledger.block(height: height) { blocks.append(block) }
            height -= 1
        }
        return ChainStatus(health: health, recentBlocks: blocks)
    }
}

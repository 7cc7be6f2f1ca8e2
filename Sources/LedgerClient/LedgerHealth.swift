/// What a node says about itself, as a ledger reports it.
public struct LedgerHealth: Hashable, Sendable {
    /// The chain's identifier.
    public let chainID: String
    /// The newest committed height (0 before the first block).
    public let tipHeight: Int64
    /// The newest block's hash (the genesis hash at height 0).
    public let tipHash: [UInt8]
    /// The newest block's time (UTC ms; the genesis time at height 0).
    public let tipTimeMs: Int64
    /// Transactions waiting for a block.
    public let mempoolCount: Int
    /// The node's validator identifier, when it validates.
    public let validatorID: String?
    /// Whether the node is catching up with its peers.
    public let isSyncing: Bool
    /// The consensus view at the height being decided (nil without consensus).
    public var view: Int64? = nil
    /// Peers connected now.
    public var peersConnected = 0
    /// Peers the node is configured to reach (0 without a peer network).
    public var peersExpected = 0
}

/// Where a block stream stands: the height of the last block it delivered. A stream that
/// starts "at the tip" learns the tip on its consumer's first request.
actor BlockCursor {
    private var height: Int64?

    /// A cursor after `height`, or after the tip at the first request when nil.
    init(after height: Int64?) {
        precondition(height.map { $0 >= 0 } ?? true, "heights start at 0")
        self.height = height
    }

    /// The last delivered height; the first time, `tip()` when the stream started at the tip
    /// (nil when the tip cannot be read, which ends the stream).
    func lastHeight(orTip tip: @Sendable () async -> Int64?) async -> Int64? {
        if let height { return height }
        let start = await tip()
        if height == nil { height = start }
        return height
    }

    /// Records a delivered block.
    func delivered(_ blockHeight: Int64) {
        precondition(height.map { blockHeight == $0 + 1 } ?? false, "blocks are delivered in order, without gaps")
        height = blockHeight
    }
}

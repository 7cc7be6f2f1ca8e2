import GRDB

extension BlockStore {
    /// Walks every block in height order on one consistent snapshot and stops at the first problem.
    ///
    /// The store checks on its own that heights run 1, 2, 3… without gaps, that each block's
    /// `previousHash` is the prior block's hash, that every block's transactions, receipts and
    /// state changes are all present, and that the tip is the last block. `check` adds the chain
    /// layer's checks (header hash, state hash); it gets each block and the prior one (nil for
    /// block 1) and returns a reason when the block is wrong.
    ///
    /// One block is held in memory at a time (plus the prior one), so this is O(1) in chain length.
    /// - Throws: ``StorageError/damaged(height:reason:)`` for the first failing block.
    public func verifyChain(_ check: (StoredBlock, StoredBlock?) -> String?) throws(StorageError) {
        try read { db in
            var previous: StoredBlock?
            var height: Int64 = 1
            while let block = try Self.readBlock(db, sql: "SELECT * FROM blocks WHERE height = ?", key: height) {
                if let reason = Self.linkProblem(block, previous) ?? check(block, previous) {
                    throw StorageError.damaged(height: height, reason: reason)
                }
                previous = block
                height += 1
            }
            let blockCount = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM blocks") ?? 0
            guard blockCount == height - 1 else {
                let reason = "block missing: \(blockCount) blocks stored but the chain stops at \(height - 1)"
                throw StorageError.damaged(height: height, reason: reason)
            }
            try Self.checkTipMatchesLastBlock(db)
        }
    }

    /// Why `block` does not follow `previous`, or nil if it does.
    static func linkProblem(_ block: StoredBlock, _ previous: StoredBlock?) -> String? {
        guard let previous else { return nil }
        if block.height != previous.height + 1 { return "height \(block.height) follows height \(previous.height)" }
        if block.previousHash != previous.hash { return "previous hash differs from the hash of block \(previous.height)" }
        return nil
    }

    /// The tip row must name the block with the greatest height (or be absent with no blocks).
    static func checkTipMatchesLastBlock(_ db: Database) throws {
        let tip = try readTip(db)
        let last = try Row.fetchOne(db, sql: "SELECT height, hash FROM blocks ORDER BY height DESC LIMIT 1")
        switch (tip, last) {
        case (nil, nil):
            return
        case let (tip?, last?) where tip.height == last[0] as Int64 && tip.hash == last.bytes(1):
            return
        default:
            let tipText = tip.map { "height \($0.height)" } ?? "none"
            let lastText = last.map { "height \($0[0] as Int64)" } ?? "none"
            throw StorageError.damaged(height: tip?.height, reason: "the tip (\(tipText)) is not the last block (\(lastText))")
        }
    }
}

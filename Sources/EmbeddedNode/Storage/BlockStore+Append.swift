import Foundation
import GRDB

extension BlockStore {
    /// Appends the next block in one SQLite transaction: the block row, its transaction rows
    /// (hash, height, position), receipt rows and state changes, the state itself and the tip.
    ///
    /// The block must extend the tip: height `tip + 1` (1 on an empty store) and `previousHash`
    /// equal to the tip's hash. Block 1's `previousHash` (the genesis hash) is the chain layer's
    /// to check. A refused or failed append writes nothing.
    /// - Throws: ``StorageError/notNextBlock(expectedHeight:got:)``,
    ///   ``StorageError/previousHashMismatch(height:)``, ``StorageError/injectedFault(_:)``, or a
    ///   database error (for example a transaction hash that is already stored).
    public func append(_ block: StoredBlock) throws(StorageError) {
        let faults = self.faults
        try write { db in
            try Self.insert(block, into: db) { point in
                if faults?.fail(point) == true { throw StorageError.injectedFault(point) }
            }
        }
        if faults?.fail(.afterCommitBeforeAcknowledge) == true {
            throw StorageError.injectedFault(.afterCommitBeforeAcknowledge)
        }
    }

    /// Sets the commit certificate of a stored block (known only after the block was stored).
    /// - Throws: ``StorageError/noSuchBlock(height:)`` if no block has this height.
    public func setCertificate(height: Int64, bytes: [UInt8]) throws(StorageError) {
        try write { db in
            try db.execute(sql: "UPDATE blocks SET certificate = ? WHERE height = ?", arguments: [Data(bytes), height])
            if db.changesCount == 0 { throw StorageError.noSuchBlock(height: height) }
        }
    }

    /// Appends a consensus record (a vote, a view change…) durably: call it before sending what
    /// it records. Records are read back in append order.
    public func appendConsensusRecord(height: Int64, kind: UInt8, bytes: [UInt8]) throws(StorageError) {
        try write { db in
            try db.execute(sql: "INSERT INTO consensus_log (height, kind, bytes) VALUES (?, ?, ?)",
                           arguments: [height, Int64(kind), Data(bytes)])
        }
    }

    /// Deletes the consensus records below `height` (heights already committed, whose records
    /// no restart needs), so the log stays as small as the heights being decided.
    public func pruneConsensusRecords(belowHeight height: Int64) throws(StorageError) {
        try write { db in
            try db.execute(sql: "DELETE FROM consensus_log WHERE height < ?", arguments: [height])
        }
    }

    /// Writes `block` inside the caller's transaction, calling `fault` at the in-transaction
    /// fault points. Also used to build fixtures on an older schema.
    static func insert(_ block: StoredBlock, into db: Database, fault: (StorageFaultPoint) throws -> Void) throws {
        try fault(.beforeWrite)
        try checkExtendsTip(block, db)
        try insertBlockRows(block, db)
        try fault(.betweenBlockAndState)
        try applyStateChanges(block, db)
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO chain_tip (id, height, hash, state_hash) VALUES (1, ?, ?, ?)")
            .execute(arguments: [block.height, Data(block.hash), Data(block.stateHash)])
    }

    private static func checkExtendsTip(_ block: StoredBlock, _ db: Database) throws {
        let tip = try readTip(db)
        let expectedHeight = (tip?.height ?? 0) + 1
        guard block.height == expectedHeight else {
            throw StorageError.notNextBlock(expectedHeight: expectedHeight, got: block.height)
        }
        if let tip, tip.hash != block.previousHash {
            throw StorageError.previousHashMismatch(height: block.height)
        }
    }

    /// Cached statements, one execution per row: the fast path for blocks of many transactions.
    private static func insertBlockRows(_ block: StoredBlock, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO blocks (height, hash, previous_hash, header, certificate, state_hash,
                                transaction_count, receipt_count, state_change_count, events)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                block.height, Data(block.hash), Data(block.previousHash), Data(block.headerBytes),
                Data(block.certificateBytes), Data(block.stateHash),
                block.transactions.count, block.receipts.count, block.stateChanges.count, Data(block.blockEventsBytes),
            ])
        let transaction = try db.cachedStatement(sql: "INSERT INTO transactions (height, position, hash, bytes) VALUES (?, ?, ?, ?)")
        for (position, stored) in block.transactions.enumerated() {
            try transaction.execute(arguments: [block.height, position, Data(stored.hash), Data(stored.bytes)])
        }
        let receipt = try db.cachedStatement(sql: "INSERT INTO receipts (transaction_hash, height, position, bytes) VALUES (?, ?, ?, ?)")
        for (position, stored) in block.receipts.enumerated() {
            try receipt.execute(arguments: [Data(stored.transactionHash), block.height, position, Data(stored.bytes)])
        }
    }

    private static func applyStateChanges(_ block: StoredBlock, _ db: Database) throws {
        let log = try db.cachedStatement(sql: "INSERT INTO state_changes (height, position, key, value) VALUES (?, ?, ?, ?)")
        let put = try db.cachedStatement(sql: "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)")
        let delete = try db.cachedStatement(sql: "DELETE FROM state WHERE key = ?")
        for (position, change) in block.stateChanges.enumerated() {
            let key = Data(change.key)
            let value = change.value.map { Data($0) }
            try log.execute(arguments: [block.height, position, key, value])
            if let value {
                try put.execute(arguments: [key, value])
            } else {
                try delete.execute(arguments: [key])
            }
        }
    }
}

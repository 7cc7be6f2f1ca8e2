import Foundation
import GRDB

extension BlockStore {
    /// The last stored block's height, hash and state hash, or nil when no block is stored.
    public var tip: (height: Int64, hash: [UInt8], stateHash: [UInt8])? {
        get throws(StorageError) { try read { db in try Self.readTip(db) } }
    }

    /// The block at `height` with its transactions, receipts and state changes, or nil.
    /// - Throws: ``StorageError/damaged(height:reason:)`` if the block's rows are incomplete.
    public func block(height: Int64) throws(StorageError) -> StoredBlock? {
        try read { db in try Self.readBlock(db, sql: "SELECT * FROM blocks WHERE height = ?", key: height) }
    }

    /// The block with this hash, or nil.
    public func block(hash: [UInt8]) throws(StorageError) -> StoredBlock? {
        try read { db in try Self.readBlock(db, sql: "SELECT * FROM blocks WHERE hash = ?", key: Data(hash)) }
    }

    /// A transaction's bytes and where it is: block height and position in the block.
    public func transaction(hash: [UInt8]) throws(StorageError) -> (bytes: [UInt8], height: Int64, index: Int)? {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT bytes, height, position FROM transactions WHERE hash = ?",
                                       arguments: [Data(hash)])
            return row.map { (bytes: $0.bytes(0), height: $0[1], index: $0[2]) }
        }
    }

    /// The transaction at position `index` of the block at `height`, or nil.
    public func transaction(height: Int64, index: Int) throws(StorageError) -> StoredTransaction? {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT hash, bytes FROM transactions WHERE height = ? AND position = ?",
                                       arguments: [height, index])
            return row.map { StoredTransaction(hash: $0.bytes(0), bytes: $0.bytes(1)) }
        }
    }

    /// The receipt bytes of a transaction, or nil.
    public func receipt(transactionHash: [UInt8]) throws(StorageError) -> [UInt8]? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT bytes FROM receipts WHERE transaction_hash = ?", arguments: [Data(transactionHash)])
                .map { [UInt8]($0) }
        }
    }

    /// The current value of a state key, or nil if absent.
    public func stateValue(key: [UInt8]) throws(StorageError) -> [UInt8]? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM state WHERE key = ?", arguments: [Data(key)]).map { [UInt8]($0) }
        }
    }

    /// Every state entry whose key starts with `prefix` (all entries for an empty prefix),
    /// ordered by key bytes (unsigned, lexicographic: `[0x01] < [0x01, 0x00] < [0x02]`).
    public func stateEntries(prefix: [UInt8]) throws(StorageError) -> [(key: [UInt8], value: [UInt8])] {
        try read { db in
            let rows: [Row]
            if let end = Self.prefixUpperBound(prefix) {
                rows = try Row.fetchAll(db, sql: "SELECT key, value FROM state WHERE key >= ? AND key < ? ORDER BY key",
                                        arguments: [Data(prefix), Data(end)])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT key, value FROM state WHERE key >= ? ORDER BY key",
                                        arguments: [Data(prefix)])
            }
            return rows.map { (key: $0.bytes(0), value: $0.bytes(1)) }
        }
    }

    /// The consensus records at `fromHeight` or above, in the order they were appended.
    public func consensusRecords(fromHeight: Int64) throws(StorageError) -> [(height: Int64, kind: UInt8, bytes: [UInt8])] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT height, kind, bytes FROM consensus_log WHERE height >= ? ORDER BY sequence",
                             arguments: [fromHeight])
                .map { (height: $0[0], kind: UInt8(truncatingIfNeeded: $0[1] as Int64), bytes: $0.bytes(2)) }
        }
    }

    /// The smallest byte string greater than every string starting with `prefix`, or nil if
    /// there is none (empty prefix, or only 0xFF bytes).
    static func prefixUpperBound(_ prefix: [UInt8]) -> [UInt8]? {
        var end = prefix
        while let last = end.last {
            if last < 0xFF {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return nil
    }

    static func readTip(_ db: Database) throws -> (height: Int64, hash: [UInt8], stateHash: [UInt8])? {
        let row = try Row.fetchOne(db, sql: "SELECT height, hash, state_hash FROM chain_tip WHERE id = 1")
        return row.map { (height: $0[0], hash: $0.bytes(1), stateHash: $0.bytes(2)) }
    }

    static func readBlock(_ db: Database, sql: String, key: some DatabaseValueConvertible) throws -> StoredBlock? {
        guard let row = try Row.fetchOne(db, sql: sql, arguments: [key]) else { return nil }
        let height: Int64 = row["height"]
        let transactions = try readRows(db, table: "transactions", columns: "hash, bytes", height: height,
                                        expected: row["transaction_count"]) { StoredTransaction(hash: $0.bytes(1), bytes: $0.bytes(2)) }
        let receipts = try readRows(db, table: "receipts", columns: "transaction_hash, bytes", height: height,
                                    expected: row["receipt_count"]) { StoredReceipt(transactionHash: $0.bytes(1), bytes: $0.bytes(2)) }
        let changes = try readRows(db, table: "state_changes", columns: "key, value", height: height,
                                   expected: row["state_change_count"]) { StateChange(key: $0.bytes(1), value: $0.optionalBytes(2)) }
        return StoredBlock(height: height, hash: row.bytes("hash"), previousHash: row.bytes("previous_hash"),
                           headerBytes: row.bytes("header"), certificateBytes: row.bytes("certificate"),
                           stateHash: row.bytes("state_hash"), transactions: transactions, receipts: receipts,
                           stateChanges: changes, blockEventsBytes: row.bytes("events"))
    }

    /// Reads a block's rows of one table in position order and checks they are exactly positions
    /// 0..<expected, so a torn or tampered block is reported rather than returned short. `make`
    /// sees the row with `position` at index 0 and `columns` from index 1.
    private static func readRows<T>(_ db: Database, table: String, columns: String, height: Int64, expected: Int,
                                    _ make: (Row) -> T) throws -> [T] {
        let rows = try Row.fetchAll(db, sql: "SELECT position, \(columns) FROM \(table) WHERE height = ? ORDER BY position",
                                    arguments: [height])
        let positionsAreContiguous = rows.enumerated().allSatisfy { index, row in row[0] as Int == index }
        guard rows.count == expected, positionsAreContiguous else {
            throw StorageError.damaged(height: height, reason: "\(table): \(rows.count) row(s) stored, \(expected) expected")
        }
        return rows.map(make)
    }
}

extension Row {
    /// The BLOB at `index` as bytes (empty for NULL).
    func bytes(_ index: Int) -> [UInt8] { optionalBytes(index) ?? [] }

    /// The BLOB in `column` as bytes (empty for NULL).
    func bytes(_ column: String) -> [UInt8] { (self[column] as Data?).map { [UInt8]($0) } ?? [] }

    /// The BLOB at `index` as bytes, or nil for NULL.
    func optionalBytes(_ index: Int) -> [UInt8]? { (self[index] as Data?).map { [UInt8]($0) } }
}

import Foundation
import GRDB
import Testing
@testable import EmbeddedNode
import NodeTestSupport

/// A database written by format 1's first build (only "v1-blocks" applied) opens with the current
/// code, which applies the later migrations and reads the old blocks back.
@Suite struct MigrationTests {
    /// The checked-in binary fixture, written by `writeFormat1Database`.
    static let fixturePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/storage/format1-two-blocks.sqlite").path

    @Test func aFreshlyWrittenFormat1DatabaseOpensAndMigrates() throws {
        let database = try TemporaryDatabase()
        try writeFormat1Database(at: database.path)
        try expectMigratesAndReadsBack(database)
    }

    @Test func theCheckedInFormat1FixtureOpensAndMigrates() throws {
        let database = try TemporaryDatabase()
        try FileManager.default.copyItem(atPath: Self.fixturePath, toPath: database.path)
        let applied = try database.raw().read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == [Schema.blocksMigration])
        try expectMigratesAndReadsBack(database)
    }

    private func expectMigratesAndReadsBack(_ database: TemporaryDatabase) throws {
        let store = try database.open(chainID: "fixture-chain")
        #expect(try expectStoreHolds(store, format1Blocks))
        let applied = try store.pool.read { db in try Schema.migrator.appliedIdentifiers(db) }
        #expect(applied == [Schema.blocksMigration, Schema.consensusLogMigration, Schema.blockEventsMigration])
        try store.appendConsensusRecord(height: 3, kind: 1, bytes: [1])
        let next = SyntheticChain.block(height: 3, previousHash: format1Blocks[1].hash, transactionCount: 3, stateChangeCount: 4)
        try store.append(next)
        #expect(try expectStoreHolds(store, format1Blocks + [next]))
    }
}

/// The two blocks in the format-1 fixture.
let format1Blocks = SyntheticChain.chain(count: 2, transactionCount: 3, stateChangeCount: 4)

/// Writes a database the way format 1's first build did: only the "v1-blocks" migration, chain id
/// "fixture-chain", and `format1Blocks`. The inserts are a frozen copy of that build's SQL (do not
/// update them when the schema changes: they stand for the old build). Checkpointed on close, so
/// the result is one file.
func writeFormat1Database(at path: String) throws {
    let pool = try DatabasePool(path: path)
    try Schema.migrator.migrate(pool, upTo: Schema.blocksMigration)
    try pool.write { db in
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('chain_id', 'fixture-chain')")
        for block in format1Blocks {
            try db.execute(sql: """
                INSERT INTO blocks (height, hash, previous_hash, header, certificate, state_hash,
                                    transaction_count, receipt_count, state_change_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [block.height, Data(block.hash), Data(block.previousHash), Data(block.headerBytes),
                                 Data(block.certificateBytes), Data(block.stateHash),
                                 block.transactions.count, block.receipts.count, block.stateChanges.count])
            for (position, transaction) in block.transactions.enumerated() {
                try db.execute(sql: "INSERT INTO transactions (height, position, hash, bytes) VALUES (?, ?, ?, ?)",
                               arguments: [block.height, position, Data(transaction.hash), Data(transaction.bytes)])
            }
            for (position, receipt) in block.receipts.enumerated() {
                try db.execute(sql: "INSERT INTO receipts (transaction_hash, height, position, bytes) VALUES (?, ?, ?, ?)",
                               arguments: [Data(receipt.transactionHash), block.height, position, Data(receipt.bytes)])
            }
            for (position, change) in block.stateChanges.enumerated() {
                try db.execute(sql: "INSERT INTO state_changes (height, position, key, value) VALUES (?, ?, ?, ?)",
                               arguments: [block.height, position, Data(change.key), change.value.map { Data($0) }])
                if let value = change.value {
                    try db.execute(sql: "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)",
                                   arguments: [Data(change.key), Data(value)])
                } else {
                    try db.execute(sql: "DELETE FROM state WHERE key = ?", arguments: [Data(change.key)])
                }
            }
            try db.execute(sql: "INSERT OR REPLACE INTO chain_tip (id, height, hash, state_hash) VALUES (1, ?, ?, ?)",
                           arguments: [block.height, Data(block.hash), Data(block.stateHash)])
        }
    }
    try pool.close()
}

import GRDB

/// The database schema, changed only through named migrations applied once, in order.
///
/// Never edit a registered migration: a database written by an earlier build has it applied
/// already. Add a new one instead, and bump ``formatVersionSupported`` only when an older build
/// could no longer read what the new one writes.
enum Schema {
    /// The format version this build writes and reads, kept in `meta.format_version`.
    static let formatVersionSupported = 1

    /// The first migration: blocks, their transactions, receipts and state changes, the current
    /// state, the chain tip and the meta table.
    static let blocksMigration = "v1-blocks"
    /// The consensus log (votes and other records persisted before they are sent).
    static let consensusLogMigration = "v2-consensus-log"
    /// Each block's time-step events (fund-flow grace periods and stalls), stored with the block.
    static let blockEventsMigration = "v3-block-events"

    /// All migrations of this build.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(blocksMigration, migrate: createBlockTables)
        migrator.registerMigration(consensusLogMigration, migrate: createConsensusLog)
        migrator.registerMigration(blockEventsMigration) { db in
            try db.execute(sql: "ALTER TABLE blocks ADD COLUMN events BLOB NOT NULL DEFAULT x''")
        }
        return migrator
    }

    /// Keys and hashes are BLOBs, so the primary keys compare them as raw bytes (memcmp).
    /// Each block row carries its row counts, so a reader can tell a complete block from a torn one.
    private static func createBlockTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value NOT NULL);
            INSERT INTO meta (key, value) VALUES ('format_version', \(formatVersionSupported));
            CREATE TABLE blocks (
                height INTEGER PRIMARY KEY,
                hash BLOB NOT NULL UNIQUE,
                previous_hash BLOB NOT NULL,
                header BLOB NOT NULL,
                certificate BLOB NOT NULL,
                state_hash BLOB NOT NULL,
                transaction_count INTEGER NOT NULL,
                receipt_count INTEGER NOT NULL,
                state_change_count INTEGER NOT NULL);
            CREATE TABLE transactions (
                height INTEGER NOT NULL REFERENCES blocks(height),
                position INTEGER NOT NULL,
                hash BLOB NOT NULL UNIQUE,
                bytes BLOB NOT NULL,
                PRIMARY KEY (height, position)) WITHOUT ROWID;
            CREATE TABLE receipts (
                transaction_hash BLOB PRIMARY KEY NOT NULL,
                height INTEGER NOT NULL REFERENCES blocks(height),
                position INTEGER NOT NULL,
                bytes BLOB NOT NULL,
                UNIQUE (height, position)) WITHOUT ROWID;
            CREATE TABLE state_changes (
                height INTEGER NOT NULL REFERENCES blocks(height),
                position INTEGER NOT NULL,
                key BLOB NOT NULL,
                value BLOB,
                PRIMARY KEY (height, position)) WITHOUT ROWID;
            CREATE TABLE state (key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE chain_tip (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                height INTEGER NOT NULL,
                hash BLOB NOT NULL,
                state_hash BLOB NOT NULL);
            """)
    }

    /// Records are read back in the order they were appended (`sequence`), filtered by height.
    private static func createConsensusLog(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE consensus_log (
                sequence INTEGER PRIMARY KEY,
                height INTEGER NOT NULL,
                kind INTEGER NOT NULL,
                bytes BLOB NOT NULL);
            CREATE INDEX consensus_log_by_height ON consensus_log (height);
            """)
    }

    /// The format version recorded in the database, or nil for a new, empty database.
    static func storedFormatVersion(_ db: Database) throws -> Int? {
        guard try db.tableExists("meta") else { return nil }
        return try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format_version'")
    }

    /// Runs `PRAGMA quick_check` and returns its complaints, one per line (empty when the file is
    /// sound). SQLite may pack several complaints into one row, separated by newlines.
    static func quickCheckProblems(_ db: Database) throws -> [String] {
        let rows = try String.fetchAll(db, sql: "PRAGMA quick_check")
        guard rows != ["ok"] else { return [] }
        return rows.flatMap { $0.split(separator: "\n").map(String.init) }.filter { !$0.hasPrefix("*** in database") }
    }
}

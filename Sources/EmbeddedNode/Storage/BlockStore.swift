import Foundation
import GRDB

/// The node's durable store: blocks with their transactions, receipts and state changes, the
/// current key-value state, the chain tip and the consensus log, in one SQLite database.
///
/// It keeps bytes the chain layer has already encoded and never decodes them.
///
/// **Durability.** The database runs in WAL mode with `synchronous = FULL`: every commit fsyncs the
/// write-ahead log before `append` returns, so a block that `append` acknowledged survives a
/// process crash *and* a power loss. GRDB's `DatabasePool` sets `synchronous = NORMAL` on its
/// writer, which is crash-safe but may lose the last commits on power loss; a validator that has
/// voted for or acknowledged a block must not forget it, so this store sets FULL again after
/// opening. The cost is one fsync per commit, which one block per commit amortises.
///
/// **Crash safety.** ``append(_:)`` writes everything of a block and the new tip in one SQLite
/// transaction, so after a crash a block is either wholly present or wholly absent.
///
/// ```swift
/// let store = try BlockStore(path: "/var/lib/fundchain/node.sqlite", chainID: "fundchain-test")
/// try store.append(block)
/// let tip = try store.tip
/// ```
public final class BlockStore: Sendable {
    /// The database file's path.
    public let path: String
    let pool: DatabasePool
    let faults: StorageFaultInjector?

    /// Opens the database at `path`, creating it if missing.
    ///
    /// Opening runs `PRAGMA quick_check` (a pass over every page), refuses a format version newer
    /// than this build's, applies pending migrations and checks that the tip matches the last block.
    /// - Parameters:
    ///   - path: The database file; its directory must exist.
    ///   - chainID: The chain this node serves. Recorded if the database has none yet; a database
    ///     recorded for another chain is refused with ``StorageError/wrongChain(expected:found:)``.
    ///   - faults: Test-only failure points for ``append(_:)``.
    /// - Throws: ``StorageError/notADatabase(_:)``, ``StorageError/damaged(height:reason:)``,
    ///   ``StorageError/wrongFormatVersion(found:supported:)`` and the other storage errors.
    public init(path: String, chainID: String? = nil, faults: StorageFaultInjector? = nil) throws(StorageError) {
        self.path = path
        self.faults = faults
        self.pool = try Self.openPool(path: path)
        try checkFileAndFormat()
        try mapStorageErrors(path: path) { try Schema.migrator.migrate(pool) }
        try write { db in
            try Self.recordChainID(chainID, db)
            try Self.checkTipMatchesLastBlock(db)
        }
    }

    /// The chain id recorded in the database, if any.
    public var chainID: String? {
        get throws(StorageError) {
            try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'chain_id'") }
        }
    }

    /// Closes the database. Every later call on this store fails.
    public func close() throws(StorageError) {
        try mapStorageErrors(path: path) { try pool.close() }
    }

    private static func openPool(path: String) throws(StorageError) -> DatabasePool {
        try mapStorageErrors(path: path) {
            var configuration = Configuration()
            configuration.label = "NodeStorage"
            let pool = try DatabasePool(path: path, configuration: configuration)
            // After DatabasePool's own WAL set-up, which leaves the writer at NORMAL. A 64 MiB page
            // cache on the writer (SQLite's default is 2 MiB) keeps more of the random-key hash
            // indexes in memory: appends of 10,000-transaction blocks got about 20% faster.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536")
            }
            return pool
        }
    }

    private func checkFileAndFormat() throws(StorageError) {
        try mapStorageErrors(path: path) {
            try pool.writeWithoutTransaction { db in
                let problems = try Schema.quickCheckProblems(db)
                guard problems.isEmpty else {
                    let first = problems.prefix(3).joined(separator: "; ")
                    let reason = "PRAGMA quick_check found \(problems.count) problem(s), first: \(first)"
                    throw StorageError.damaged(height: nil, reason: reason)
                }
                guard try db.tableExists("meta") else { return }
                guard let found = try Schema.storedFormatVersion(db) else {
                    throw StorageError.damaged(height: nil, reason: "the meta table has no format_version")
                }
                if found > Schema.formatVersionSupported {
                    throw StorageError.wrongFormatVersion(found: found, supported: Schema.formatVersionSupported)
                }
            }
        }
    }

    private static func recordChainID(_ chainID: String?, _ db: Database) throws {
        let found = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'chain_id'")
        guard let chainID else { return }
        if let found, found != chainID { throw StorageError.wrongChain(expected: chainID, found: found) }
        if found == nil {
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('chain_id', ?)", arguments: [chainID])
        }
    }

    /// Runs `body` in a read transaction (a consistent snapshot) and maps errors.
    func read<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        try mapStorageErrors(path: path) { try pool.read(body) }
    }

    /// Runs `body` in a write transaction (committed if it returns, rolled back if it throws).
    func write<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        try mapStorageErrors(path: path) { try pool.write(body) }
    }
}

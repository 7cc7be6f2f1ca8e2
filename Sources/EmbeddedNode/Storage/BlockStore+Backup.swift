import Foundation
import GRDB

extension BlockStore {
    /// Copies the database to a new file at `path` with SQLite's online backup, while the node
    /// keeps running: the copy is one consistent snapshot (appends committed after the backup
    /// starts are not in it), taken from a reader connection so appends are not blocked.
    ///
    /// The result is a single self-contained file (rollback-journal mode, no `-wal` beside it).
    /// It appears at `path` only once complete.
    /// - Throws: ``StorageError/fileExists(_:)`` if `path` exists.
    public func backup(to path: String) throws(StorageError) {
        try Self.createFile(at: path) { partialPath in
            let destination = try DatabaseQueue(path: partialPath)
            try pool.backup(to: destination)
            try destination.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try destination.close()
        }
    }

    /// Restores a backup to a new database at `path`, which must not exist. The copy is opened as a
    /// store (quick check, format version, migrations) and its links are verified before it
    /// appears at `path`; a backup that fails any of that leaves nothing behind.
    /// - Throws: ``StorageError/fileExists(_:)`` if `path` exists, ``StorageError/damaged(height:reason:)``
    ///   or ``StorageError/notADatabase(_:)`` for a bad backup.
    public static func restore(from backupPath: String, to path: String) throws(StorageError) {
        try createFile(at: path) { partialPath in
            var readOnly = Configuration()
            readOnly.readonly = true
            let source: DatabaseQueue
            do {
                source = try DatabaseQueue(path: backupPath, configuration: readOnly)
            } catch {
                throw StorageError.wrapping(error, path: backupPath)
            }
            let destination = try DatabaseQueue(path: partialPath)
            do {
                try source.backup(to: destination)
            } catch {
                throw StorageError.wrapping(error, path: backupPath)
            }
            try source.close()
            try destination.close()
            let restored = try BlockStore(path: partialPath)
            try restored.verifyChain { _, _ in nil }
            try restored.close()
        }
    }

    /// Runs `write` on a temporary path beside `path`, then links the result to `path`, which
    /// fails rather than overwrites if `path` appeared meanwhile. Leftovers are removed either way.
    private static func createFile(at path: String, _ write: (String) throws -> Void) throws(StorageError) {
        guard !FileManager.default.fileExists(atPath: path) else { throw .fileExists(path) }
        let partialPath = path + ".partial-\(UUID().uuidString)"
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: partialPath + suffix) }
        }
        try mapStorageErrors(path: path) { try write(partialPath) }
        guard link(partialPath, path) == 0 else {
            let code = errno
            if code == EEXIST { throw .fileExists(path) }
            throw .database(code: code, message: "cannot create \(path): \(String(cString: strerror(code)))", sql: nil)
        }
    }
}

import GRDB

/// Every failure of the storage layer, with enough context to act on it.
public enum StorageError: Error, Equatable {
    /// SQLite reported an error: its extended result code, message and the failing SQL if known.
    case database(code: Int32, message: String, sql: String?)
    /// The stored data is inconsistent or corrupted, at a block height when one is known.
    case damaged(height: Int64?, reason: String)
    /// The database was written by a newer build whose format this build does not read.
    case wrongFormatVersion(found: Int, supported: Int)
    /// The appended block's height is not the tip's height + 1.
    case notNextBlock(expectedHeight: Int64, got: Int64)
    /// The appended block's `previousHash` is not the tip's hash.
    case previousHashMismatch(height: Int64)
    /// A ``StorageFaultInjector`` made the operation fail at this point.
    case injectedFault(StorageFaultPoint)
    /// The target file already exists and would be overwritten (backup, restore).
    case fileExists(String)
    /// The file at this path is not an SQLite database.
    case notADatabase(String)
    /// No block is stored at this height.
    case noSuchBlock(height: Int64)
    /// The database belongs to another chain than the one the node was opened for.
    case wrongChain(expected: String, found: String)

    /// A sentence for people (operators, logs), in Chinese or English.
    public func message(chinese: Bool) -> String {
        switch self {
        case let .database(code, message, sql):
            let statement = sql.map { chinese ? "（语句：\($0)）" : " (statement: \($0))" } ?? ""
            return chinese ? "数据库错误 \(code)：\(message)\(statement)" : "Database error \(code): \(message)\(statement)"
        case let .damaged(height, reason):
            let place = height.map { chinese ? "区块高度 \($0) 处" : " at block height \($0)" } ?? ""
            return chinese ? "数据库已损坏\(place)：\(reason)。请从备份恢复。"
                : "The database is damaged\(place): \(reason). Restore it from a backup."
        case let .wrongFormatVersion(found, supported):
            return chinese ? "数据库格式版本为 \(found)，本程序只支持到 \(supported)，请升级程序。"
                : "The database has format version \(found); this build supports up to \(supported). Upgrade the program."
        case let .notNextBlock(expectedHeight, got):
            return chinese ? "区块高度应为 \(expectedHeight)，收到的是 \(got)。"
                : "Expected a block at height \(expectedHeight), got height \(got)."
        case let .previousHashMismatch(height):
            return chinese ? "高度 \(height) 的区块的前一区块哈希与链尖不符。"
                : "The block at height \(height) does not link to the chain tip (previous hash differs)."
        case let .injectedFault(point):
            return chinese ? "测试注入的故障：\(point)" : "Injected test fault: \(point)"
        case let .fileExists(path):
            return chinese ? "文件已存在，不会覆盖：\(path)" : "The file already exists and will not be overwritten: \(path)"
        case let .notADatabase(path):
            return chinese ? "该文件不是 SQLite 数据库：\(path)" : "The file is not an SQLite database: \(path)"
        case let .noSuchBlock(height):
            return chinese ? "没有高度为 \(height) 的区块。" : "No block is stored at height \(height)."
        case let .wrongChain(expected, found):
            return chinese ? "数据库属于链 \(found)，而不是 \(expected)。"
                : "The database belongs to chain \(found), not \(expected)."
        }
    }

    /// Maps any error thrown inside a GRDB access to a storage error. SQLITE_CORRUPT becomes
    /// `.damaged` and SQLITE_NOTADB `.notADatabase(path)`, wherever they surface.
    static func wrapping(_ error: any Error, path: String) -> StorageError {
        if let storageError = error as? StorageError { return storageError }
        guard let databaseError = error as? DatabaseError else {
            return .database(code: -1, message: String(describing: error), sql: nil)
        }
        let message = databaseError.message ?? "unknown error"
        switch databaseError.resultCode {
        case .SQLITE_CORRUPT: return .damaged(height: nil, reason: "SQLite found a corrupted page (\(message))")
        case .SQLITE_NOTADB: return .notADatabase(path)
        default: return .database(code: databaseError.extendedResultCode.rawValue, message: message, sql: databaseError.sql)
        }
    }
}

/// Runs a GRDB call and converts what it throws to ``StorageError``.
func mapStorageErrors<T>(path: String, _ body: () throws -> T) throws(StorageError) -> T {
    do {
        return try body()
    } catch {
        throw StorageError.wrapping(error, path: path)
    }
}

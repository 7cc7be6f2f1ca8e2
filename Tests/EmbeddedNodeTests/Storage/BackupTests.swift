import Foundation
import Testing
import EmbeddedNode
import NodeTestSupport

/// Online backup while another task appends, restore to a new path, and the refusals.
@Suite struct BackupTests {
    /// The appender runs until cancelled after the backup, so appends go on while the backup copies.
    @Test func aBackupTakenWhileAppendingRestoresAndVerifies() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let blocks = SyntheticChain.chain(count: 120, transactionCount: 200, stateChangeCount: 20)
        let (appended, continuation) = AsyncStream.makeStream(of: Int64.self)
        let appender = Task.detached {
            defer { continuation.finish() }
            for block in blocks where !Task.isCancelled {
                try store.append(block)
                continuation.yield(block.height)
            }
        }
        for await height in appended where height >= 30 { break }

        let backupPath = database.file("backup.sqlite")
        let tipBefore = try #require(try store.tip).height
        try store.backup(to: backupPath)
        let tipAfter = try #require(try store.tip).height
        appender.cancel()
        try await appender.value
        let appendedBlocks = Array(blocks[0..<Int(try #require(try store.tip).height)])
        #expect(!FileManager.default.fileExists(atPath: backupPath + "-wal"))

        let restoredPath = database.file("restored.sqlite")
        try BlockStore.restore(from: backupPath, to: restoredPath)
        let restored = try BlockStore(path: restoredPath)
        let backedUp = try #require(try restored.tip).height
        #expect(tipBefore <= backedUp && backedUp <= tipAfter)
        #expect(try expectStoreHolds(restored, Array(blocks[0..<Int(backedUp)])))
        #expect(try expectStoreHolds(store, appendedBlocks))

        #expect(throws: StorageError.fileExists(restoredPath)) { try BlockStore.restore(from: backupPath, to: restoredPath) }
        #expect(throws: StorageError.fileExists(backupPath)) { try store.backup(to: backupPath) }
        #expect(try restored.tip?.height == backedUp)
    }

    @Test func restoringSomethingThatIsNotABackupLeavesNothingBehind() throws {
        let database = try TemporaryDatabase()
        let notABackup = database.file("notes.txt")
        try Data("these are my notes, not a database".utf8).write(to: URL(fileURLWithPath: notABackup))
        let target = database.file("restored.sqlite")
        #expect(throws: StorageError.notADatabase(notABackup)) { try BlockStore.restore(from: notABackup, to: target) }
        #expect(throws: StorageError.self) { try BlockStore.restore(from: database.file("missing.sqlite"), to: target) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: database.directory.path)
        #expect(leftovers == ["notes.txt"])
    }

    @Test func aBackupWithABrokenLinkIsNotRestored() throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        for block in smallChain(3) { try store.append(block) }
        let backupPath = database.file("backup.sqlite")
        try store.backup(to: backupPath)
        try database.raw(backupPath).write { db in try db.execute(sql: "UPDATE blocks SET previous_hash = x'00' WHERE height = 2") }
        let target = database.file("restored.sqlite")
        #expect(throws: StorageError.damaged(height: 2, reason: "previous hash differs from the hash of block 1")) {
            try BlockStore.restore(from: backupPath, to: target)
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }
}

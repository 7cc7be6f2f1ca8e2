import Foundation
import GRDB
import Testing
@testable import EmbeddedNode
import NodeTestSupport

/// What opening refuses (foreign files, corruption, newer formats, other chains) and what
/// `verifyChain` catches.
@Suite struct OpenAndVerifyTests {
    @Test func aPlainTextFileIsNotADatabase() throws {
        let database = try TemporaryDatabase()
        try Data("height,hash\n1,abc\nthis is a CSV export, not a database\n".utf8).write(to: URL(fileURLWithPath: database.path))
        #expect(throws: StorageError.notADatabase(database.path)) { try database.open() }
        #expect(StorageError.notADatabase(database.path).message(chinese: true).contains("不是 SQLite 数据库"))
    }

    @Test func bytesOverwrittenInTheMiddleAreReportedAsDamage() throws {
        let database = try TemporaryDatabase()
        do {
            let store = try database.open()
            for block in SyntheticChain.chain(count: 20, transactionCount: 40, stateChangeCount: 20) { try store.append(block) }
            try store.close()
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: database.path))
        let size = try handle.seekToEnd()
        #expect(size > 200_000)
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data((0..<16_384).map { UInt8(truncatingIfNeeded: $0 &* 7_919) }))
        try handle.close()

        #expect {
            try database.open()
        } throws: { error in
            guard case let .damaged(height, reason) = error as? StorageError else { return false }
            return height == nil && !reason.isEmpty
        }
    }

    @Test func aNewerFormatVersionIsRefused() throws {
        let database = try TemporaryDatabase()
        try database.open().close()
        try database.raw().write { db in try db.execute(sql: "UPDATE meta SET value = 2 WHERE key = 'format_version'") }
        #expect(throws: StorageError.wrongFormatVersion(found: 2, supported: 1)) { try database.open() }
    }

    @Test func theChainIDIsRecordedAndAnotherChainIsRefused() throws {
        let database = try TemporaryDatabase()
        try database.open(chainID: "fundchain-test").close()
        #expect(try database.open().chainID == "fundchain-test")
        #expect(try database.open(chainID: "fundchain-test").chainID == "fundchain-test")
        #expect(throws: StorageError.wrongChain(expected: "other", found: "fundchain-test")) { try database.open(chainID: "other") }
    }

    @Test func verifyChainReportsTheChainLayersReasonAtItsHeight() throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        for block in smallChain(4) { try store.append(block) }
        try store.verifyChain(SyntheticChain.headerProblem)
        #expect(throws: StorageError.damaged(height: 3, reason: "bad state hash")) {
            try store.verifyChain { block, _ in block.height == 3 ? "bad state hash" : nil }
        }
    }

    @Test func verifyChainCatchesABrokenLink() throws {
        let database = try TemporaryDatabase()
        try appendAndClose(database, smallChain(4))
        try database.raw().write { db in try db.execute(sql: "UPDATE blocks SET previous_hash = x'00' WHERE height = 3") }
        let store = try database.open()
        #expect(throws: StorageError.damaged(height: 3, reason: "previous hash differs from the hash of block 2")) {
            try store.verifyChain { _, _ in nil }
        }
    }

    @Test func aTornBlockIsReportedNotReturnedShort() throws {
        let database = try TemporaryDatabase()
        try appendAndClose(database, smallChain(3))
        try database.raw().write { db in try db.execute(sql: "DELETE FROM receipts WHERE height = 2 AND position = 1") }
        let store = try database.open()
        #expect(throws: StorageError.damaged(height: 2, reason: "receipts: 4 row(s) stored, 5 expected")) { try store.block(height: 2) }
        #expect(throws: StorageError.damaged(height: 2, reason: "receipts: 4 row(s) stored, 5 expected")) {
            try store.verifyChain { _, _ in nil }
        }
    }

    @Test func aMissingBlockOrAStaleTipIsDamage() throws {
        let database = try TemporaryDatabase()
        try appendAndClose(database, smallChain(3))
        try database.raw().write { db in try db.execute(sql: "UPDATE chain_tip SET height = 2") }
        #expect(throws: StorageError.damaged(height: 2, reason: "the tip (height 2) is not the last block (height 3)")) {
            try database.open()
        }
    }

    private func appendAndClose(_ database: TemporaryDatabase, _ blocks: [StoredBlock]) throws {
        let store = try database.open()
        for block in blocks { try store.append(block) }
        try store.close()
    }
}

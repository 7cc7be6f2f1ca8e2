import Foundation
import GRDB
import Testing
@testable import EmbeddedNode
import NodeTestSupport

/// Appending blocks and reading every part back; refused appends write nothing.
@Suite struct AppendReadTests {
    @Test func everyLookupReturnsWhatWasAppended() throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let blocks = smallChain(3)
        for block in blocks { try store.append(block) }

        #expect(try store.tip?.height == 3)
        #expect(try store.tip?.hash == blocks[2].hash)
        #expect(try store.tip?.stateHash == blocks[2].stateHash)
        for block in blocks {
            #expect(try store.block(height: block.height) == block)
            #expect(try store.block(hash: block.hash) == block)
            for (index, transaction) in block.transactions.enumerated() {
                let found = try store.transaction(hash: transaction.hash)
                #expect(found?.bytes == transaction.bytes && found?.height == block.height && found?.index == index)
                #expect(try store.transaction(height: block.height, index: index) == transaction)
            }
            for receipt in block.receipts {
                #expect(try store.receipt(transactionHash: receipt.transactionHash) == receipt.bytes)
            }
        }
        for (key, value) in SyntheticChain.replay(blocks) {
            #expect(try store.stateValue(key: key) == value)
        }
        #expect(try expectStoreHolds(store, blocks))
    }

    @Test func missingThingsAreNil() throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        #expect(try store.tip == nil)
        try store.append(smallChain(1)[0])
        #expect(try store.block(height: 2) == nil)
        #expect(try store.block(hash: [1, 2, 3]) == nil)
        #expect(try store.transaction(hash: [9]) == nil)
        #expect(try store.transaction(height: 1, index: 5) == nil)
        #expect(try store.receipt(transactionHash: [9]) == nil)
        #expect(try store.stateValue(key: Array("no such key".utf8)) == nil)
    }

    @Test func refusesAHeightThatIsNotTipPlusOneAndWritesNothing() throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let blocks = smallChain(3)
        #expect(throws: StorageError.notNextBlock(expectedHeight: 1, got: 2)) { try store.append(blocks[1]) }
        try store.append(blocks[0])
        #expect(throws: StorageError.notNextBlock(expectedHeight: 2, got: 3)) { try store.append(blocks[2]) }
        #expect(throws: StorageError.notNextBlock(expectedHeight: 2, got: 1)) { try store.append(blocks[0]) }
        #expect(try rowCounts(store, height: 3).values.allSatisfy { $0 == 0 })
        #expect(try store.transaction(hash: blocks[2].transactions[0].hash) == nil)
        #expect(try expectStoreHolds(store, [blocks[0]]))
    }

    @Test func refusesAWrongPreviousHashAndWritesNothing() throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let blocks = smallChain(2)
        try store.append(blocks[0])
        var forked = blocks[1]
        forked.previousHash = SyntheticChain.digest([0xAB])
        #expect(throws: StorageError.previousHashMismatch(height: 2)) { try store.append(forked) }
        #expect(try rowCounts(store, height: 2).values.allSatisfy { $0 == 0 })
        #expect(try expectStoreHolds(store, [blocks[0]]))
        try store.append(blocks[1])
        #expect(try expectStoreHolds(store, blocks))
    }

    @Test func aDuplicateTransactionHashIsRefusedWholly() throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let blocks = smallChain(2)
        try store.append(blocks[0])
        var duplicate = blocks[1]
        duplicate.transactions[1].hash = blocks[0].transactions[0].hash
        #expect {
            try store.append(duplicate)
        } throws: { error in
            guard case let .database(code, _, sql) = error as? StorageError else { return false }
            return code == 2067 && sql?.contains("INSERT INTO transactions") == true   // SQLITE_CONSTRAINT_UNIQUE
        }
        #expect(try rowCounts(store, height: 2).values.allSatisfy { $0 == 0 })
    }

    @Test func certificatesCanBeSetLater() throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        try store.append(smallChain(1)[0])
        #expect(try store.block(height: 1)?.certificateBytes == [])
        try store.setCertificate(height: 1, bytes: [7, 7, 7])
        #expect(try store.block(height: 1)?.certificateBytes == [7, 7, 7])
        #expect(throws: StorageError.noSuchBlock(height: 2)) { try store.setCertificate(height: 2, bytes: [1]) }
    }

    @Test func stateEntriesAreOrderedByKeyBytesAndFilteredByPrefix() throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let keys: [[UInt8]] = [[0xFF, 0xFF], [0x02], [0x01, 0x00], [0x80], [0x01], [0xFF], [0x01, 0xFF, 0x00], [0x00]]
        var block = smallChain(1)[0]
        block.stateChanges = keys.map { StateChange(key: $0, value: [0x42] + $0) }
        try store.append(block)

        let all = try store.stateEntries(prefix: [])
        #expect(all.map(\.key) == [[0x00], [0x01], [0x01, 0x00], [0x01, 0xFF, 0x00], [0x02], [0x80], [0xFF], [0xFF, 0xFF]])
        #expect(all.allSatisfy { $0.value == [0x42] + $0.key })
        #expect(try store.stateEntries(prefix: [0x01]).map(\.key) == [[0x01], [0x01, 0x00], [0x01, 0xFF, 0x00]])
        #expect(try store.stateEntries(prefix: [0x01, 0xFF]).map(\.key) == [[0x01, 0xFF, 0x00]])
        #expect(try store.stateEntries(prefix: [0xFF]).map(\.key) == [[0xFF], [0xFF, 0xFF]])
        #expect(try store.stateEntries(prefix: [0x03]).isEmpty)
    }

    @Test func prefixUpperBoundSkipsTrailingFF() {
        #expect(BlockStore.prefixUpperBound([0x01, 0x02]) == [0x01, 0x03])
        #expect(BlockStore.prefixUpperBound([0x01, 0xFF, 0xFF]) == [0x02])
        #expect(BlockStore.prefixUpperBound([0xFF, 0xFF]) == nil)
        #expect(BlockStore.prefixUpperBound([]) == nil)
    }

    @Test func deletesRemoveStateKeys() throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        var blocks = smallChain(2)
        blocks[0].stateChanges = [StateChange(key: [1], value: [10]), StateChange(key: [2], value: [20])]
        blocks[1].stateChanges = [StateChange(key: [1], value: nil), StateChange(key: [2], value: [21]), StateChange(key: [2], value: [22])]
        try store.append(blocks[0])
        try store.append(blocks[1])
        #expect(try store.stateValue(key: [1]) == nil)
        #expect(try store.stateValue(key: [2]) == [22])
        #expect(try store.block(height: 2)?.stateChanges == blocks[1].stateChanges)
    }

    @Test func consensusRecordsComeBackInAppendOrderAndSurviveReopening() throws {
        let database = try TemporaryDatabase()
        do {
            let store = try database.open()
            try store.appendConsensusRecord(height: 5, kind: 1, bytes: [1])
            try store.appendConsensusRecord(height: 6, kind: 2, bytes: [2])
            try store.appendConsensusRecord(height: 5, kind: 255, bytes: [])
            try store.close()
        }
        let store = try database.open()
        let all = try store.consensusRecords(fromHeight: 0)
        #expect(all.map(\.height) == [5, 6, 5] && all.map(\.kind) == [1, 2, 255] && all.map(\.bytes) == [[1], [2], []])
        #expect(try store.consensusRecords(fromHeight: 6).map(\.bytes) == [[2]])
        #expect(try store.consensusRecords(fromHeight: 7).isEmpty)
        try store.pruneConsensusRecords(belowHeight: 6)
        #expect(try store.consensusRecords(fromHeight: 0).map(\.height) == [6], "records below the height are gone, the rest stay")
    }

    @Test func opensInWALWithSynchronousFull() throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let settings = try store.pool.writeWithoutTransaction { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(settings.0 == "wal")
        #expect(settings.1 == 2)   // FULL
    }
}

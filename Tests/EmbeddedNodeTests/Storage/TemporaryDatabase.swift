import Foundation
import GRDB
@testable import EmbeddedNode
import NodeTestSupport

/// The one place tests get database files from: a fresh directory per test, removed when the
/// value is released.
final class TemporaryDatabase {
    /// The directory holding this test's files.
    let directory: URL
    /// The main database path in `directory`.
    var path: String { file("node.sqlite") }

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("NodeStorageTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A path for another file in this test's directory.
    func file(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Opens (or creates) the store at `path`.
    func open(faults: StorageFaultInjector? = nil, chainID: String? = nil) throws -> BlockStore {
        try BlockStore(path: path, chainID: chainID, faults: faults)
    }

    /// Opens a raw GRDB connection on a closed store's file, for tampering or inspection.
    func raw(_ path: String? = nil) throws -> DatabaseQueue {
        try DatabaseQueue(path: path ?? self.path)
    }
}

/// Small synthetic blocks for the quick tests.
func smallChain(_ count: Int) -> [StoredBlock] {
    SyntheticChain.chain(count: count, transactionCount: 5, stateChangeCount: 8)
}

/// How many rows each table holds for one height: a complete block has all of them or none.
func rowCounts(_ store: BlockStore, height: Int64) throws -> [String: Int] {
    try store.pool.read { db in
        var counts: [String: Int] = [:]
        for table in ["blocks", "transactions", "receipts", "state_changes"] {
            counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE height = ?", arguments: [height])
        }
        return counts
    }
}

/// Checks the store holds exactly `blocks` (complete and linked) and the state they replay to.
func expectStoreHolds(_ store: BlockStore, _ blocks: [StoredBlock]) throws -> Bool {
    try store.verifyChain(SyntheticChain.headerProblem)
    let tip = try store.tip
    guard tip?.height == blocks.last?.height, tip?.hash == blocks.last?.hash else { return false }
    for block in blocks where try store.block(height: block.height) != block {
        return false
    }
    let stored = try store.stateEntries(prefix: [])
    let expected = SyntheticChain.replay(blocks)
    return stored.count == expected.count && stored.allSatisfy { expected[$0.key] == $0.value }
}

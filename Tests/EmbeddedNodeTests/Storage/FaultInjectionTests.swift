import Testing
@testable import EmbeddedNode
import NodeTestSupport

/// A fault at each point of `append`, then a reopen: no half-applied block, the tip is the last
/// committed block, and appending goes on.
@Suite struct FaultInjectionTests {
    @Test(arguments: [StorageFaultPoint.beforeWrite, .betweenBlockAndState, .afterCommitBeforeAcknowledge])
    func aFailedAppendLeavesWholeBlocksOnly(point: StorageFaultPoint) throws {
        let database = try TemporaryDatabase()
        let blocks = smallChain(4)
        do {
            let store = try database.open()
            try store.append(blocks[0])
            try store.append(blocks[1])
            try store.close()
        }
        do {
            let store = try database.open(faults: StorageFaultInjector { $0 == point })
            #expect(throws: StorageError.injectedFault(point)) { try store.append(blocks[2]) }
            try store.close()
        }
        let store = try database.open()
        let committed = point == .afterCommitBeforeAcknowledge ? Array(blocks[0...2]) : Array(blocks[0...1])
        #expect(try expectStoreHolds(store, committed))
        let countsAtThree = try rowCounts(store, height: 3)
        let expectedAtThree = point == .afterCommitBeforeAcknowledge ? [1, 5, 5, 8] : [0, 0, 0, 0]
        #expect(["blocks", "transactions", "receipts", "state_changes"].map { countsAtThree[$0] } == expectedAtThree)

        for block in blocks[committed.count...] { try store.append(block) }
        #expect(try expectStoreHolds(store, blocks))
    }
}

import Foundation
import EmbeddedNode
import NodeTestSupport

// Usage:
//   StorageCrashHarness DBPATH          appends synthetic blocks from the tip on, printing each
//                                       committed height on its own line, until killed
//   StorageCrashHarness --bench DIR [BLOCKS]
//                                       times appends of BLOCKS (default 10) 10,000-transaction
//                                       blocks into a fresh database in DIR
// The SIGKILL test in NodeStorageTests runs the first form.

/// The most blocks one run appends before it exits by itself.
let harnessBlocksMax: Int64 = 5_000
let benchBlockCountDefault = 10
let benchTransactionsPerBlock = 10_000
let benchStateChangesPerBlock = 1_000

func writeLine(_ text: String) {
    // Unbuffered write(2): a line the parent reads is a line this process has finished.
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

func fail(_ error: StorageError) -> Never {
    FileHandle.standardError.write(Data((error.message(chinese: false) + "\n").utf8))
    exit(1)
}

/// Appends blocks on top of the stored tip and prints each height once `append` has returned.
func appendUntilKilled(path: String) throws(StorageError) {
    let store = try BlockStore(path: path, chainID: "crash-harness")
    var previousHash = try store.tip?.hash ?? SyntheticChain.genesisHash
    let firstHeight = (try store.tip?.height ?? 0) + 1
    for height in firstHeight..<(firstHeight + harnessBlocksMax) {
        let block = SyntheticChain.block(height: height, previousHash: previousHash,
                                         transactionCount: SyntheticChain.crashHarnessTransactionsPerBlock,
                                         stateChangeCount: SyntheticChain.crashHarnessStateChangesPerBlock)
        try store.append(block)
        writeLine("\(height)")
        previousHash = block.hash
    }
}

/// Times `append` alone (blocks are generated beforehand) and prints one line per block and a summary.
func benchmark(directory: String, blockCount: Int) throws(StorageError) {
    let path = directory + "/bench-\(UUID().uuidString).sqlite"
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
    let store = try BlockStore(path: path)
    let blocks = SyntheticChain.chain(count: blockCount, transactionCount: benchTransactionsPerBlock,
                                      stateChangeCount: benchStateChangesPerBlock)
    var milliseconds: [Double] = []
    for block in blocks {
        let start = ContinuousClock.now
        try store.append(block)
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        milliseconds.append(ms)
        writeLine(String(format: "block %d: %.1f ms", block.height, ms))
    }
    let sorted = milliseconds.sorted()
    writeLine(String(format: "append of a %d-tx block (+%d receipts, %d state changes): min %.1f ms, median %.1f ms, max %.1f ms",
                     benchTransactionsPerBlock, benchTransactionsPerBlock, benchStateChangesPerBlock,
                     sorted[0], sorted[sorted.count / 2], sorted[sorted.count - 1]))
}

let arguments = CommandLine.arguments
do {
    if (3...4).contains(arguments.count), arguments[1] == "--bench" {
        let blockCount = arguments.count == 4 ? Int(arguments[3]) ?? 0 : benchBlockCountDefault
        guard blockCount > 0 else { FileHandle.standardError.write(Data("BLOCKS must be a positive number\n".utf8)); exit(2) }
        try benchmark(directory: arguments[2], blockCount: blockCount)
    } else if arguments.count == 2 {
        try appendUntilKilled(path: arguments[1])
    } else {
        FileHandle.standardError.write(Data("usage: StorageCrashHarness DBPATH | --bench DIR [BLOCKS]\n".utf8))
        exit(2)
    }
} catch {
    fail(error)
}

import EmbeddedNode

/// Deterministic blocks for storage tests, the crash harness and the insert benchmark.
///
/// The "hash" here is a test digest (FNV-1a, four lanes, 32 bytes), not a cryptographic hash: the
/// store never hashes, it only compares bytes. Every value is a function of the height, so a test
/// can rebuild what a killed harness process was writing.
public enum SyntheticChain {
    /// The hash block 1 points back to.
    public static let genesisHash = digest(Array("synthetic genesis".utf8))
    /// How many distinct state keys the generated changes touch.
    public static let stateKeysMax = 1_000
    /// Transactions (and receipts) in each block `StorageCrashHarness` appends.
    public static let crashHarnessTransactionsPerBlock = 300
    /// State changes in each block `StorageCrashHarness` appends.
    public static let crashHarnessStateChangesPerBlock = 100

    /// A 32-byte test digest of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(32)
        for lane in UInt64(0)..<4 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ (lane &* 0x9e37_79b9_7f4a_7c15)
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            withUnsafeBytes(of: hash.bigEndian) { output.append(contentsOf: $0) }
        }
        return output
    }

    /// The block at `height` on top of `previousHash`. Header bytes are height (8 bytes,
    /// big-endian) + previous hash + state hash, and the block hash is their digest.
    public static func block(height: Int64, previousHash: [UInt8], transactionCount: Int, stateChangeCount: Int) -> StoredBlock {
        let heightBytes = withUnsafeBytes(of: height.bigEndian) { Array($0) }
        let stateHash = digest(heightBytes + Array("state".utf8))
        let header = heightBytes + previousHash + stateHash
        var transactions: [StoredTransaction] = []
        var receipts: [StoredReceipt] = []
        transactions.reserveCapacity(transactionCount)
        receipts.reserveCapacity(transactionCount)
        for index in 0..<transactionCount {
            let indexBytes = withUnsafeBytes(of: UInt32(index).bigEndian) { Array($0) }
            let bytes = heightBytes + indexBytes + [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: 180)
            let hash = digest(bytes)
            transactions.append(StoredTransaction(hash: hash, bytes: bytes))
            receipts.append(StoredReceipt(transactionHash: hash, bytes: hash + indexBytes + [0x01]))
        }
        let changes = (0..<stateChangeCount).map { index in stateChange(height: height, index: index) }
        return StoredBlock(height: height, hash: digest(header), previousHash: previousHash, headerBytes: header,
                           certificateBytes: [], stateHash: stateHash, transactions: transactions,
                           receipts: receipts, stateChanges: changes)
    }

    /// Blocks 1 through `count`, linked from ``genesisHash``.
    public static func chain(count: Int, transactionCount: Int, stateChangeCount: Int) -> [StoredBlock] {
        var blocks: [StoredBlock] = []
        var previousHash = genesisHash
        for height in 1...Int64(count) {
            let block = block(height: height, previousHash: previousHash, transactionCount: transactionCount,
                              stateChangeCount: stateChangeCount)
            blocks.append(block)
            previousHash = block.hash
        }
        return blocks
    }

    /// Every fourth change deletes its key; the others write a value naming height and index.
    static func stateChange(height: Int64, index: Int) -> StateChange {
        let keyNumber = (Int(height % 997) * 31 + index * 7) % stateKeysMax
        let key = Array("account/\(keyNumber)".utf8)
        return StateChange(key: key, value: index % 4 == 3 ? nil : Array("h\(height)i\(index)".utf8))
    }

    /// The state after applying `blocks`' changes in order.
    public static func replay(_ blocks: [StoredBlock]) -> [[UInt8]: [UInt8]] {
        var state: [[UInt8]: [UInt8]] = [:]
        for change in blocks.flatMap(\.stateChanges) {
            state[change.key] = change.value
        }
        return state
    }

    /// The chain layer's check for synthetic blocks (the `check` of `verifyChain`): the hash is
    /// the digest of the header, and block 1 links to the genesis hash.
    public static func headerProblem(_ block: StoredBlock, _ previous: StoredBlock?) -> String? {
        if block.hash != digest(block.headerBytes) { return "hash is not the digest of the header" }
        if previous == nil, block.previousHash != genesisHash { return "block 1 does not link to genesis" }
        return nil
    }
}

import Canonical
import Workflow

/// The state a block executes against: the fund flow's state in memory, and the key-value
/// state of the other contracts read through from storage with this block's writes on top.
/// Writes are buffered until the block commits (`changes`), so a block is applied to storage
/// in one transaction. There is no rollback: every contract checks everything before it
/// writes, so a refused transaction has written nothing (no copy of the state per transaction,
/// which would cost O(state) each time).
public struct ExecutionState: Sendable {
    /// The fund flow.
    public internal(set) var workflow: WorkflowState
    /// Reads committed key-value state.
    private let readCommitted: @Sendable ([UInt8]) -> [UInt8]?
    /// Lists committed entries under a key prefix, in key order.
    private let listCommitted: @Sendable ([UInt8]) -> [(key: [UInt8], value: [UInt8])]
    /// This block's writes, in the order first written (nil deletes).
    private var pending: [(key: [UInt8], value: [UInt8]?)] = []
    private var pendingIndex: [[UInt8]: Int] = [:]

    /// Creates execution state over the fund flow and readers of the committed key-value state.
    public init(workflow: WorkflowState, readCommitted: @escaping @Sendable ([UInt8]) -> [UInt8]?,
                listCommitted: @escaping @Sendable ([UInt8]) -> [(key: [UInt8], value: [UInt8])]) {
        self.workflow = workflow
        self.readCommitted = readCommitted
        self.listCommitted = listCommitted
    }

    /// The committed keys under `prefix` (this block's writes are not included), in key order.
    public func committedKeys(prefix: [UInt8]) -> [[UInt8]] { listCommitted(prefix).map(\.key) }

    /// The current value of `key`: this block's write if any, else the committed value.
    public func value(_ key: [UInt8]) -> [UInt8]? {
        if let index = pendingIndex[key] { return pending[index].value }
        return readCommitted(key)
    }

    /// Writes (or with nil deletes) `key` in this block.
    public mutating func set(_ key: [UInt8], _ value: [UInt8]?) {
        if let index = pendingIndex[key] {
            pending[index].value = value
        } else {
            pendingIndex[key] = pending.count
            pending.append((key, value))
        }
    }

    /// The block's writes in first-write order, handed over for storage; the buffer starts empty
    /// for the next block (reads then go to the committed store, which holds them).
    public mutating func takeChanges() -> [(key: [UInt8], value: [UInt8]?)] {
        defer {
            pending = []
            pendingIndex = [:]
        }
        return pending
    }
}

/// Keys of the key-value state, one namespace per contract, so no two contracts collide.
enum StateKey {
    static func anchor(_ key: String) -> [UInt8] { Array("anchor/".utf8) + Array(key.utf8) }
    static let pressureAccount = Array("pressure/account".utf8)
    static func organisationKeys(_ organisationID: String) -> [UInt8] { Array("keys/".utf8) + Array(organisationID.utf8) }
    static func nonce(_ senderID: String, _ nonce: UInt64) -> [UInt8] {
        var writer = CanonicalWriter()
        writer.write("nonce/")
        writer.write(senderID)
        writer.write(nonce)
        return writer.bytes
    }
    /// "expiry/" + the height as 8 big-endian bytes: a prefix under which the nonces that
    /// expire at that height are listed, so each block deletes the ones that just expired.
    static func expiryPrefix(_ height: Int64) -> [UInt8] {
        var bytes = Array("expiry/".utf8)
        withUnsafeBytes(of: height.bigEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }
    static func expiry(_ height: Int64, nonceKey: [UInt8]) -> [UInt8] { expiryPrefix(height) + nonceKey }
}

import Canonical

/// Why the mempool refused a transaction at submission. The client sees the reason at once;
/// nothing of the transaction is kept.
public enum AdmissionError: Error, Equatable, Sendable {
    /// More than `Transaction.encodedBytesMax` bytes, or not a canonical transaction.
    case malformed(TransactionDecodingError)
    /// Meant for another chain.
    case wrongChain(String)
    /// The sender is not an organisation of this chain, or its key is revoked.
    case unknownSender(String)
    /// The signature does not verify with the sender's key in force.
    case badSignature
    /// The expiry height has passed, or is beyond the window.
    case expiryOutOfWindow(expiryHeight: Int64, currentHeight: Int64, windowBlocks: Int)
    /// The client's timestamp is further than the tolerance from this node's clock.
    case timestampOutOfWindow(timestampMs: Int64, nodeTimeMs: Int64, toleranceMs: Int)
    /// The same transaction (by hash) is already pending.
    case duplicate
    /// The same (sender, nonce) is already pending or committed.
    case nonceUsed
    /// The mempool is full; try again later.
    case full(transactionsMax: Int, bytesMax: Int)
}

/// Transactions waiting for a block, in arrival order, with their verified signatures.
///
/// Admission verifies each signature once (against the key in force at the current height)
/// and remembers the key it used; a block built from the pool re-verifies only when that key
/// has since changed. Limits on count and bytes keep memory bounded whatever clients send.
public struct Mempool: Sendable {
    /// One admitted transaction.
    public struct Entry: Sendable {
        public let transaction: Transaction
        public let hash: [UInt8]
        public let encodedBytes: Int
        /// The key its signature was verified with.
        public let verifiedWith: PublicKey
        /// When it was admitted, by the node's clock (for the batch timeout).
        public let admittedAtMs: Int64
    }

    /// The most transactions waiting at once.
    public let transactionsMax: Int
    /// The most encoded bytes waiting at once.
    public let bytesMax: Int

    private var entries: [Entry] = []
    private var hashes: Set<[UInt8]> = []
    private var nonces: Set<NonceKey> = []
    private var bytesUsed = 0

    private struct NonceKey: Hashable { let sender: String; let nonce: UInt64 }

    /// Creates an empty mempool with limits.
    public init(transactionsMax: Int = 100_000, bytesMax: Int = 256 << 20) {
        precondition(transactionsMax > 0 && bytesMax > 0, "mempool limits must be positive")
        self.transactionsMax = transactionsMax
        self.bytesMax = bytesMax
    }

    /// How many transactions wait.
    public var count: Int { entries.count }
    /// When the oldest waiting transaction was admitted, if any.
    public var oldestAdmittedAtMs: Int64? { entries.first?.admittedAtMs }

    /// Whether a transaction with this hash waits.
    public func contains(hash: [UInt8]) -> Bool { hashes.contains(hash) }

    /// Admits a checked transaction. The caller has decoded it, verified its signature with
    /// `key` and checked chain, expiry and timestamp (`AdmissionCheck`).
    public mutating func admit(_ transaction: Transaction, hash: [UInt8], encodedBytes: Int, verifiedWith key: PublicKey,
                               nowMs: Int64) throws(AdmissionError) {
        guard !hashes.contains(hash) else { throw .duplicate }
        let nonce = NonceKey(sender: transaction.body.senderID, nonce: transaction.body.nonce)
        guard !nonces.contains(nonce) else { throw .nonceUsed }
        guard entries.count < transactionsMax, bytesUsed + encodedBytes <= bytesMax else {
            throw .full(transactionsMax: transactionsMax, bytesMax: bytesMax)
        }
        entries.append(Entry(transaction: transaction, hash: hash, encodedBytes: encodedBytes, verifiedWith: key, admittedAtMs: nowMs))
        hashes.insert(hash)
        nonces.insert(nonce)
        bytesUsed += encodedBytes
    }

    /// The hashes of the waiting transactions admitted at or before `cutoffMs` (this node's
    /// clock): what its censorship attestation may claim it had (`CensorshipIndicator`).
    public func hashesAdmitted(atOrBeforeMs cutoffMs: Int64) -> Set<[UInt8]> {
        Set(entries.lazy.filter { $0.admittedAtMs <= cutoffMs }.map(\.hash))
    }

    /// The first `limit` waiting entries, oldest first, without removing them.
    public func peek(limit: Int) -> [Entry] { Array(entries.prefix(limit)) }

    /// Removes the entries with these hashes (committed, or dropped after a failed block).
    public mutating func remove(hashes removed: Set<[UInt8]>) {
        guard !removed.isEmpty else { return }
        var kept: [Entry] = []
        kept.reserveCapacity(entries.count)
        for entry in entries {
            guard removed.contains(entry.hash) else {
                kept.append(entry)
                continue
            }
            hashes.remove(entry.hash)
            nonces.remove(NonceKey(sender: entry.transaction.body.senderID, nonce: entry.transaction.body.nonce))
            bytesUsed -= entry.encodedBytes
        }
        entries = kept
        assert(bytesUsed >= 0 && hashes.count == entries.count, "mempool accounting drifted")
    }

    /// Removes entries that can no longer be committed at `height` (expired).
    public mutating func removeExpired(at height: Int64) {
        remove(hashes: Set(entries.filter { $0.transaction.body.expiryHeight < height }.map(\.hash)))
    }

    /// Whether a block should be cut now: enough transactions, or the oldest has waited the
    /// batch timeout.
    public func shouldCutBlock(nowMs: Int64, transactionsPerBlockMax: Int, batchTimeoutMs: Int) -> Bool {
        guard let oldest = oldestAdmittedAtMs else { return false }
        return entries.count >= transactionsPerBlockMax || nowMs - oldest >= Int64(batchTimeoutMs)
    }
}

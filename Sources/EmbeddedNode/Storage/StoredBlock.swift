/// A transaction as the store keeps it: its hash and its canonical bytes (encoded by the chain layer).
public struct StoredTransaction: Sendable, Equatable {
    /// The transaction hash; unique across the whole chain.
    public var hash: [UInt8]
    /// The transaction's canonical bytes.
    public var bytes: [UInt8]

    /// Creates a stored transaction.
    public init(hash: [UInt8], bytes: [UInt8]) {
        self.hash = hash
        self.bytes = bytes
    }
}

/// A receipt as the store keeps it, keyed by the hash of the transaction it reports on.
public struct StoredReceipt: Sendable, Equatable {
    /// The hash of the transaction this receipt belongs to.
    public var transactionHash: [UInt8]
    /// The receipt's canonical bytes.
    public var bytes: [UInt8]

    /// Creates a stored receipt.
    public init(transactionHash: [UInt8], bytes: [UInt8]) {
        self.transactionHash = transactionHash
        self.bytes = bytes
    }
}

/// One write to the key-value state made by a block; a `nil` value deletes the key.
public struct StateChange: Sendable, Equatable {
    /// The state key, compared as raw bytes.
    public var key: [UInt8]
    /// The new value, or `nil` to delete the key.
    public var value: [UInt8]?

    /// Creates a state change.
    public init(key: [UInt8], value: [UInt8]?) {
        self.key = key
        self.value = value
    }
}

/// A block with everything the store keeps for it, all already encoded by the chain layer.
///
/// Heights start at 1: genesis (height 0) belongs to the chain layer and is not stored, so the
/// first appended block has height 1 and its `previousHash` (the genesis hash) is checked by the
/// chain layer's `check` in ``BlockStore/verifyChain(_:)``.
public struct StoredBlock: Sendable, Equatable {
    /// The block's height (1 for the first block).
    public var height: Int64
    /// The block's hash.
    public var hash: [UInt8]
    /// The hash of the block at `height - 1` (the genesis hash for block 1).
    public var previousHash: [UInt8]
    /// The canonical header bytes.
    public var headerBytes: [UInt8]
    /// The commit certificate of this block as known when stored; may be empty and set later
    /// with ``BlockStore/setCertificate(height:bytes:)``.
    public var certificateBytes: [UInt8]
    /// The state hash after executing this block.
    public var stateHash: [UInt8]
    /// The transactions, in block order.
    public var transactions: [StoredTransaction]
    /// The receipts, in block order.
    public var receipts: [StoredReceipt]
    /// The state writes made by this block, applied in order.
    public var stateChanges: [StateChange]
    /// The events of the block's time step (grace periods, stalls), canonically encoded.
    public var blockEventsBytes: [UInt8]

    /// Creates a stored block.
    public init(height: Int64, hash: [UInt8], previousHash: [UInt8], headerBytes: [UInt8], certificateBytes: [UInt8],
                stateHash: [UInt8], transactions: [StoredTransaction], receipts: [StoredReceipt], stateChanges: [StateChange],
                blockEventsBytes: [UInt8] = []) {
        self.height = height
        self.hash = hash
        self.previousHash = previousHash
        self.headerBytes = headerBytes
        self.certificateBytes = certificateBytes
        self.stateHash = stateHash
        self.transactions = transactions
        self.receipts = receipts
        self.stateChanges = stateChanges
        self.blockEventsBytes = blockEventsBytes
    }
}

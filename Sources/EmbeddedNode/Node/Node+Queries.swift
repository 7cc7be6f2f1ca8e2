import Canonical
import Workflow

/// A committed transaction with where it is: its block's height and its position in the block.
public struct LocatedTransaction: Sendable {
    /// The transaction.
    public let transaction: Transaction
    /// Its hash.
    public let hash: [UInt8]
    /// Its block's height.
    public let height: Int64
    /// Its position in the block.
    public let index: Int
}

/// Proof that a committed transaction is in its block: the Merkle audit path from the
/// transaction's canonical bytes to the header's transactions root, and the block it is in.
public struct TransactionInclusion: Sendable {
    /// The transaction and where it is.
    public let located: LocatedTransaction
    /// The audit path (leaf: the transaction's canonical bytes).
    public let proof: InclusionProof
    /// The audit path of its receipt to the header's receipts root (leaf: the receipt's bytes).
    public let receiptProof: InclusionProof
    /// The header's transactions root the proof leads to.
    public let transactionsRoot: [UInt8]
    /// The hash of the block that holds it.
    public let blockHash: [UInt8]
}

/// What a node says about itself: its tip, its mempool, its identity and its peers.
public struct NodeHealth: Sendable {
    /// The newest committed height (0 before the first block).
    public let tipHeight: Int64
    /// The newest block's hash (the genesis hash at height 0).
    public let tipHash: [UInt8]
    /// The newest block's time (UTC ms; the genesis time at height 0).
    public let tipTimeMs: Int64
    /// Transactions waiting for a block.
    public let mempoolCount: Int
    /// This node's validator identifier, when it validates.
    public let validatorID: String?
    /// Identifiers of connected peers (none on a node without a peer network).
    public let peerIDs: [String]
    /// Whether the node is catching up with its peers (it saw consensus at a later height).
    public let isSyncing: Bool
    /// The consensus view at the height being decided (nil on a node without consensus).
    public let view: Int64?
    /// Milliseconds from the newest block's timestamp to the node's clock now (nil at height 0).
    public let lastCommitAgeMs: Int64?
    /// Whether this node votes: it holds the key of a validator in the set in force at the next
    /// height (genesis, then governance).
    public let isValidating: Bool
    /// Every configured peer's link: connected or not, frames queued and dropped (empty on a
    /// node without a peer network).
    public let peerLinks: [PeerLinkStatus]
    /// The software's version.
    public let version: String
    /// The primary of the height being decided and that view (nil on a node without consensus).
    public let primaryID: String?
    /// Signature verifications of the whole process so far and their CPU time (in the embedded
    /// default the four validators share one process, hence one count).
    public let processSignatureVerification: SignatureVerificationMeter.Totals

    /// The peers a networked node expects to be connected to: every configured link.
    public var peersExpected: Int { peerLinks.count }
}

/// The software's version, as `fc_health` and `fundchain node status` report it.
public enum NodeVersion {
    /// The release this build is.
    public static let current = "0.6.0-dev"
}

extension Node {
    /// The committed block at `height` with its receipts, time-step events and certificate, or
    /// nil when there is none (heights start at 1). Reads the store, not the actor's state.
    public nonisolated func block(height: Int64) throws(NodeError) -> CommittedBlock? {
        let stored: StoredBlock?
        do { stored = try store.block(height: height) } catch { throw Self.queryError(error) }
        return try stored.map(decode)
    }

    /// The committed block with this hash, or nil.
    public nonisolated func block(hash: [UInt8]) throws(NodeError) -> CommittedBlock? {
        let stored: StoredBlock?
        do { stored = try store.block(hash: hash) } catch { throw Self.queryError(error) }
        return try stored.map(decode)
    }

    /// The committed transaction with this hash, or nil.
    public nonisolated func transaction(hash: [UInt8]) throws(NodeError) -> LocatedTransaction? {
        let found: (bytes: [UInt8], height: Int64, index: Int)?
        do { found = try store.transaction(hash: hash) } catch { throw Self.queryError(error) }
        guard let found else { return nil }
        let transaction: Transaction = try Self.decodeStored(found.bytes, height: found.height, what: "transaction")
        return LocatedTransaction(transaction: transaction, hash: hash, height: found.height, index: found.index)
    }

    /// The committed transaction at position `index` of the block at `height`, or nil.
    public nonisolated func transaction(height: Int64, index: Int) throws(NodeError) -> LocatedTransaction? {
        let found: StoredTransaction?
        do { found = try store.transaction(height: height, index: index) } catch { throw Self.queryError(error) }
        guard let found else { return nil }
        let transaction: Transaction = try Self.decodeStored(found.bytes, height: height, what: "transaction")
        return LocatedTransaction(transaction: transaction, hash: found.hash, height: height, index: index)
    }

    /// The receipt of the committed transaction with this hash, or nil.
    public nonisolated func receipt(transactionHash: [UInt8]) throws(NodeError) -> Receipt? {
        let bytes: [UInt8]?
        do { bytes = try store.receipt(transactionHash: transactionHash) } catch { throw Self.queryError(error) }
        guard let bytes else { return nil }
        return try Self.decodeStored(bytes, height: nil, what: "receipt")
    }

    /// The proof that the committed transaction with this hash is in its block, or nil when no
    /// such transaction is committed.
    public nonisolated func inclusionProof(transactionHash: [UInt8]) throws(NodeError) -> TransactionInclusion? {
        guard let located = try transaction(hash: transactionHash) else { return nil }
        guard let committed = try block(height: located.height),
              committed.block.transactions.indices.contains(located.index) else {
            throw .damagedChain(height: located.height, reason: "transaction \(located.index) is indexed but its block lacks it")
        }
        let proof = committed.block.inclusionProof(index: located.index, suite: genesis.suite)
        let receiptProof = MerkleTree.proof(committed.receipts.map(\.canonicalBytes), index: located.index, hash: genesis.suite.hash)
        return TransactionInclusion(located: located, proof: proof, receiptProof: receiptProof,
                                    transactionsRoot: committed.block.header.transactionsRoot, blockHash: committed.hash)
    }

    /// The number of committed blocks, which is the tip's height.
    public var blockCount: Int64 { tip.height }

    /// The node's health now.
    public var health: NodeHealth {
        NodeHealth(tipHeight: tip.height, tipHash: tip.hash, tipTimeMs: tip.timeMs, mempoolCount: mempool.count,
                   validatorID: validator?.id, peerIDs: networkStatus.peerIDs, isSyncing: networkStatus.isSyncing, view: networkStatus.view,
                   lastCommitAgeMs: tip.height >= 1 ? max(0, nowMs() - tip.timeMs) : nil,
                   isValidating: validator.map { epoch(at: tip.height + 1).validators.validatorIDs.contains($0.id) } ?? false,
                   peerLinks: networkStatus.links, version: NodeVersion.current,
                   primaryID: networkStatus.primaryID, processSignatureVerification: SignatureVerificationMeter.totals)
    }

    /// The value hash anchored under `key` (`AnchorContract.query`), or nil: "key does not exist".
    public func anchorValue(key: String) -> [UInt8]? {
        AnchorContract.query(key, in: state)
    }

    /// The pressure contract's account: 100 plus the committed adds.
    public func pressureValue() -> Int64 {
        PressureContract.value(in: state)
    }

    private nonisolated func decode(_ stored: StoredBlock) throws(NodeError) -> CommittedBlock {
        let height = stored.height
        let header: BlockHeader = try Self.decodeStored(stored.headerBytes, height: height, what: "header")
        var transactions: [Transaction] = []
        for entry in stored.transactions { transactions.append(try Self.decodeStored(entry.bytes, height: height, what: "transaction")) }
        var receipts: [Receipt] = []
        for entry in stored.receipts { receipts.append(try Self.decodeStored(entry.bytes, height: height, what: "receipt")) }
        let events: BlockEvents = try Self.decodeStored(stored.blockEventsBytes, height: height, what: "block events")
        let certificate: CommitCertificate = try Self.decodeStored(stored.certificateBytes, height: height, what: "certificate")
        return CommittedBlock(block: Block(header: header, transactions: transactions), hash: stored.hash, receipts: receipts,
                              blockEvents: events.events, certificate: certificate)
    }

    /// Decodes bytes the node itself stored; failure means the chain on disk is damaged.
    private static func decodeStored<Value: CanonicalDecodable>(_ bytes: [UInt8], height: Int64?, what: String) throws(NodeError) -> Value {
        do { return try Value(canonicalBytes: bytes) } catch {
            throw .damagedChain(height: height, reason: "stored \(what) unreadable: \(error)")
        }
    }

    private static func queryError(_ error: StorageError) -> NodeError {
        if case .damaged(let height, let reason) = error { return .damagedChain(height: height, reason: reason) }
        return .storage(error.message(chinese: false))
    }
}

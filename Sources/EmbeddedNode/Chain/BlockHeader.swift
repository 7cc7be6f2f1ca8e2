import Canonical

/// A block header, format v1: everything consensus and verification need. Its canonical bytes,
/// hashed with the chain's suite, are the block's hash.
public struct BlockHeader: Hashable, Sendable, CanonicalCodable {
    /// The only format this build reads.
    public static let currentFormatVersion: UInt8 = 1
    /// The most validators a chain may have.
    public static let validatorsMax = 100

    /// Format version; decoding refuses any other.
    public let formatVersion: UInt8
    /// The chain.
    public let chainID: String
    /// Height; genesis is 0 and the first block 1.
    public let height: Int64
    /// The previous block's hash (the genesis hash for block 1).
    public let previousHash: [UInt8]
    /// The block's time (UTC ms), set by its proposer and bounded by replicas; execution reads
    /// time only from here.
    public let timestampMs: Int64
    /// The proposing validator.
    public let proposerID: String
    /// The view (round) in which it was proposed.
    public let view: Int64
    /// Merkle root of the transactions' canonical bytes.
    public let transactionsRoot: [UInt8]
    /// Merkle root of the receipts' canonical bytes.
    public let receiptsRoot: [UInt8]
    /// The state hash after executing this block.
    public let stateHash: [UInt8]
    /// Hash of the validator set in force at this height.
    public let validatorSetHash: [UInt8]
    /// Hash of the credit-score table in force at this height.
    public let creditScoreTableHash: [UInt8]
    /// Primaries of the views that failed at this height before this block's view.
    public let failedViewPrimaries: [String]
    /// The canonical commit certificate of the previous block (nil for block 1).
    public let previousCommitCertificate: CommitCertificate?

    /// Creates a header in the current format.
    public init(chainID: String, height: Int64, previousHash: [UInt8], timestampMs: Int64, proposerID: String, view: Int64,
                transactionsRoot: [UInt8], receiptsRoot: [UInt8], stateHash: [UInt8], validatorSetHash: [UInt8],
                creditScoreTableHash: [UInt8], failedViewPrimaries: [String], previousCommitCertificate: CommitCertificate?) {
        self.formatVersion = Self.currentFormatVersion
        self.chainID = chainID
        self.height = height
        self.previousHash = previousHash
        self.timestampMs = timestampMs
        self.proposerID = proposerID
        self.view = view
        self.transactionsRoot = transactionsRoot
        self.receiptsRoot = receiptsRoot
        self.stateHash = stateHash
        self.validatorSetHash = validatorSetHash
        self.creditScoreTableHash = creditScoreTableHash
        self.failedViewPrimaries = failedViewPrimaries
        self.previousCommitCertificate = previousCommitCertificate
    }

    /// The block hash.
    public func hash(_ suite: any CryptoSuite) -> [UInt8] { suite.hash(canonicalBytes) }

    /// Field order: as declared.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(formatVersion)
        writer.write(chainID)
        writer.write(height)
        writer.write(bytes: previousHash)
        writer.write(timestampMs)
        writer.write(proposerID)
        writer.write(view)
        writer.write(bytes: transactionsRoot)
        writer.write(bytes: receiptsRoot)
        writer.write(bytes: stateHash)
        writer.write(bytes: validatorSetHash)
        writer.write(bytes: creditScoreTableHash)
        writer.write(failedViewPrimaries)
        writer.write(previousCommitCertificate)
    }

    /// Reads the fields in `encode(to:)` order, refusing unknown format versions.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        formatVersion = try reader.readUInt8()
        guard formatVersion == Self.currentFormatVersion else {
            throw .invalidTag(offset: start, tag: UInt64(formatVersion), type: "BlockHeader.formatVersion")
        }
        chainID = try reader.readString(limit: 64)
        height = try reader.readInt64()
        previousHash = try reader.readBytes(limit: 64)
        timestampMs = try reader.readInt64()
        proposerID = try reader.readString(limit: 64)
        view = try reader.readInt64()
        transactionsRoot = try reader.readBytes(limit: 64)
        receiptsRoot = try reader.readBytes(limit: 64)
        stateHash = try reader.readBytes(limit: 64)
        validatorSetHash = try reader.readBytes(limit: 64)
        creditScoreTableHash = try reader.readBytes(limit: 64)
        failedViewPrimaries = try reader.readStringArray(limit: Self.validatorsMax, stringLimit: 64)
        previousCommitCertificate = try reader.readOptional()
    }
}

/// A block: its header and its transactions in order.
public struct Block: Hashable, Sendable, CanonicalCodable {
    /// The header.
    public let header: BlockHeader
    /// The transactions, in execution order.
    public let transactions: [Transaction]

    /// Creates a block.
    public init(header: BlockHeader, transactions: [Transaction]) {
        self.header = header
        self.transactions = transactions
    }

    /// The Merkle root over `transactions` that the header must carry.
    public static func transactionsRoot(_ transactions: [Transaction], suite: any CryptoSuite) -> [UInt8] {
        MerkleTree.root(transactions.map(\.canonicalBytes), hash: suite.hash)
    }

    /// Proof that the transaction at `index` is in this block.
    public func inclusionProof(index: Int, suite: any CryptoSuite) -> InclusionProof {
        MerkleTree.proof(transactions.map(\.canonicalBytes), index: index, hash: suite.hash)
    }

    /// Field order: header, transactions.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(header)
        writer.write(transactions)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        header = try reader.read()
        transactions = try reader.readArray(limit: 100_000)
    }
}

import Canonical

/// The signed part of a transaction. Its canonical bytes are hashed (the transaction's hash)
/// and signed by the sender.
///
/// Replay protection: a random 64-bit nonce per transaction and an expiry height. A chain
/// accepts a (sender, nonce) once while it has not expired, and never after its expiry height,
/// so the set of nonces a node must remember is bounded by the expiry window, and several
/// terminals of one organisation can submit at once without coordinating a counter.
public struct TransactionBody: Hashable, Sendable, CanonicalCodable {
    /// The only format this build reads.
    public static let currentFormatVersion: UInt8 = 1

    /// Format version; decoding refuses any other.
    public let formatVersion: UInt8
    /// The chain it is meant for; other chains refuse it.
    public let chainID: String
    /// The sending organisation.
    public let senderID: String
    /// A random number, unique per sender while the transaction can be committed.
    public let nonce: UInt64
    /// The last height at which it may be committed.
    public let expiryHeight: Int64
    /// When the client created it (UTC ms); the mempool refuses times far from its clock.
    public let timestampMs: Int64
    /// What it asks.
    public let payload: TransactionPayload

    /// Creates a body in the current format.
    public init(chainID: String, senderID: String, nonce: UInt64, expiryHeight: Int64, timestampMs: Int64, payload: TransactionPayload) {
        self.formatVersion = Self.currentFormatVersion
        self.chainID = chainID
        self.senderID = senderID
        self.nonce = nonce
        self.expiryHeight = expiryHeight
        self.timestampMs = timestampMs
        self.payload = payload
    }

    /// Field order: formatVersion, chainID, senderID, nonce, expiryHeight, timestampMs, payload.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(formatVersion)
        writer.write(chainID)
        writer.write(senderID)
        writer.write(nonce)
        writer.write(expiryHeight)
        writer.write(timestampMs)
        writer.write(payload)
    }

    /// Reads the fields in `encode(to:)` order, refusing unknown format versions.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        formatVersion = try reader.readUInt8()
        guard formatVersion == Self.currentFormatVersion else {
            throw .invalidTag(offset: start, tag: UInt64(formatVersion), type: "TransactionBody.formatVersion")
        }
        chainID = try reader.readString(limit: 64)
        senderID = try reader.readString(limit: 64)
        nonce = try reader.readUInt64()
        expiryHeight = try reader.readInt64()
        timestampMs = try reader.readInt64()
        payload = try reader.read()
    }
}

/// A transaction: its body and the sender's signature over the body's canonical bytes.
public struct Transaction: Hashable, Sendable, CanonicalCodable {
    /// The signed content.
    public let body: TransactionBody
    /// 64-byte r || s by the sender's key in force at the commit height.
    public let signature: [UInt8]

    /// The most bytes one encoded transaction may have (a 10,000-record bank statement part
    /// is the largest legitimate payload, about 2 MB).
    public static let encodedBytesMax = 4 << 20

    /// Creates a transaction from a body and its signature.
    public init(body: TransactionBody, signature: [UInt8]) {
        self.body = body
        self.signature = signature
    }

    /// Signs `body` with `key`.
    public init(signing body: TransactionBody, with key: SigningKey) throws(CryptoError) {
        self.body = body
        self.signature = try key.sign(body.canonicalBytes)
    }

    /// The transaction's hash: the suite's hash of the body's canonical bytes. The signature is
    /// not covered, so a re-encoded signature cannot make a second transaction.
    public func hash(_ suite: any CryptoSuite) -> [UInt8] { suite.hash(body.canonicalBytes) }

    /// Decodes a transaction from bytes received from outside, with the size limit applied
    /// before anything else.
    public static func decode(_ bytes: [UInt8]) throws(TransactionDecodingError) -> Transaction {
        guard bytes.count <= encodedBytesMax else { throw .oversized(bytes: bytes.count, limit: encodedBytesMax) }
        do {
            return try Transaction(canonicalBytes: bytes)
        } catch {
            throw .malformed(error)
        }
    }

    /// Field order: body, signature.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(body)
        writer.write(bytes: signature)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        body = try reader.read()
        signature = try reader.readBytes(limit: 64)
    }
}

/// Why bytes are not a transaction.
public enum TransactionDecodingError: Error, Equatable, Sendable {
    /// More bytes than `Transaction.encodedBytesMax`.
    case oversized(bytes: Int, limit: Int)
    /// Not a canonical encoding (the inner error says where and why).
    case malformed(CanonicalError)
}

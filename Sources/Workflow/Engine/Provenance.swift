import Canonical

/// Where on chain something happened: the block height, the block's time, and the hash of the
/// transaction that did it. Execution receives it; it never reads a clock.
public struct Provenance: Hashable, Sendable, CanonicalCodable {
    /// Height of the block.
    public let height: Int64
    /// The block's timestamp (UTC).
    public let time: Timestamp
    /// The transaction's hash (32 bytes); empty for per-block steps that no transaction caused.
    public let transactionHash: [UInt8]

    /// Creates a provenance record.
    public init(height: Int64, time: Timestamp, transactionHash: [UInt8]) {
        self.height = height
        self.time = time
        self.transactionHash = transactionHash
    }

    /// The hash as lower-case hex.
    public var transactionHashHex: String { Hex.encode(transactionHash) }

    /// Field order: height, time, transactionHash.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(height)
        writer.write(time)
        writer.write(bytes: transactionHash)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        height = try reader.readInt64()
        time = try reader.read()
        transactionHash = try reader.readBytes(limit: 64)
    }
}

import Canonical

/// What validators send each other over the peer network, one per frame: consensus messages
/// (committed blocks for a node that is behind travel as `ConsensusMessage.decided`), forwarded
/// client transactions, and requests for committed blocks.
public enum PeerMessage: Hashable, Sendable {
    /// A consensus message (proposal, vote, view change, new view, decided block).
    case consensus(ConsensusMessage)
    /// A client transaction submitted to the sender, forwarded so every primary can batch it.
    case transaction([UInt8])
    /// "Send me the committed blocks from this height on" (a node that is behind asks).
    case decidedRequest(fromHeight: Int64)

    /// The largest forwarded transaction, in bytes.
    public static let transactionBytesMax = 1 << 20

    /// Decodes one frame's payload as received from a peer: bounded lists and fields, no
    /// trailing bytes. Garbage gives an error, never a crash.
    public static func decode(peerBytes bytes: [UInt8]) throws(CanonicalError) -> PeerMessage {
        guard bytes.count <= ConsensusLimits.messageBytesMax else {
            throw .lengthOverLimit(offset: 0, length: UInt64(bytes.count), limit: ConsensusLimits.messageBytesMax)
        }
        var reader = CanonicalReader(bytes, lengthLimit: CanonicalReader.defaultLengthLimit, countLimit: ConsensusLimits.messageElementsMax)
        let message: PeerMessage = try reader.read()
        try reader.finish()
        return message
    }
}

extension PeerMessage: CanonicalCodable {
    /// A tag byte (1 consensus, 2 transaction, 3 decided request), then the content.
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .consensus(let message):
            writer.write(UInt8(1))
            writer.write(message)
        case .transaction(let bytes):
            writer.write(UInt8(2))
            writer.write(bytes: bytes)
        case .decidedRequest(let fromHeight):
            writer.write(UInt8(3))
            writer.write(fromHeight)
        }
    }

    /// Reads a message; an unknown tag or a negative height is refused.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        switch try reader.readUInt8() {
        case 1: self = .consensus(try reader.read())
        case 2: self = .transaction(try reader.readBytes(limit: Self.transactionBytesMax))
        case 3: self = .decidedRequest(fromHeight: try ConsensusLimits.readNonNegative(&reader, "fromHeight"))
        case let tag: throw .invalidValue(offset: start, reason: "unknown peer message tag \(tag)")
        }
    }
}

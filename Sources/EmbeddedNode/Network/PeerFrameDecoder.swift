import NIOCore

/// Splits a peer's byte stream into frames: a 4-byte big-endian length, then that many bytes.
/// A length of zero or above `frameBytesMax` is an error that closes the connection before any
/// memory is reserved for the frame.
struct PeerFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// The largest payload accepted.
    let frameBytesMax: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return .needMoreData }
        guard length > 0, Int(length) <= frameBytesMax else { throw PeerFrameError.badLength(Int(length), max: frameBytesMax) }
        guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        let payload = buffer.readSlice(length: Int(length))!
        context.fireChannelRead(wrapInboundOut(payload))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// A frame carrying `payload`, length-prefixed.
    static func frame(_ payload: [UInt8]) -> ByteBuffer {
        precondition(!payload.isEmpty && payload.count <= Int(UInt32.max), "frames carry 1 to 2^32-1 bytes")
        var buffer = ByteBufferAllocator().buffer(capacity: 4 + payload.count)
        buffer.writeInteger(UInt32(payload.count))
        buffer.writeBytes(payload)
        return buffer
    }
}

/// Why a peer's stream was refused.
enum PeerFrameError: Error, CustomStringConvertible {
    /// A frame length of zero or above the limit.
    case badLength(Int, max: Int)

    var description: String {
        switch self {
        case .badLength(let length, let max): "frame length \(length) is not 1...\(max)"
        }
    }
}

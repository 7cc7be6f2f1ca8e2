/// Reads values written by `CanonicalWriter`, refusing anything the writer could not have
/// produced: truncated input, non-minimal varints, invalid UTF-8, unknown tags, lengths over
/// the limit, and (through `finish()`) trailing bytes.
///
/// ```swift
/// var reader = CanonicalReader([0xAC, 0x02])
/// let value: UInt64 = try reader.readUInt64()   // 300
/// try reader.finish()
/// ```
public struct CanonicalReader: Sendable {
    /// The most bytes any single string or byte array may claim; guards memory against a
    /// hostile length prefix.
    public let lengthLimit: Int
    /// The most elements any single array may claim.
    public let countLimit: Int

    private let bytes: [UInt8]
    /// The position of the next byte to read.
    public private(set) var offset: Int

    /// Default limit on one string or byte field: 1 MiB.
    public static let defaultLengthLimit = 1 << 20
    /// Default limit on one array's element count.
    public static let defaultCountLimit = 1 << 20

    /// Creates a reader over `bytes` with the given limits.
    public init(_ bytes: [UInt8], lengthLimit: Int = defaultLengthLimit, countLimit: Int = defaultCountLimit) {
        self.bytes = bytes
        self.offset = 0
        self.lengthLimit = lengthLimit
        self.countLimit = countLimit
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset == bytes.count }

    /// Reads a minimal LEB128 varint.
    public mutating func readUInt64() throws(CanonicalError) -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw .truncated(offset: offset, needed: 1) }
            let byte = bytes[offset]
            offset += 1
            let payload = UInt64(byte & 0x7F)
            if shift == 63 && payload > 1 { throw .nonMinimalOrOverflowingVarint(offset: start) }
            result |= payload << shift
            if byte & 0x80 == 0 {
                // A final zero byte after the first one means a shorter encoding existed.
                if byte == 0 && offset - start > 1 { throw .nonMinimalOrOverflowingVarint(offset: start) }
                return result
            }
            shift += 7
            if shift > 63 { throw .nonMinimalOrOverflowingVarint(offset: start) }
        }
    }

    /// Reads a zigzag varint.
    public mutating func readInt64() throws(CanonicalError) -> Int64 {
        let raw = try readUInt64()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// Reads a count or index, refusing values above `limit`.
    public mutating func readInt(limit: Int = Int(Int32.max)) throws(CanonicalError) -> Int {
        let start = offset
        let raw = try readUInt64()
        guard raw <= UInt64(limit) else { throw .lengthOverLimit(offset: start, length: raw, limit: limit) }
        return Int(raw)
    }

    /// Reads one tag byte.
    public mutating func readUInt8() throws(CanonicalError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated(offset: offset, needed: 1) }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads a Bool, refusing any byte other than 0 or 1.
    public mutating func readBool() throws(CanonicalError) -> Bool {
        let start = offset
        switch try readUInt8() {
        case 0: return false
        case 1: return true
        case let tag: throw .invalidTag(offset: start, tag: UInt64(tag), type: "Bool")
        }
    }

    /// Reads a length-prefixed UTF-8 string of at most `limit` bytes.
    public mutating func readString(limit: Int? = nil) throws(CanonicalError) -> String {
        let start = offset
        let raw = try readLengthPrefixed(limit: limit ?? lengthLimit)
        guard let string = String(validating: raw, as: UTF8.self) else { throw .invalidUTF8(offset: start) }
        return string
    }

    /// Reads length-prefixed raw bytes of at most `limit` bytes.
    public mutating func readBytes(limit: Int? = nil) throws(CanonicalError) -> [UInt8] {
        try readLengthPrefixed(limit: limit ?? lengthLimit)
    }

    /// Reads exactly `count` raw bytes (a fixed-size field such as a hash).
    public mutating func readFixedBytes(count: Int) throws(CanonicalError) -> [UInt8] {
        guard bytes.count - offset >= count else { throw .truncated(offset: offset, needed: count) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Reads a value by its own canonical decoding.
    public mutating func read<Value: CanonicalDecodable>(_ type: Value.Type = Value.self) throws(CanonicalError) -> Value {
        try Value(from: &self)
    }

    /// Reads an array of at most `limit` elements.
    public mutating func readArray<Value: CanonicalDecodable>(
        of type: Value.Type = Value.self, limit: Int? = nil
    ) throws(CanonicalError) -> [Value] {
        let count = try readInt(limit: limit ?? countLimit)
        var values: [Value] = []
        values.reserveCapacity(Swift.min(count, 1024))
        for _ in 0..<count {
            values.append(try Value(from: &self))
        }
        return values
    }

    /// Reads an array of at most `limit` strings, each at most `stringLimit` bytes.
    public mutating func readStringArray(limit: Int? = nil, stringLimit: Int? = nil) throws(CanonicalError) -> [String] {
        let count = try readInt(limit: limit ?? countLimit)
        var values: [String] = []
        for _ in 0..<count {
            values.append(try readString(limit: stringLimit))
        }
        return values
    }

    /// Reads an optional value written with a presence tag.
    public mutating func readOptional<Value: CanonicalDecodable>(_ type: Value.Type = Value.self) throws(CanonicalError) -> Value? {
        try readPresence() ? try Value(from: &self) : nil
    }

    /// Reads an optional string written with a presence tag.
    public mutating func readOptionalString(limit: Int? = nil) throws(CanonicalError) -> String? {
        try readPresence() ? try readString(limit: limit) : nil
    }

    /// Throws `trailingBytes` unless every byte was consumed.
    public func finish() throws(CanonicalError) {
        guard isAtEnd else { throw .trailingBytes(offset: offset, count: bytes.count - offset) }
    }

    private mutating func readPresence() throws(CanonicalError) -> Bool {
        let start = offset
        switch try readUInt8() {
        case 0: return false
        case 1: return true
        case let tag: throw .invalidTag(offset: start, tag: UInt64(tag), type: "Optional")
        }
    }

    private mutating func readLengthPrefixed(limit: Int) throws(CanonicalError) -> [UInt8] {
        let start = offset
        let length = try readUInt64()
        guard length <= UInt64(limit) else { throw .lengthOverLimit(offset: start, length: length, limit: limit) }
        return try readFixedBytes(count: Int(length))
    }
}

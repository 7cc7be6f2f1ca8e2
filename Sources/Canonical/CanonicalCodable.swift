/// A type with one canonical binary form. `encode(to:)` writes the fields in a fixed, documented
/// order; two equal values must write equal bytes.
public protocol CanonicalEncodable {
    /// Appends this value's canonical bytes.
    func encode(to writer: inout CanonicalWriter)
}

/// A type that can be read back from its canonical form, rejecting anything malformed.
public protocol CanonicalDecodable {
    /// Reads one value, throwing on malformed input.
    init(from reader: inout CanonicalReader) throws(CanonicalError)
}

/// Both directions of the canonical encoding.
public typealias CanonicalCodable = CanonicalEncodable & CanonicalDecodable

extension CanonicalEncodable {
    /// This value's canonical bytes.
    public var canonicalBytes: [UInt8] {
        var writer = CanonicalWriter()
        encode(to: &writer)
        return writer.bytes
    }
}

extension CanonicalDecodable {
    /// Decodes exactly one value from `bytes`, refusing trailing bytes.
    public init(canonicalBytes bytes: [UInt8]) throws(CanonicalError) {
        var reader = CanonicalReader(bytes)
        self = try Self(from: &reader)
        try reader.finish()
    }
}

extension String: CanonicalCodable {
    /// Writes the string as its UTF-8 byte count and bytes.
    public func encode(to writer: inout CanonicalWriter) { writer.write(self) }
    /// Reads a length-prefixed UTF-8 string.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) { self = try reader.readString() }
}

extension Int64: CanonicalCodable {
    /// Writes the integer as a zigzag varint.
    public func encode(to writer: inout CanonicalWriter) { writer.write(self) }
    /// Reads a zigzag varint.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) { self = try reader.readInt64() }
}

extension UInt64: CanonicalCodable {
    /// Writes the integer as a varint.
    public func encode(to writer: inout CanonicalWriter) { writer.write(self) }
    /// Reads a varint.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) { self = try reader.readUInt64() }
}

/// Appends values in FundChain's canonical binary form: the one encoding that is hashed and
/// signed, so two honest nodes that hold equal values always produce equal bytes.
///
/// Rules: unsigned integers are minimal LEB128 varints; signed integers are zigzag varints;
/// `Bool` is one byte 0 or 1; strings are a varint byte count followed by UTF-8; byte arrays
/// and arrays are a varint count followed by the elements; an optional is a tag byte 0 (absent)
/// or 1 followed by the value. There are no field names and no padding: the order of writes
/// is the schema, and each type's `encode(to:)` documents it.
///
/// ```swift
/// var writer = CanonicalWriter()
/// writer.write(UInt64(300))
/// writer.write("扶贫")
/// // writer.bytes == [0xAC, 0x02, 0x06, 0xE6, 0x89, 0xB6, 0xE8, 0xB4, 0xAB]
/// ```
public struct CanonicalWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty writer, optionally reserving space.
    public init(reservingCapacity capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Writes an unsigned integer as a minimal LEB128 varint.
    public mutating func write(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    /// Writes a signed integer as a zigzag varint, so small negative numbers stay short.
    public mutating func write(_ value: Int64) {
        write(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Writes a small unsigned integer (a count, an index) as a varint.
    public mutating func write(_ value: Int) {
        precondition(value >= 0, "canonical Int values are counts and indices, never negative")
        write(UInt64(value))
    }

    /// Writes a tag byte for an enum case or a flag.
    public mutating func write(_ value: UInt8) {
        bytes.append(value)
    }

    /// Writes `false` as 0 and `true` as 1.
    public mutating func write(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    /// Writes a string as its UTF-8 byte count and bytes.
    public mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        write(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    /// Writes raw bytes with their count in front.
    public mutating func write(bytes value: [UInt8]) {
        write(value.count)
        bytes.append(contentsOf: value)
    }

    /// Writes raw bytes with no count; only for fixed-size fields such as 32-byte hashes.
    public mutating func write(fixedBytes value: [UInt8]) {
        bytes.append(contentsOf: value)
    }

    /// Writes a value by its own canonical encoding.
    public mutating func write<Value: CanonicalEncodable>(_ value: Value) {
        value.encode(to: &self)
    }

    /// Writes an array as its count followed by each element in order.
    public mutating func write<Value: CanonicalEncodable>(_ values: [Value]) {
        write(values.count)
        for value in values {
            value.encode(to: &self)
        }
    }

    /// Writes an array of strings as its count followed by each string.
    public mutating func write(_ values: [String]) {
        write(values.count)
        for value in values {
            write(value)
        }
    }

    /// Writes an optional value as a tag (0 absent, 1 present) and the value.
    public mutating func write<Value: CanonicalEncodable>(_ value: Value?) {
        if let value {
            bytes.append(1)
            value.encode(to: &self)
        } else {
            bytes.append(0)
        }
    }

    /// Writes an optional string as a tag and the string.
    public mutating func write(_ value: String?) {
        if let value {
            bytes.append(1)
            write(value)
        } else {
            bytes.append(0)
        }
    }
}

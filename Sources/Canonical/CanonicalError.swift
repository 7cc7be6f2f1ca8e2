/// Why canonical bytes could not be decoded. Every case names where decoding stopped, so a
/// peer or file that sends garbage can be reported precisely.
public enum CanonicalError: Error, Equatable, Sendable {
    /// The input ended while `needed` more bytes were expected at `offset`.
    case truncated(offset: Int, needed: Int)
    /// A varint was longer than its minimal form or overflowed 64 bits.
    case nonMinimalOrOverflowingVarint(offset: Int)
    /// A length or count at `offset` exceeded the limit in force.
    case lengthOverLimit(offset: Int, length: UInt64, limit: Int)
    /// A string at `offset` was not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// A tag (enum case, optional marker, Bool) at `offset` had no meaning.
    case invalidTag(offset: Int, tag: UInt64, type: String)
    /// A decoded value broke a rule of its type (for example an amount out of range).
    case invalidValue(offset: Int, reason: String)
    /// Bytes were left over after the value ended.
    case trailingBytes(offset: Int, count: Int)
}

/// Bounds the JSON parser enforces on untrusted text.
///
/// Each limit turns a hostile document (10,000 nested arrays, a 100 MB string, a number
/// with a million digits) into a ``JSONParseError`` instead of a stack overflow or an
/// unbounded allocation.
public struct JSONLimits: Sendable, Hashable {
    /// Deepest allowed nesting of arrays and objects; the top-level container is depth 1.
    public var depthMax: Int
    /// Longest allowed string, counted in UTF-8 bytes after unescaping; applies to keys too.
    public var stringBytesMax: Int
    /// Longest allowed number literal, in bytes of text.
    public var numberBytesMax: Int

    /// Creates limits; the defaults are those of the RPC server.
    public init(depthMax: Int = 64, stringBytesMax: Int = 1 << 20, numberBytesMax: Int = 1_024) {
        precondition(depthMax >= 1, "depthMax must allow at least one level")
        precondition(stringBytesMax >= 0 && numberBytesMax >= 1, "limits must be positive")
        self.depthMax = depthMax
        self.stringBytesMax = stringBytesMax
        self.numberBytesMax = numberBytesMax
    }
}

/// Why a JSON text was rejected, and at which byte.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The byte offset in the input where the problem was found.
    public var offset: Int
    /// A short English explanation, safe to send back to a client.
    public var reason: String

    /// Creates an error at `offset`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// `reason at byte offset`.
    public var description: String { "\(reason) at byte \(offset)" }
}

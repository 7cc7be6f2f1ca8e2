/// A JSON object that keeps its keys in insertion order, so serialized output is stable.
///
/// Lookups go through a hash index, so an object with many members (from a hostile body)
/// costs linear time to build, not quadratic. Two objects are equal when they have the
/// same members in the same order.
///
/// ```swift
/// var object = JSONObject()
/// object["height"] = 42
/// object["hash"] = "ab12"
/// object.keys   // ["height", "hash"]
/// ```
public struct JSONObject: Sendable, Hashable {
    /// The keys, in insertion order.
    public private(set) var keys: [String] = []
    /// The values, parallel to ``keys``.
    public private(set) var values: [JSONValue] = []
    private var indexByKey: [String: Int] = [:]

    /// Creates an empty object.
    public init() {}

    /// Creates an object from members in order; a repeated key keeps its last value, at its first position.
    public init(_ members: [(String, JSONValue)]) {
        for (key, value) in members { self[key] = value }
    }

    /// The number of members.
    public var count: Int { keys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// Whether the object has a member named `key`.
    public func contains(_ key: String) -> Bool { indexByKey[key] != nil }

    /// The value of the member named `key`; setting appends a new key at the end, or
    /// replaces the value in place, and setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get { indexByKey[key].map { values[$0] } }
        set {
            if let index = indexByKey[key] {
                if let newValue { values[index] = newValue } else { remove(at: index) }
            } else if let newValue {
                indexByKey[key] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// The members in order, as `(key, value)` pairs.
    public var members: [(key: String, value: JSONValue)] {
        zip(keys, values).map { (key: $0, value: $1) }
    }

    /// Appends a member whose key must not be present yet; returns `false` (and changes
    /// nothing) when it is. The parser uses this to reject duplicate keys.
    public mutating func insertNew(_ key: String, _ value: JSONValue) -> Bool {
        guard indexByKey[key] == nil else { return false }
        self[key] = value
        return true
    }

    private mutating func remove(at index: Int) {
        keys.remove(at: index)
        values.remove(at: index)
        indexByKey = [:]
        for (position, key) in keys.enumerated() { indexByKey[key] = position }
    }

    /// Equal when keys and values match in order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }

    /// Hashes keys and values in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
        hasher.combine(values)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Creates an object with the members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

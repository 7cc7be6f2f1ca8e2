import Canonical

/// A method's named parameters: the request's `params` object, read member by member. Every
/// problem is an `RPCError.invalidParams` naming the parameter and saying what is wrong.
///
/// Parameters are named only: an array is refused (an empty one counts as no parameters),
/// and a member the method does not know is refused, so a misspelt name is not ignored.
struct RPCParams: Sendable {
    private let members: JSONObject

    /// Reads `params` for a method that knows the parameters `known`.
    init(_ params: JSONValue?, known: [String]) throws(RPCError) {
        switch params {
        case nil: members = JSONObject()
        case .array(let elements) where elements.isEmpty: members = JSONObject()
        case .object(let object): members = object
        default: throw .invalidParams("params must be an object of named parameters")
        }
        if let unknown = members.keys.first(where: { !known.contains($0) }) {
            let expected = known.isEmpty ? "none" : known.joined(separator: ", ")
            throw .invalidParams("unknown param \"\(RPCProcessor.shown(unknown))\" (this method takes: \(expected))")
        }
    }

    /// The string `name`, required.
    func string(_ name: String) throws(RPCError) -> String {
        guard let value = members[name] else { throw .invalidParams("\(name) is required") }
        guard let text = value.stringValue else { throw .invalidParams("\(name) must be a string") }
        return text
    }

    /// The integer `name` within `range`, required.
    func integer(_ name: String, in range: ClosedRange<Int64>) throws(RPCError) -> Int64 {
        guard let value = try optionalInteger(name, in: range) else { throw .invalidParams("\(name) is required") }
        return value
    }

    /// The integer `name` within `range`, or nil when absent or null.
    func optionalInteger(_ name: String, in range: ClosedRange<Int64>) throws(RPCError) -> Int64? {
        guard let value = members[name], !value.isNull else { return nil }
        guard let number = value.int64Value, range.contains(number) else {
            throw .invalidParams("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// The boolean `name`, or `defaultValue` when absent or null.
    func boolean(_ name: String, default defaultValue: Bool) throws(RPCError) -> Bool {
        guard let value = members[name], !value.isNull else { return defaultValue }
        guard case .bool(let flag) = value else { throw .invalidParams("\(name) must be true or false") }
        return flag
    }

    /// The hex-encoded bytes `name`, required; `bytesCount` fixes the length when given.
    func hex(_ name: String, bytesCount: Int? = nil) throws(RPCError) -> [UInt8] {
        let text = try string(name)
        guard let bytes = Hex.decode(text), !bytes.isEmpty else { throw .invalidParams("\(name) must be non-empty hex") }
        if let bytesCount, bytes.count != bytesCount {
            throw .invalidParams("\(name) must be \(bytesCount * 2) hex digits (\(bytesCount) bytes), got \(text.utf8.count)")
        }
        return bytes
    }
}

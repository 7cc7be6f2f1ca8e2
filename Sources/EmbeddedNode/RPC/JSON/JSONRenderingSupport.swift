import Canonical
import Workflow

/// Conventions shared by every JSON rendering of chain and fund-flow values:
/// - money: an integer `<name>Fen` and a display string `<name>YuanText` ("1,000,000.00");
/// - time: `<name>` as ISO 8601 UTC and `<name>Ms` as integer milliseconds since the epoch;
/// - bytes (hashes, keys, signatures): lower-case hex;
/// - `canonical`: hex of the value's canonical bytes, so a Swift client can decode it exactly.
extension JSONObject {
    /// Sets `<name>Fen` and `<name>YuanText` (both null for nil).
    mutating func setMoney(_ name: String, _ amount: Fen?) {
        self[name + "Fen"] = amount.map { .integer($0.value) } ?? .null
        self[name + "YuanText"] = amount.map { .string($0.yuanText) } ?? .null
    }

    /// Sets `<name>` (ISO 8601 UTC) and `<name>Ms` (both null for nil).
    mutating func setTime(_ name: String, _ time: Timestamp?) {
        self[name] = time.map { .string($0.isoText()) } ?? .null
        self[name + "Ms"] = time.map { .integer($0.millisecondsSinceEpoch) } ?? .null
    }

    /// Sets `<name>` and `<name>Ms` from UTC milliseconds.
    mutating func setTime(_ name: String, milliseconds: Int64) {
        setTime(name, Timestamp(millisecondsSinceEpoch: milliseconds))
    }

    /// Sets `canonical` to the hex of the value's canonical bytes.
    mutating func setCanonical(_ value: some CanonicalEncodable) {
        self["canonical"] = .string(Hex.encode(value.canonicalBytes))
    }
}

extension JSONValue {
    /// An exact integer from any fixed-width integer that fits `Int64`.
    static func int(_ value: some BinaryInteger) -> JSONValue { .integer(Int64(value)) }

    /// Lower-case hex of `bytes`.
    static func hex(_ bytes: [UInt8]) -> JSONValue { .string(Hex.encode(bytes)) }

    /// The string, or null.
    static func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    /// The integer, or null.
    static func optionalInt(_ value: Int?) -> JSONValue { value.map { .integer(Int64($0)) } ?? .null }

    /// The strings as an array.
    static func texts(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    /// An object of the members in order.
    static func members(_ members: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(members)) }
}

/// A fund-flow event or refusal parameter list rendered as `{"<tag>": name, params...}`.
func tagged(_ tagKey: String, _ name: String, _ parameters: [(String, JSONValue)] = []) -> JSONObject {
    JSONObject([(tagKey, .string(name))] + parameters)
}

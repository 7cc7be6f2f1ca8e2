import Testing
import WorkflowTestSupport

@testable import EmbeddedNode

/// Parsing and serializing `JSONValue`: exactness, order, escapes, and the hostile-input limits.
@Suite struct JSONValueTests {
    @Test func bigIntegersStayExact() throws {
        let value = try JSONValue(parsing: "[9007199254740993, -9223372036854775808, 9223372036854775807]")
        #expect(value == [9_007_199_254_740_993, .integer(Int64.min), .integer(Int64.max)])
        #expect(value.serializedString() == "[9007199254740993,-9223372036854775808,9223372036854775807]")
    }

    @Test func numbersOutsideInt64BecomeDoublesAndNonFiniteIsRejected() throws {
        #expect(try JSONValue(parsing: "9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONValue(parsing: "1.5e3") == .double(1500))
        #expect(try JSONValue(parsing: "-0") == .integer(0))
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "1e400") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: String(repeating: "9", count: 2_000)) }
        for bad in ["01", "1.", ".5", "-", "1e", "+1", "0x10", "NaN", "Infinity"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONValue(parsing: bad) }
        }
    }

    @Test func objectKeysKeepInsertionOrder() throws {
        let text = #"{"zeta":1,"alpha":{"y":"二","x":[1,2,{"deep":null}],"b":false},"mu":3.25,"中文键":"值"}"#
        let value = try JSONValue(parsing: text)
        #expect(value.objectValue?.keys == ["zeta", "alpha", "mu", "中文键"])
        #expect(value.serializedString() == text)
        #expect(value == TestMethods.nestedObject)
    }

    @Test func stringsRoundTripChineseEscapesAndSurrogatePairs() throws {
        let value = try JSONValue(parsing: #""农村\n\t\"\\\/\u0001\u4e2d\ud83d\ude00""#)
        #expect(value == .string("农村\n\t\"\\/\u{01}中😀"))
        #expect(value.serializedString() == #""农村\n\t\"\\/\u0001中😀""#)
        #expect(try JSONValue(parsing: value.serializedBytes()) == value)
    }

    @Test func rejectsBrokenStrings() {
        let cases: [[UInt8]] = [
            Array(#""\ud83d""#.utf8), Array(#""\ude00""#.utf8), Array(#""\ud83d\u0041""#.utf8),
            Array(#""\x""#.utf8), Array("\"a\u{01}\"".utf8), Array("\"abc".utf8),
            [0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE4, 0xB8, 0x22],
        ]
        for bytes in cases {
            #expect(throws: JSONParseError.self, "\(bytes)") { try JSONValue(parsing: bytes) }
        }
    }

    @Test func enforcesDepthLimit() throws {
        let depth64 = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONValue(parsing: depth64) }
        let depth65 = "[" + depth64 + "]"
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: depth65) }
        let deepObjects = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deepObjects) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: String(repeating: "[", count: 10_000)) }
    }

    @Test func enforcesStringLimit() {
        let limits = JSONLimits(stringBytesMax: 8)
        #expect(throws: Never.self) { try JSONValue(parsing: #""12345678""#, limits: limits) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: #""123456789""#, limits: limits) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: #"{"123456789":1}"#, limits: limits) }
        let oneMebibytePlusOne = "\"" + String(repeating: "a", count: (1 << 20) + 1) + "\""
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: oneMebibytePlusOne) }
    }

    @Test func rejectsDuplicateKeysAndTrailingText() {
        for bad in [#"{"a":1,"a":2}"#, "[1,]", "[1 2]", "{} {}", "", "   ", "nul", "[", "{\"a\"}", "{1:2}"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONValue(parsing: bad) }
        }
    }

    @Test func prettyPrintingIndentsAndKeepsOrder() {
        let value: JSONValue = ["b": [1, 2], "a": ["c": nil], "e": [], "f": .object(JSONObject())]
        let expected = """
            {
              "b": [
                1,
                2
              ],
              "a": {
                "c": null
              },
              "e": [],
              "f": {}
            }
            """
        #expect(value.prettyPrinted() == expected)
    }

    @Test func nonFiniteDoublesSerializeAsNull() {
        #expect(JSONValue.array([.double(.nan), .double(.infinity)]).serializedString() == "[null,null]")
    }

    @Test func objectSubscriptReplacesInPlaceAndRemoves() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["a"] = 10
        object["b"] = nil
        object["d"] = 4
        #expect(object.keys == ["a", "c", "d"])
        #expect(object["c"] == 3)
        #expect(JSONValue.object(object).serializedString() == #"{"a":10,"c":3,"d":4}"#)
    }
}

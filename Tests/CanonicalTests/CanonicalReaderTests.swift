import Canonical
import PropertyBased
import Testing

/// The canonical encoding round-trips every value and refuses every byte string the writer
/// could not have produced.
@Suite struct CanonicalReaderTests {
    static let varints: [(UInt64, [UInt8])] = [
        (0, [0x00]), (127, [0x7F]), (128, [0x80, 0x01]), (300, [0xAC, 0x02]),
        (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test(arguments: varints)
    func varintsHaveOneForm(value: UInt64, bytes: [UInt8]) throws {
        var writer = CanonicalWriter()
        writer.write(value)
        #expect(writer.bytes == bytes)
        #expect(try UInt64(canonicalBytes: bytes) == value)
    }

    @Test func signedValuesRoundTrip() async {
        await propertyCheck(count: 500, input: Gen.int64(in: Int64.min...Int64.max)) { value in
            #expect((try? Int64(canonicalBytes: value.canonicalBytes)) == value)
        }
        #expect(Int64(-1).canonicalBytes == [0x01])
        #expect(Int64(1).canonicalBytes == [0x02])
    }

    @Test func stringsRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.character(in: " "..."\u{9FFF}").string(of: 0...40)) { text in
            #expect((try? String(canonicalBytes: text.canonicalBytes)) == text)
        }
        #expect("扶贫".canonicalBytes == [0x06, 0xE6, 0x89, 0xB6, 0xE8, 0xB4, 0xAB])
    }

    @Test func malformedInputIsRefusedWithItsOffset() {
        #expect(throws: CanonicalError.nonMinimalOrOverflowingVarint(offset: 0)) { try UInt64(canonicalBytes: [0x80, 0x00]) }
        #expect(throws: CanonicalError.nonMinimalOrOverflowingVarint(offset: 0)) {
            try UInt64(canonicalBytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02])
        }
        #expect(throws: CanonicalError.truncated(offset: 1, needed: 1)) { try UInt64(canonicalBytes: [0x80]) }
        #expect(throws: CanonicalError.trailingBytes(offset: 1, count: 1)) { try UInt64(canonicalBytes: [0x01, 0x02]) }
        #expect(throws: CanonicalError.invalidUTF8(offset: 0)) { try String(canonicalBytes: [0x02, 0xC3, 0x28]) }
        #expect(throws: CanonicalError.truncated(offset: 1, needed: 5)) { try String(canonicalBytes: [0x05, 0x41]) }
        var reader = CanonicalReader([0x05, 0x41, 0x41, 0x41, 0x41, 0x41], lengthLimit: 4)
        #expect(throws: CanonicalError.lengthOverLimit(offset: 0, length: 5, limit: 4)) { try reader.readString() }
        var boolReader = CanonicalReader([0x02])
        #expect(throws: CanonicalError.invalidTag(offset: 0, tag: 2, type: "Bool")) { try boolReader.readBool() }
    }

    @Test func aHostileCountCannotAllocate() {
        // A count of 2^62 elements with no bytes behind it fails on the limit, not on memory.
        var reader = CanonicalReader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40])
        #expect(throws: CanonicalError.self) { try reader.readArray(of: UInt64.self) }
    }
}

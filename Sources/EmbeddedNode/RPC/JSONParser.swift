extension JSONValue {
    /// Parses one JSON text (RFC 8259) from UTF-8 bytes, enforcing `limits`.
    ///
    /// Strict: rejects invalid UTF-8, lone surrogate escapes, control characters in strings,
    /// duplicate object keys, non-finite numbers, and anything after the value but whitespace.
    /// Recursion depth is bounded by `limits.depthMax`.
    ///
    /// - Throws: ``JSONParseError`` with the byte offset of the first problem.
    public init(parsing bytes: [UInt8], limits: JSONLimits = JSONLimits()) throws(JSONParseError) {
        var parser = JSONParser(bytes: bytes, limits: limits)
        self = try parser.parseDocument()
    }

    /// Parses JSON text from a Swift string; see ``init(parsing:limits:)``.
    public init(parsing text: String, limits: JSONLimits = JSONLimits()) throws(JSONParseError) {
        try self.init(parsing: Array(text.utf8), limits: limits)
    }
}

/// A recursive-descent parser whose recursion depth is capped by `JSONLimits.depthMax`.
struct JSONParser {
    private let bytes: [UInt8]
    private let limits: JSONLimits
    private var offset = 0

    init(bytes: [UInt8], limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard offset == bytes.count else { throw failure("unexpected text after the JSON value") }
        return value
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard let byte = peek() else { throw failure("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("unexpected character")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONObject {
        guard depth <= limits.depthMax else { throw failure("nesting deeper than \(limits.depthMax)") }
        offset += 1
        var object = JSONObject()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { offset += 1; return object }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string key") }
            let keyOffset = offset
            let key = try parseString()
            skipWhitespace()
            try expectByte(UInt8(ascii: ":"))
            skipWhitespace()
            let value = try parseValue(depth: depth)
            guard object.insertNew(key, value) else {
                throw JSONParseError(offset: keyOffset, reason: "duplicate object key")
            }
            skipWhitespace()
            if peek() == UInt8(ascii: ",") { offset += 1; continue }
            try expectByte(UInt8(ascii: "}"))
            return object
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> [JSONValue] {
        guard depth <= limits.depthMax else { throw failure("nesting deeper than \(limits.depthMax)") }
        offset += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { offset += 1; return elements }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            if peek() == UInt8(ascii: ",") { offset += 1; continue }
            try expectByte(UInt8(ascii: "]"))
            return elements
        }
    }

    /// Parses a string starting at its opening quote; validates UTF-8 while copying.
    private mutating func parseString() throws(JSONParseError) -> String {
        offset += 1
        var utf8: [UInt8] = []
        while true {
            guard let byte = peek() else { throw failure("unterminated string") }
            if byte == UInt8(ascii: "\"") { offset += 1; break }
            if byte == UInt8(ascii: "\\") {
                appendScalar(try parseEscape(), to: &utf8)
            } else if byte < 0x20 {
                throw failure("control character in string")
            } else if byte < 0x80 {
                utf8.append(byte)
                offset += 1
            } else {
                let length = try validatedUTF8SequenceLength()
                utf8.append(contentsOf: bytes[offset..<offset + length])
                offset += length
            }
            guard utf8.count <= limits.stringBytesMax else {
                throw failure("string longer than \(limits.stringBytesMax) bytes")
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Parses `\x` or `\uXXXX` (with a following low surrogate when needed).
    private mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
        offset += 1
        guard let byte = peek() else { throw failure("unterminated escape") }
        offset += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): break
        default: throw failure("invalid escape")
        }
        let high = try parseHex4()
        if (0xDC00...0xDFFF).contains(high) { throw failure("lone low surrogate") }
        guard (0xD800...0xDBFF).contains(high) else { return Unicode.Scalar(high)! }
        guard peek() == UInt8(ascii: "\\"), peek(at: 1) == UInt8(ascii: "u") else {
            throw failure("lone high surrogate")
        }
        offset += 2
        let low = try parseHex4()
        guard (0xDC00...0xDFFF).contains(low) else { throw failure("invalid low surrogate") }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = hexDigitValue(byte) else { throw failure("invalid \\u escape") }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    /// The length of the well-formed UTF-8 sequence at `offset` (Unicode Table 3-7), or a failure.
    private func validatedUTF8SequenceLength() throws(JSONParseError) -> Int {
        let lead = bytes[offset]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw failure("invalid UTF-8")
        }
        guard offset + length <= bytes.count, secondRange.contains(bytes[offset + 1]) else {
            throw failure("invalid UTF-8")
        }
        for index in offset + 2..<offset + length where !(0x80...0xBF).contains(bytes[index]) {
            throw failure("invalid UTF-8")
        }
        return length
    }

    /// Parses a number per the RFC 8259 grammar; integers that fit `Int64` stay exact.
    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = offset
        if peek() == UInt8(ascii: "-") { offset += 1 }
        if peek() == UInt8(ascii: "0") {
            offset += 1
        } else {
            guard skipDigits() > 0 else { throw failure("invalid number") }
        }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            offset += 1
            isInteger = false
            guard skipDigits() > 0 else { throw failure("invalid number fraction") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            offset += 1
            isInteger = false
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { offset += 1 }
            guard skipDigits() > 0 else { throw failure("invalid number exponent") }
        }
        guard offset - start <= limits.numberBytesMax else {
            throw JSONParseError(offset: start, reason: "number longer than \(limits.numberBytesMax) bytes")
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else {
            throw JSONParseError(offset: start, reason: "number out of range")
        }
        return .double(double)
    }

    /// Skips ASCII digits, at most one past `numberBytesMax` so a huge literal costs little.
    private mutating func skipDigits() -> Int {
        var count = 0
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), count <= limits.numberBytesMax {
            offset += 1
            count += 1
        }
        return count
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard offset + expected.count <= bytes.count, bytes[offset..<offset + expected.count].elementsEqual(expected) else {
            throw failure("invalid literal")
        }
        offset += expected.count
    }

    private mutating func expectByte(_ byte: UInt8) throws(JSONParseError) {
        guard peek() == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        offset += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
    }

    private func peek(at distance: Int = 0) -> UInt8? {
        offset + distance < bytes.count ? bytes[offset + distance] : nil
    }

    private func failure(_ reason: String) -> JSONParseError {
        JSONParseError(offset: offset, reason: reason)
    }
}

private func hexDigitValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
    default: return nil
    }
}

private func appendScalar(_ scalar: Unicode.Scalar, to utf8: inout [UInt8]) {
    utf8.append(contentsOf: UTF8.encode(scalar)!)
}

extension JSONValue {
    /// The compact JSON text as UTF-8 bytes: no whitespace, object keys in order,
    /// non-ASCII characters written as-is, control characters escaped.
    public func serializedBytes() -> [UInt8] {
        var writer = JSONWriter(indentSpaces: nil)
        writer.write(self, depth: 0)
        return writer.output
    }

    /// The compact JSON text; see ``serializedBytes()``.
    public func serializedString() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// Human-readable JSON for the command line: one member or element per line,
    /// indented by `indentSpaces` per level, `"key": value` with a space after the colon.
    public func prettyPrinted(indentSpaces: Int = 2) -> String {
        precondition(indentSpaces >= 0, "indentSpaces must not be negative")
        var writer = JSONWriter(indentSpaces: indentSpaces)
        writer.write(self, depth: 0)
        return String(decoding: writer.output, as: UTF8.self)
    }
}

/// Writes JSON text; `indentSpaces == nil` means compact output.
///
/// Recursion follows the value's nesting. Parsed values are bounded by `JSONLimits.depthMax`;
/// values built in code are trusted to be reasonably shallow.
struct JSONWriter {
    let indentSpaces: Int?
    var output: [UInt8] = []

    init(indentSpaces: Int?) {
        self.indentSpaces = indentSpaces
    }

    mutating func write(_ value: JSONValue, depth: Int) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .integer(let number): append(String(number))
        case .double(let number): append(number.isFinite ? number.description : "null")
        case .string(let text): writeString(text)
        case .array(let elements): writeArray(elements, depth: depth)
        case .object(let object): writeObject(object, depth: depth)
        }
    }

    private mutating func writeArray(_ elements: [JSONValue], depth: Int) {
        output.append(UInt8(ascii: "["))
        for (position, element) in elements.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            writeNewline(depth: depth + 1)
            write(element, depth: depth + 1)
        }
        if !elements.isEmpty { writeNewline(depth: depth) }
        output.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ object: JSONObject, depth: Int) {
        output.append(UInt8(ascii: "{"))
        for position in 0..<object.count {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            writeNewline(depth: depth + 1)
            writeString(object.keys[position])
            output.append(UInt8(ascii: ":"))
            if indentSpaces != nil { output.append(UInt8(ascii: " ")) }
            write(object.values[position], depth: depth + 1)
        }
        if !object.isEmpty { writeNewline(depth: depth) }
        output.append(UInt8(ascii: "}"))
    }

    private mutating func writeNewline(depth: Int) {
        guard let indentSpaces else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indentSpaces * depth))
    }

    private mutating func writeString(_ text: String) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x00..<0x20: append("\\u00" + hexByte(byte))
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func append(_ text: String) {
        output.append(contentsOf: text.utf8)
    }
}

private func hexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef".utf8)
    return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
}

/// Folding of what people type into what parsers expect: full-width digits and punctuation
/// (from Chinese input methods) become ASCII, and surrounding white space is dropped.
extension Character {
    /// Whether this is one of the ASCII digits 0-9.
    public var isASCIIDigit: Bool { asciiValue.map { (48...57).contains($0) } ?? false }

    /// The ASCII digit for an ASCII or full-width digit (０-９), else nil.
    public var asciiDigitFoldingFullWidth: Character? {
        if isASCIIDigit { return self }
        guard let scalar = unicodeScalars.first, unicodeScalars.count == 1 else { return nil }
        guard (0xFF10...0xFF19).contains(scalar.value) else { return nil }
        return Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
    }

    /// This character with full-width ASCII forms (U+FF01-U+FF5E) the ideographic space and
    /// the full-width yen sign folded to their ASCII equivalents; other characters unchanged.
    public var foldingFullWidth: Character {
        guard let scalar = unicodeScalars.first, unicodeScalars.count == 1 else { return self }
        if scalar.value == 0x3000 { return " " }
        if scalar.value == 0xFFE5 { return "¥" }
        guard (0xFF01...0xFF5E).contains(scalar.value) else { return self }
        return Character(Unicode.Scalar(scalar.value - 0xFF01 + 0x21)!)
    }
}

extension String {
    /// The string without leading and trailing white space (including the ideographic space).
    public var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{3000}" || $0 == "\u{FEFF}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }

    /// The string with full-width ASCII forms folded to ASCII.
    public var foldingFullWidth: String { String(map(\.foldingFullWidth)) }
}

/// The fund serial number (资金流水号): the identifier a payer records on chain for a payment
/// and writes into the bank transfer's remark (附言 / 用途), so that the bank's record of the
/// transfer can be matched to the on-chain payment leg.
///
/// A well-formed serial is 4...40 characters from A-Z, a-z, 0-9, "-", "_" and "/".
public enum FundSerialNumber {
    /// How many characters a fund serial number has.
    public static let lengthRange = 4...40

    /// The shortest token accepted as a serial when the remark carries no label: shorter
    /// tokens are too likely to be something else (a count, a unit, an invoice line).
    public static let unlabelledLengthMin = 8

    /// Labels that introduce a serial, most specific first, so that "资金流水号" wins over the
    /// "流水号" inside it and over a bank's own "流水号" elsewhere in the remark.
    static let labels = ["资金流水号", "汇票流水号", "汇票流水", "Fund serial", "FS", "流水号"]

    /// Whether `text` is a well-formed fund serial number (no trimming, no folding).
    public static func isWellFormed(_ text: String) -> Bool {
        lengthRange.contains(text.count) && text.allSatisfy(isSerialCharacter)
    }

    /// Finds the fund serial number in a bank remark, or nil.
    ///
    /// The remark is folded from full width first. A labelled serial wins: one of `labels`,
    /// then optional "：", ":", "#" or spaces, then a well-formed token. A Chinese label may
    /// touch the token ("资金流水号FS2026..."); a Latin label ("FS", "Fund serial", any case)
    /// must stand alone on the left and be followed by a separator, because in
    /// "FS2026112100001" the letters are part of the serial, not a label. Without a label,
    /// the remark must hold exactly one distinct well-formed token of at least
    /// `unlabelledLengthMin` characters that contains a digit and is not a calendar date
    /// ("2026-11-21" in a remark is a date, not a serial).
    public static func extract(fromRemark remark: String) -> String? {
        let folded = Array(remark.foldingFullWidth)
        for label in labels {
            if let serial = labelledSerial(in: folded, label: Array(label)) { return serial }
        }
        let candidates = Set(tokens(in: folded).filter { token in
            token.count >= unlabelledLengthMin && isWellFormed(token)
                && token.contains(where: \.isASCIIDigit) && CalendarDate(parsing: token) == nil
        })
        return candidates.count == 1 ? candidates.first : nil
    }

    /// The first well-formed serial that follows an occurrence of `label` in `text`.
    private static func labelledSerial(in text: [Character], label: [Character]) -> String? {
        let isLatin = label.allSatisfy(\.isASCII)
        var start = 0
        while start + label.count <= text.count {
            defer { start += 1 }
            guard matches(label, in: text, at: start, ignoringCase: isLatin) else { continue }
            if isLatin, start > 0, isSerialCharacter(text[start - 1]) { continue }
            var cursor = start + label.count
            while cursor < text.count, "：:# ".contains(text[cursor]) { cursor += 1 }
            if isLatin, cursor == start + label.count { continue }
            var end = cursor
            while end < text.count, isSerialCharacter(text[end]) { end += 1 }
            let token = String(text[cursor..<end])
            if isWellFormed(token) { return token }
        }
        return nil
    }

    /// Whether `label` occurs in `text` at `offset`.
    private static func matches(_ label: [Character], in text: [Character], at offset: Int, ignoringCase: Bool) -> Bool {
        for (index, character) in label.enumerated() {
            let other = text[offset + index]
            let same = ignoringCase ? character.lowercased() == other.lowercased() : character == other
            if !same { return false }
        }
        return true
    }

    /// The maximal runs of serial characters in `text`.
    private static func tokens(in text: [Character]) -> [String] {
        text.split(whereSeparator: { !isSerialCharacter($0) }).map { String($0) }
    }

    /// Whether `character` may appear in a fund serial number.
    private static func isSerialCharacter(_ character: Character) -> Bool {
        guard character.isASCII else { return false }
        return character.isLetter || character.isNumber || "-_/".contains(character)
    }
}

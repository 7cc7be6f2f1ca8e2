/// Amounts as yuan text: what people type into an amount field and what screens show.
extension Fen {
    /// The largest number of whole yuan an amount may have (999,999,999,999).
    private static let maxYuan = Fen.amountMax.value / 100

    /// Reads an amount typed in yuan.
    ///
    /// Accepted, around an unsigned number: white space (including U+3000) at either end; a
    /// leading "¥" or "￥" (U+FFE5); a trailing "元"; a leading "-" or "－" when
    /// `allowNegative` (before or after the symbol). White space may also follow the sign or
    /// symbol and precede 元 ("¥ 12", "12 元"), but not split the number. The number is decimal digits (ASCII or
    /// full-width) with an optional point ("." or "．") followed by at most two digits:
    /// "12345", "12345.6", "12345.", "0.5", ".5". Thousands separators ("," or "，") are
    /// optional, but when present every group after the first has exactly three digits and
    /// the first one to three: "12,345.67", "１２，３４５．６７".
    ///
    /// A minus sign where negatives are not allowed is `.negative` whatever follows. Otherwise
    /// the first character that cannot appear where it stands is `.invalidCharacter` (a
    /// second point, a sign or symbol inside the number; text with no digit reports its first
    /// character), then come `.misplacedThousandsSeparator`, `.tooManyDecimalPlaces` and
    /// `.overLimit`, checked before any arithmetic can overflow.
    public init(parsingYuan text: String, allowNegative: Bool = false) throws(MoneyTextError) {
        let trimmed = text.trimmingWhitespace
        guard let first = trimmed.first else { throw .empty }
        var body = Substring(trimmed)
        let isSign: (Character) -> Bool = { $0.foldingFullWidth == "-" }
        let isSymbol: (Character) -> Bool = { $0 == "¥" || $0 == "￥" }
        var isNegative = Fen.dropFirst(of: &body, if: isSign)
        if Fen.dropFirst(of: &body, if: isSymbol), !isNegative {
            isNegative = Fen.dropFirst(of: &body, if: isSign)
        }
        if isNegative, !allowNegative { throw .negative }
        if body.last == "元" { body = Substring(String(body.dropLast()).trimmingWhitespace) }
        guard body.contains(where: { Fen.asciiDigitValue($0) != nil }) else {
            throw .invalidCharacter(String(body.first ?? first))
        }
        let magnitude = try Fen.parseUnsignedYuan(body)
        self.init(isNegative ? -magnitude : magnitude)
    }

    /// Drops the first character of `text`, and the white space after it, if it matches.
    private static func dropFirst(of text: inout Substring, if matches: (Character) -> Bool) -> Bool {
        guard let first = text.first, matches(first) else { return false }
        text = Substring(String(text.dropFirst()).trimmingWhitespace)
        return true
    }

    /// The amount in fen of an unsigned yuan number with at least one digit.
    private static func parseUnsignedYuan(_ number: Substring) throws(MoneyTextError) -> Int64 {
        var yuanDigits: [Int64] = [], fenDigits: [Int64] = []
        var groupSizes = [0]  // digits between thousands separators, before the point
        var seenPoint = false
        for character in number {
            if let digit = asciiDigitValue(character) {
                if seenPoint {
                    fenDigits.append(digit)
                } else {
                    yuanDigits.append(digit)
                    groupSizes[groupSizes.count - 1] += 1
                }
                continue
            }
            switch character.foldingFullWidth {
            case "," where !seenPoint: groupSizes.append(0)
            case ",": throw .misplacedThousandsSeparator
            case "." where !seenPoint: seenPoint = true
            default: throw .invalidCharacter(String(character))
            }
        }
        if groupSizes.count > 1 {
            let firstGroupFits = (1...3).contains(groupSizes[0])
            guard firstGroupFits, groupSizes.dropFirst().allSatisfy({ $0 == 3 }) else {
                throw .misplacedThousandsSeparator
            }
        }
        guard fenDigits.count <= 2 else { throw .tooManyDecimalPlaces }
        var yuan: Int64 = 0
        for digit in yuanDigits {
            guard yuan <= (maxYuan - digit) / 10 else { throw .overLimit }
            yuan = yuan * 10 + digit
        }
        let fen = (fenDigits + [0, 0]).prefix(2).reduce(0) { $0 * 10 + $1 }
        return yuan * 100 + fen
    }

    /// The value of an ASCII or full-width digit, else nil. (`asciiDigitFoldingFullWidth`
    /// also returns digits carrying combining marks, such as "1\u{301}", which are refused.)
    private static func asciiDigitValue(_ character: Character) -> Int64? {
        character.asciiDigitFoldingFullWidth?.wholeNumberValue.map(Int64.init)
    }

    /// The amount as yuan with two decimals and thousands separators: "12,345.67", "0.05",
    /// "-1,000.00".
    public var yuanText: String { (value < 0 ? "-" : "") + unsignedYuanText }

    /// `yuanText` after the yuan sign: "¥12,345.67", "-¥1,000.00".
    public var yuanTextWithSymbol: String { (value < 0 ? "-" : "") + "¥" + unsignedYuanText }

    /// The magnitude as yuan text, without sign.
    private var unsignedYuanText: String {
        let magnitude = value.magnitude
        let digits = Array(String(magnitude / 100))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let fen = magnitude % 100
        return grouped + (fen < 10 ? ".0" : ".") + String(fen)
    }
}

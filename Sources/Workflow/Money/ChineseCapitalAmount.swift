/// Amounts in Chinese capitals (大写金额), as written on vouchers and settlement documents.
extension Fen {
    /// 零 to 玖, indexed by digit.
    private static let capitalDigits: [Character] = Array("零壹贰叁肆伍陆柒捌玖")
    /// The units inside a group of four digits, indexed by position (ones first).
    private static let capitalPlaceUnits = ["", "拾", "佰", "仟"]
    /// The unit of each group of four digits, ones group first: 1, 10^4, 10^8, 10^12, 10^16.
    private static let capitalGroupUnits = ["", "万", "亿", "万亿", "亿亿"]
    /// Longer text cannot be a well-formed amount (the longest Int64 amount is under 80).
    private static let capitalMaxLength = 100

    /// The amount in Chinese capitals, by the People's Bank of China rules for filling in
    /// vouchers (正确填写票据和结算凭证的基本规定), making these choices where they leave one:
    ///
    /// - Digits 零壹贰叁肆伍陆柒捌玖; 拾佰仟 inside a group of four digits; the groups are
    ///   followed by 万, 亿 and 万亿 (10^12; 亿亿 for 10^16, beyond any valid amount); then
    ///   元, 角, 分. Ten is always 壹拾: ¥10.00 → 壹拾元整, ¥100,000.00 → 壹拾万元整.
    /// - 整 follows 元 when there are no 角 and no 分; nothing follows 角 or 分:
    ///   ¥1,004.50 → 壹仟零肆元伍角.
    /// - A run of zeros between non-zero digits of a group is one 零 (¥1,004.50 → 壹仟零肆元伍角);
    ///   the trailing zeros of a group are not read. A non-zero group below a higher non-zero
    ///   group gets one leading 零 when it is below 1000 or the group just above it is zero:
    ///   ¥10,050.00 → 壹万零伍拾元整, ¥100,000,005.00 → 壹亿零伍元整,
    ///   ¥100,005,000.00 → 壹亿零伍仟元整, but ¥107,000.53 → 壹拾万柒仟元伍角叁分 and
    ///   ¥10,005,000.00 → 壹仟万伍仟元整.
    /// - 元位 zero with non-zero 角: no 零 (¥1,680.32 → 壹仟陆佰捌拾元叁角贰分). 角 zero
    ///   with non-zero 分: 零 before the 分 when there are whole yuan
    ///   (¥16,409.02 → 壹万陆仟肆佰零玖元零贰分).
    /// - Below one yuan there is no 元: ¥0.50 → 伍角, ¥0.05 → 伍分. Zero is 零元整. A negative
    ///   amount is 负 followed by the words of its magnitude.
    public var chineseCapital: String {
        let words = Fen.capitalWords(value.magnitude)
        return value < 0 ? "负" + words : words
    }

    /// Reads an amount in Chinese capitals: exactly the text `chineseCapital` writes for it,
    /// except that 正 may stand for 整 and 圆 for 元, with white space allowed at either end.
    ///
    /// Throws `.empty` for blank text, `.negative` for text starting with 负 (an amount in
    /// capitals is never negative), `.overLimit` for well-formed text above `Fen.amountMax`,
    /// and `.malformedChineseCapital` for anything else.
    public init(parsingChineseCapital text: String) throws(MoneyTextError) {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { throw .empty }
        guard trimmed.first != "负" else { throw .negative }
        let normalized = String(trimmed.map { $0 == "正" ? "整" : $0 == "圆" ? "元" : $0 })
        // Reading is lenient; writing the value back and comparing makes it exact.
        guard normalized.count <= Fen.capitalMaxLength,
              let candidate = Fen.capitalCandidate(normalized),
              Fen(candidate).chineseCapital == normalized
        else { throw .malformedChineseCapital }
        guard candidate <= Fen.amountMax.value else { throw .overLimit }
        self.init(candidate)
    }

    /// The words for a magnitude in fen, without sign.
    private static func capitalWords(_ magnitude: UInt64) -> String {
        guard magnitude > 0 else { return "零元整" }
        let yuan = magnitude / 100
        let jiao = Int(magnitude / 10 % 10)
        let fen = Int(magnitude % 10)
        var words = yuan > 0 ? capitalInteger(yuan) + "元" : ""
        if jiao == 0, fen == 0 { return words + "整" }
        if jiao > 0 {
            words += String(capitalDigits[jiao]) + "角"
        } else if yuan > 0 {
            words += "零"
        }
        if fen > 0 { words += String(capitalDigits[fen]) + "分" }
        return words
    }

    /// The words for a positive number of whole yuan, group by group from the highest.
    private static func capitalInteger(_ yuan: UInt64) -> String {
        var groups: [Int] = []  // ones group first
        var rest = yuan
        while rest > 0 {
            groups.append(Int(rest % 10_000))
            rest /= 10_000
        }
        var words = ""
        for index in groups.indices.reversed() where groups[index] > 0 {
            let isHighest = index == groups.count - 1
            if !isHighest, groups[index] < 1000 || groups[index + 1] == 0 { words += "零" }
            words += capitalGroup(groups[index]) + capitalGroupUnits[index]
        }
        return words
    }

    /// The words for a group of four digits, 1...9999, without its group unit.
    private static func capitalGroup(_ group: Int) -> String {
        var words = ""
        var zeroPending = false
        for position in stride(from: 3, through: 0, by: -1) {
            let digit = group / [1, 10, 100, 1000][position] % 10
            if digit == 0 {
                zeroPending = !words.isEmpty
                continue
            }
            if zeroPending { words += "零" }
            zeroPending = false
            words += String(capitalDigits[digit]) + capitalPlaceUnits[position]
        }
        return words
    }

    /// The value in fen that well-formed capitals `text` (at most `capitalMaxLength`
    /// characters, 整 and 元 already normalized) stand for; for other text some value or nil.
    private static func capitalCandidate(_ text: String) -> Int64? {
        let characters = Array(text)
        var yuan: Int64 = 0, section: Int64 = 0, digit: Int64 = 0, fen: Int64 = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            if let value = capitalDigits.firstIndex(of: character) {
                digit = Int64(value)
                continue
            }
            switch character {
            case "拾", "佰", "仟":
                let position = capitalPlaceUnits.firstIndex(of: String(character))!
                section += digit * [1, 10, 100, 1000][position]
            case "万", "亿":
                var unit: Int64 = character == "万" ? 10_000 : 100_000_000
                if index < characters.count, characters[index] == "亿" {  // 万亿, 亿亿
                    unit *= 100_000_000
                    index += 1
                }
                let (groupValue, overflow) = (section + digit).multipliedReportingOverflow(by: unit)
                guard !overflow, let sum = add(yuan, groupValue) else { return nil }
                yuan = sum
                section = 0
            case "元":
                guard let sum = add(yuan, section + digit) else { return nil }
                yuan = sum
            case "角": fen += digit * 10
            case "分": fen += digit
            case "整": break
            default: return nil
            }
            digit = 0
        }
        let (yuanInFen, overflow) = yuan.multipliedReportingOverflow(by: 100)
        return overflow ? nil : add(yuanInFen, fen)
    }

    /// The sum, or nil on overflow.
    private static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : sum
    }
}

/// Why text could not be read as an amount of money.
///
/// Thrown by `Fen(parsingYuan:allowNegative:)` and `Fen(parsingChineseCapital:)`; shown to a
/// person through `message(_:)`.
public enum MoneyTextError: Error, Equatable, Sendable {
    /// The text is empty or nothing but white space.
    case empty
    /// The text contains a character that has no place in an amount; the character as typed.
    case invalidCharacter(String)
    /// More than two digits after the decimal point: the fen is the smallest unit.
    case tooManyDecimalPlaces
    /// Thousands separators that do not group the integer digits by three ("1,2345",
    /// "12,34.5", ",123"), or a separator after the decimal point.
    case misplacedThousandsSeparator
    /// A minus sign (or 负) where negative amounts are not allowed.
    case negative
    /// Above `Fen.amountMax` (¥999,999,999,999.99) in magnitude.
    case overLimit
    /// Text in Chinese capitals (大写) that is not a well-formed amount.
    case malformedChineseCapital

    /// The message for a person, naming what is wrong.
    public func message(_ language: Language) -> String {
        switch self {
        case .empty:
            return language.pick("请输入金额", "Enter an amount")
        case .invalidCharacter(let character):
            return language.pick(
                "金额中不能有字符“\(character)”", "An amount cannot contain the character “\(character)”")
        case .tooManyDecimalPlaces:
            return language.pick("金额只能有两位小数（精确到分）", "An amount has at most two decimal places (fen)")
        case .misplacedThousandsSeparator:
            return language.pick(
                "千位分隔符位置不对，应每三位数字一组，如 12,345.67",
                "Thousands separators must group the digits in threes, as in 12,345.67")
        case .negative:
            return language.pick("金额不能为负数", "The amount cannot be negative")
        case .overLimit:
            let max = Fen.amountMax.yuanTextWithSymbol
            return language.pick("金额不能超过 \(max)", "An amount cannot exceed \(max)")
        case .malformedChineseCapital:
            return language.pick(
                "大写金额写法不正确，应如“壹万贰仟叁佰肆拾伍元陆角柒分”",
                "The amount in Chinese capitals (大写) is not well formed; write it as in “壹万贰仟叁佰肆拾伍元陆角柒分”")
        }
    }
}

import PropertyBased
import Testing
import Workflow

/// Reading and writing amounts as yuan text (`Fen(parsingYuan:)`, `yuanText`) and the messages
/// of `MoneyTextError`.
struct YuanTextTests {
    @Test(arguments: [
        ("12,345.67", 1_234_567), ("12345", 1_234_500), ("12345.6", 1_234_560), ("12345.67", 1_234_567),
        ("12345.", 1_234_500), ("0.5", 50), (".5", 50), (".05", 5), ("0", 0), ("0.00", 0), ("007", 700),
        ("1,000", 100_000), ("999", 99_900), ("1,234,567.8", 123_456_780),
        ("¥12,345.67", 1_234_567), ("￥12,345.67", 1_234_567), ("12345元", 1_234_500),
        ("¥12.30元", 1_230), ("¥ 12", 1_200), ("12 元", 1_200),
        ("１２３４５．６７", 1_234_567), ("１２，３４５．６７", 1_234_567), ("12，345.67", 1_234_567),
        ("１２,３45.6７", 1_234_567), ("  12.30  ", 1_230), ("\u{3000}12.30\u{3000}", 1_230),
        ("\t¥1.00\n", 100),
        ("999,999,999,999.99", 99_999_999_999_999), ("999999999999.99", 99_999_999_999_999),
    ] as [(String, Int64)])
    func acceptsWhatPeopleType(text: String, fen: Int64) throws {
        #expect(try Fen(parsingYuan: text) == Fen(fen))
        #expect(try Fen(parsingYuan: text, allowNegative: true) == Fen(fen))
    }

    @Test(arguments: [
        ("-12.50", -1_250), ("－12.50", -1_250), ("-¥1,000.00", -100_000), ("¥-1,000.00", -100_000),
        ("－￥１，０００．００", -100_000), ("- 5", -500), ("-0", 0), ("-.5", -50),
        ("-999,999,999,999.99", -99_999_999_999_999),
    ] as [(String, Int64)])
    func acceptsNegativesOnlyWhenAllowed(text: String, fen: Int64) throws {
        #expect(try Fen(parsingYuan: text, allowNegative: true) == Fen(fen))
        #expect(throws: MoneyTextError.negative) { try Fen(parsingYuan: text) }
    }

    @Test(arguments: [
        ("", MoneyTextError.empty), ("   ", .empty), ("\u{3000}\u{3000}", .empty), ("\t\n", .empty),
        ("12a", .invalidCharacter("a")), ("１２ａ", .invalidCharacter("ａ")), ("1.2.3", .invalidCharacter(".")),
        ("+5", .invalidCharacter("+")), ("1 000", .invalidCharacter(" ")), ("$5", .invalidCharacter("$")),
        ("5¥", .invalidCharacter("¥")), ("12元5", .invalidCharacter("元")), ("1e5", .invalidCharacter("e")),
        ("5-", .invalidCharacter("-")), ("1_000", .invalidCharacter("_")), ("壹佰元整", .invalidCharacter("壹")),
        ("¥", .invalidCharacter("¥")), (".", .invalidCharacter(".")), ("元", .invalidCharacter("元")),
        ("¥元", .invalidCharacter("¥")), (",", .invalidCharacter(",")),
        // A digit with a combining mark is one Character that is not a digit.
        ("1\u{301}", .invalidCharacter("1\u{301}")), ("12\u{301}.00", .invalidCharacter("2\u{301}")),
        ("5\u{FE0F}\u{20E3}", .invalidCharacter("5\u{FE0F}\u{20E3}")), ("1.0\u{301}", .invalidCharacter("0\u{301}")),
        ("1.234", .tooManyDecimalPlaces), ("0.001", .tooManyDecimalPlaces), ("1.230", .tooManyDecimalPlaces),
        ("１．２３４", .tooManyDecimalPlaces), ("99999999999999999999999.999", .tooManyDecimalPlaces),
        ("1,2345", .misplacedThousandsSeparator), ("12,34.5", .misplacedThousandsSeparator),
        (",123", .misplacedThousandsSeparator), ("1,234,", .misplacedThousandsSeparator),
        ("1,,234", .misplacedThousandsSeparator), ("1234,567", .misplacedThousandsSeparator),
        ("1,234,56", .misplacedThousandsSeparator), ("1.23,4", .misplacedThousandsSeparator),
        (",5", .misplacedThousandsSeparator), ("1，2345", .misplacedThousandsSeparator),
        ("-5", .negative), ("－5", .negative), ("¥-5", .negative), ("-", .negative), ("-abc", .negative),
        ("1,000,000,000,000.00", .overLimit), ("1000000000000", .overLimit),
        ("99999999999999999999999", .overLimit), ("9223372036854775808", .overLimit),
        ("00001000000000000", .overLimit),
    ])
    func refusesWithTheRightReason(text: String, error: MoneyTextError) {
        #expect(throws: error) { try Fen(parsingYuan: text) }
    }

    @Test(arguments: [
        ("-", MoneyTextError.invalidCharacter("-")), ("--5", .invalidCharacter("-")), ("-¥-5", .invalidCharacter("-")),
        ("¥-", .invalidCharacter("¥")), ("-1,000,000,000,000.00", .overLimit), ("-99999999999999999999", .overLimit),
        ("-1.234", .tooManyDecimalPlaces),
    ])
    func refusesMalformedNegatives(text: String, error: MoneyTextError) {
        #expect(throws: error) { try Fen(parsingYuan: text, allowNegative: true) }
    }

    @Test func acceptsExactlyUpToTheMaximum() throws {
        #expect(try Fen(parsingYuan: "999,999,999,999.99") == Fen.amountMax)
        #expect(throws: MoneyTextError.overLimit) { try Fen(parsingYuan: "1,000,000,000,000.00") }
        #expect(throws: MoneyTextError.overLimit) { try Fen(parsingYuan: "1000000000000") }
        #expect(try Fen(parsingYuan: "999,999,999,999") == Fen(99_999_999_999_900))
    }

    @Test(arguments: [
        (0, "0.00"), (5, "0.05"), (50, "0.50"), (99, "0.99"), (100, "1.00"), (99_999, "999.99"),
        (100_000, "1,000.00"), (123_456, "1,234.56"), (1_234_567, "12,345.67"), (10_000_000, "100,000.00"),
        (12_345_678_900, "123,456,789.00"), (99_999_999_999_999, "999,999,999,999.99"),
        (-5, "-0.05"), (-100_000, "-1,000.00"), (-1_234_567, "-12,345.67"),
        (Int64.max, "92,233,720,368,547,758.07"), (Int64.min, "-92,233,720,368,547,758.08"),
    ] as [(Int64, String)])
    func writesYuanText(fen: Int64, text: String) {
        #expect(Fen(fen).yuanText == text)
        #expect(Fen(fen).description == text)
    }

    @Test func writesTheYuanSign() {
        #expect(Fen(1_234_567).yuanTextWithSymbol == "¥12,345.67")
        #expect(Fen(0).yuanTextWithSymbol == "¥0.00")
        #expect(Fen(-100_000).yuanTextWithSymbol == "-¥1,000.00")
        #expect(Fen.amountMax.yuanTextWithSymbol == "¥999,999,999,999.99")
    }

    @Test func readsBackEverySmallAmount() async throws {
        for value in Int64(0)...200_000 {
            if value % 10_000 == 0 { await Task.yield() }
            let amount = Fen(value)
            #expect(try Fen(parsingYuan: amount.yuanText) == amount)
        }
    }

    @Test func readsBackAnyValidAmount() async {
        await propertyCheck(count: 1_000, input: Gen.int64(in: 0...Fen.amountMax.value)) { value throws in
            let amount = Fen(value)
            #expect(try Fen(parsingYuan: amount.yuanText) == amount)
            #expect(try Fen(parsingYuan: amount.yuanTextWithSymbol) == amount)
            #expect(try Fen(parsingYuan: amount.yuanText.replacingAll(",", with: "")) == amount)
        }
    }

    @Test func readsBackAnySignedAmount() async {
        let range = -Fen.amountMax.value...Fen.amountMax.value
        await propertyCheck(count: 1_000, input: Gen.int64(in: range)) { value throws in
            let amount = Fen(value)
            #expect(try Fen(parsingYuan: amount.yuanText, allowNegative: true) == amount)
            #expect(try Fen(parsingYuan: amount.yuanTextWithSymbol, allowNegative: true) == amount)
        }
    }

    @Test func neverCrashesOnLongDigitStrings() async {
        await propertyCheck(count: 300, input: Gen.int(in: 13...60)) { length in
            let text = "1" + String(repeating: "0", count: length - 1)
            #expect(throws: MoneyTextError.overLimit) { try Fen(parsingYuan: text) }
            #expect(throws: MoneyTextError.overLimit) { try Fen(parsingYuan: "-" + text, allowNegative: true) }
        }
    }

    static let allErrors: [MoneyTextError] = [
        .empty, .invalidCharacter("a"), .tooManyDecimalPlaces, .misplacedThousandsSeparator,
        .negative, .overLimit, .malformedChineseCapital,
    ]

    @Test(arguments: allErrors)
    func messagesExistInBothLanguages(error: MoneyTextError) {
        let chinese = error.message(.chinese)
        let english = error.message(.english)
        #expect(!chinese.isEmpty)
        #expect(!english.isEmpty)
        #expect(chinese != english)
    }

    @Test func messagesNameWhatIsWrong() {
        #expect(MoneyTextError.tooManyDecimalPlaces.message(.chinese) == "金额只能有两位小数（精确到分）")
        #expect(MoneyTextError.tooManyDecimalPlaces.message(.english) == "An amount has at most two decimal places (fen)")
        #expect(MoneyTextError.invalidCharacter("ａ").message(.chinese).contains("ａ"))
        #expect(MoneyTextError.invalidCharacter("ａ").message(.english).contains("ａ"))
        #expect(MoneyTextError.overLimit.message(.chinese).contains("¥999,999,999,999.99"))
        #expect(MoneyTextError.overLimit.message(.english).contains("¥999,999,999,999.99"))
        #expect(MoneyTextError.invalidCharacter("a") != MoneyTextError.invalidCharacter("b"))
    }
}

extension String {
    /// The string with every `target` replaced (no Foundation in these tests).
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}

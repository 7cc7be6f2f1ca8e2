import PropertyBased
import Testing
import Workflow

/// Amounts in Chinese capitals (大写金额): `chineseCapital` and `Fen(parsingChineseCapital:)`.
/// Every expected string below was worked out by hand from the rules in the documentation.
struct ChineseCapitalAmountTests {
    static let examples: [(Int64, String)] = [
        // No 元 below one yuan; zero.
        (0, "零元整"), (1, "壹分"), (5, "伍分"), (10, "壹角"), (50, "伍角"), (56, "伍角陆分"),
        // 整 only after 元; nothing after 角 or 分.
        (100, "壹元整"), (10_010, "壹佰元壹角"), (1_111, "壹拾壹元壹角壹分"), (2_000_020, "贰万元贰角"),
        // Always 壹拾.
        (1_000, "壹拾元整"), (1_100, "壹拾壹元整"), (1_500, "壹拾伍元整"), (2_000, "贰拾元整"),
        (10_000_000, "壹拾万元整"), (100_000_000_000, "壹拾亿元整"),
        // One 零 for zeros inside a group; trailing zeros of a group are not read.
        (100_450, "壹仟零肆元伍角"), (100_100, "壹仟零壹元整"), (101_000, "壹仟零壹拾元整"),
        (110_000, "壹仟壹佰元整"), (1_640_902, "壹万陆仟肆佰零玖元零贰分"),
        // A group below 1000 under a non-zero group gets a leading 零.
        (1_005_000, "壹万零伍拾元整"), (1_000_100, "壹万零壹元整"), (100_010_000, "壹佰万零壹佰元整"),
        (10_000_100_000_000, "壹仟亿零壹佰万元整"),
        // A zero group between non-zero groups is one 零.
        (10_000_000_500, "壹亿零伍元整"), (10_000_500_000, "壹亿零伍仟元整"), (10_000_000_001_000, "壹仟亿零壹拾元整"),
        // A group of 1000 or more right under a non-zero group: no 零.
        (10_700_053, "壹拾万柒仟元伍角叁分"), (1_000_500_000, "壹仟万伍仟元整"),
        (101_010_101_010, "壹拾亿壹仟零壹拾万壹仟零壹拾元壹角"),
        // 元位 zero before a non-zero 角: no 零. 角 zero before a non-zero 分: 零.
        (168_032, "壹仟陆佰捌拾元叁角贰分"), (32_504, "叁佰贰拾伍元零肆分"), (5_000_000_000_005, "伍佰亿元零伍分"),
        // Other PBOC-style examples and the extremes.
        (1_234_567, "壹万贰仟叁佰肆拾伍元陆角柒分"), (123_456_789, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
        (1_000_000, "壹万元整"), (10_000_000_000_000, "壹仟亿元整"),
        (99_999_999_999_999, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ]

    @Test(arguments: examples)
    func writesCapitals(fen: Int64, text: String) {
        #expect(Fen(fen).chineseCapital == text)
    }

    @Test(arguments: examples)
    func readsCapitals(fen: Int64, text: String) throws {
        #expect(try Fen(parsingChineseCapital: text) == Fen(fen))
    }

    @Test func writesNegativesAndAmountsBeyondTheMaximum() {
        #expect(Fen(-100_450).chineseCapital == "负壹仟零肆元伍角")
        #expect(Fen(-5).chineseCapital == "负伍分")
        #expect(Fen(100_000_000_000_000).chineseCapital == "壹万亿元整")
        #expect(Fen(Int64.max).chineseCapital == "玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分")
        #expect(Fen(Int64.min).chineseCapital == "负玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分")
    }

    @Test(arguments: [
        ("壹佰元正", 10_000), ("壹佰圆整", 10_000), ("壹佰圆正", 10_000), ("  壹佰元整\u{3000}", 10_000),
        ("壹仟零肆圆伍角", 100_450), ("零圆整", 0), ("零元正", 0),
    ] as [(String, Int64)])
    func acceptsTheUsualVariants(text: String, fen: Int64) throws {
        #expect(try Fen(parsingChineseCapital: text) == Fen(fen))
    }

    @Test(arguments: [
        ("", MoneyTextError.empty), (" \u{3000} ", .empty),
        ("负伍分", .negative), ("负壹仟零肆元伍角", .negative),
        ("壹万亿元整", .overLimit), ("壹仟万亿元整", .overLimit),
        ("玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分", .overLimit),
        ("壹佰元", .malformedChineseCapital), ("壹佰元整整", .malformedChineseCapital),
        ("壹佰元壹角整", .malformedChineseCapital), ("伍角整", .malformedChineseCapital),
        ("拾元整", .malformedChineseCapital), ("壹拾", .malformedChineseCapital),
        ("壹仟零零肆元整", .malformedChineseCapital), ("壹仟肆元整", .malformedChineseCapital),
        ("壹万零柒仟元整", .malformedChineseCapital), ("壹仟陆佰捌拾元零叁角贰分", .malformedChineseCapital),
        ("壹亿伍仟元整", .malformedChineseCapital), ("壹仟万零伍仟元整", .malformedChineseCapital),
        ("壹仟元零零贰分", .malformedChineseCapital), ("叁佰贰拾伍元肆分", .malformedChineseCapital),
        ("壹佰元零壹角", .malformedChineseCapital), ("零伍分", .malformedChineseCapital),
        ("零元伍角", .malformedChineseCapital), ("伍角零分", .malformedChineseCapital),
        ("壹仟零肆元伍角零分", .malformedChineseCapital), ("一百元整", .malformedChineseCapital),
        ("壹佰元整abc", .malformedChineseCapital), ("100元", .malformedChineseCapital),
        ("贰佰万万元整", .malformedChineseCapital), ("壹佰 元整", .malformedChineseCapital),
        ("元整", .malformedChineseCapital), ("整", .malformedChineseCapital), ("零", .malformedChineseCapital),
        ("玖仟亿亿元整", .malformedChineseCapital), ("玖仟玖佰玖拾玖亿亿玖仟亿亿元整", .malformedChineseCapital),
        ("伍角陆分伍角", .malformedChineseCapital), ("壹\u{301}元整", .malformedChineseCapital), ("壹拾元整壹拾元整", .malformedChineseCapital),
        (String(repeating: "玖仟亿亿", count: 30) + "元整", .malformedChineseCapital),
        (String(repeating: "壹", count: 200), .malformedChineseCapital),
    ])
    func refusesWithTheRightReason(text: String, error: MoneyTextError) {
        #expect(throws: error) { try Fen(parsingChineseCapital: text) }
    }

    @Test func readsBackEverySmallAmount() async throws {
        for value in Int64(0)...200_000 {
            if value % 10_000 == 0 { await Task.yield() }
            let amount = Fen(value)
            #expect(try Fen(parsingChineseCapital: amount.chineseCapital) == amount)
        }
    }

    @Test func readsBackAnyValidAmount() async {
        await propertyCheck(count: 1_000, input: Gen.int64(in: 0...Fen.amountMax.value)) { value throws in
            let amount = Fen(value)
            #expect(try Fen(parsingChineseCapital: amount.chineseCapital) == amount)
        }
    }

    @Test func readsBackAmountsWithManyZeros() async {
        // Amounts built from a few non-zero digits at random places exercise the 零 rules.
        let digit = Gen.int64(in: 1...9)
        let place = Gen.int64(in: 0...13)
        await propertyCheck(count: 1_000, input: digit, place, digit, place) { a, p, b, q throws in
            let value = a * power(of: p) + b * power(of: q)
            let amount = Fen(min(value, Fen.amountMax.value))
            #expect(try Fen(parsingChineseCapital: amount.chineseCapital) == amount)
        }
    }

    @Test func neverWritesTwoZerosInARow() async {
        await propertyCheck(count: 1_000, input: Gen.int64(in: 0...Fen.amountMax.value)) { value throws in
            let text = Fen(value).chineseCapital
            #expect(!text.contains("零零"))
            #expect(value == 0 || !text.hasPrefix("零"))
            #expect(text.hasSuffix("整") || text.hasSuffix("角") || text.hasSuffix("分"))
        }
    }
}

/// 10 to the power `exponent`.
private func power(of exponent: Int64) -> Int64 {
    (0..<exponent).reduce(1) { result, _ in result * 10 }
}

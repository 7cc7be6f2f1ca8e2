import Foundation
import Testing
@testable import Workflow

/// The bytes of a fixture in Fixtures/statements, found relative to this source file.
private func fixture(_ name: String, filePath: String = #filePath) throws -> [UInt8] {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/statements/\(name)").standardizedFileURL
    return [UInt8](try Data(contentsOf: url))
}

/// The failure `parse` throws, or nil when it succeeds.
private func failure(_ text: String, accountNumber: String? = "6222000011112222333", mapping: BankColumnMapping? = nil) -> StatementImportFailure? {
    do {
        _ = try StatementParser.parse(Array(text.utf8), accountNumber: accountNumber, mapping: mapping)
        return nil
    } catch {
        return error
    }
}

/// The UTC ISO text of a record's time.
private func utc(_ record: BankRecord) -> String { record.time.isoText() }

@Suite("Statement parser: fixtures")
struct StatementFixtureTests {
    @Test func icbcUTF8WithPreambleAndTotals() throws {
        let statement = try StatementParser.parse(try fixture("icbc-utf8.csv"), accountNumber: nil)
        #expect(statement.mappingID == "icbc")
        #expect(statement.accountNumber == "1207012309000001234")
        #expect(statement.accountName == "某某县乡村振兴局（测试数据）")
        #expect(statement.records.count == 12)
        let first = statement.records[0]
        #expect(first == BankRecord(
            bankSerial: "ICBC20261103000101", fundSerial: "FS2026110300001", accountNumber: "1207012309000001234",
            counterpartyAccount: "1000000000000000001", counterpartyName: "某某省财政厅国库处", direction: .credit,
            amountFen: Fen(150_000_000), balanceFen: Fen(150_000_000),
            time: Timestamp(millisecondsSinceEpoch: 1_793_668_520_000), summary: "转账收入",
            remark: "资金流水号:FS2026110300001 省级衔接资金拨付"
        ))
        #expect(utc(first) == "2026-11-03T01:15:20Z")
        let records = statement.records
        #expect(records.map(\.fundSerial) == [
            "FS2026110300001", "FS2026110500002", "FS2026110600003", "FS2026110800004", nil, "FS2026111200005",
            "FS2026111500006", "HP20261118007", "FS2026112100001", nil, "FS2026112800009", nil,
        ])
        #expect(records.map(\.direction) == [.credit, .debit, .debit, .debit, .debit, .credit, .debit, .debit, .debit, .credit, .debit, .debit])
        #expect(records.map(\.amountFen.value) == [
            150_000_000, 20_000_000, 4_580_050, 1_200_000, 1_500, 8_000_000, 30_000_000, 123_456, 5_000_000, 35, 72_000_000, 200_000,
        ])
        #expect(records[8].bankSerial == "ICBC20261121000109")
        #expect(utc(records[8]) == "2026-11-21T02:22:33Z")
        #expect(records[3].counterpartyAccount == "6217000011112222333")
        #expect(records[4].counterpartyName == "" && records[4].counterpartyAccount == "")
        #expect(records[6].remark == "资金流水号:FS2026111500006\n易地搬迁后续扶持")
        #expect(records[11].remark == "工资,社保")
        #expect(records[11].balanceFen == Fen(24_895_029))
        #expect(utc(records[11]) == "2026-11-30T15:59:59Z")
    }

    @Test func ccbGB18030WithSeparateDateAndTime() throws {
        let statement = try StatementParser.parse(try fixture("ccb-gb18030.csv"), accountNumber: "4100-1234-5678-0000-042")
        #expect(statement.mappingID == "ccb")
        #expect(statement.accountNumber == "4100123456780000042")
        #expect(statement.accountName == "某某县财政局扶贫资金专户（测试数据）")
        let records = statement.records
        #expect(records.count == 6)
        #expect(records.map(\.counterpartyName) == [
            "某某县财政局", "刘䶮种植专业合作社", "𠀾家庄村民委员会", "王某", "中国建设银行某某县支行", "某某县乡村振兴局",
        ])
        #expect(records[2].counterpartyName.unicodeScalars.first?.value == 0x2003E)
        #expect(records.map(\.fundSerial) == [
            "FS2026110200011", "FS2026110400012", "FS2026110900013", "FS2026111600014", nil, "FS2026112600016",
        ])
        #expect(records[0].bankSerial == "CCB5100000000000001")
        #expect(records[0].direction == .credit && records[0].amountFen == Fen(60_000_000))
        #expect(utc(records[0]) == "2026-11-02T01:30:15Z")
        #expect(records[1].direction == .debit && records[1].amountFen == Fen(8_000_000))
        #expect(records[1].counterpartyAccount == "6228480000000000011")
        #expect(records[3].amountFen == Fen(120_000))
        #expect(records[4].amountFen == Fen(1_260) && records[4].counterpartyAccount == "")
        #expect(records[5].balanceFen == Fen(38_231_260))
    }

    @Test func gb18030FileMatchesItsUTF8Spelling() throws {
        let bytes = try fixture("ccb-gb18030.csv")
        let text = try #require(String(data: Data(bytes), encoding: String.Encoding(rawValue: 0x8000_0632)))
        let fromGB = try StatementParser.parse(bytes, accountNumber: nil, encoding: .gb18030)
        let fromUTF8 = try StatementParser.parse(Array(text.utf8), accountNumber: nil, encoding: .utf8)
        #expect(fromGB == fromUTF8)
        #expect(fromGB.records[1].counterpartyName.utf8.elementsEqual("刘䶮种植专业合作社".utf8))
        #expect(fromGB.records[2].counterpartyName.utf8.elementsEqual("𠀾家庄村民委员会".utf8))
    }

    @Test func gb18030FileIsNotUTF8() throws {
        let bytes = try fixture("ccb-gb18030.csv")
        #expect(throws: StatementImportFailure(problems: [StatementProblem(line: 0, column: nil, code: .undecodableText)])) {
            try StatementParser.parse(bytes, accountNumber: nil, encoding: .utf8)
        }
    }

    @Test func abcTabSeparatedSignedAmountsInUTC() throws {
        let statement = try StatementParser.parse(try fixture("abc-signed.csv"), accountNumber: nil)
        #expect(statement.mappingID == "abc")
        #expect(statement.accountNumber == "6228480000000000777")
        let records = statement.records
        #expect(records.count == 5)
        #expect(records.map(\.direction) == [.credit, .debit, .debit, .credit, .debit])
        #expect(records.map(\.amountFen.value) == [25_000_000, 1_860_000, 500_000, 100_000, 22_750_000])
        #expect(records.map(utc) == [
            "2026-11-01T01:30:00Z", "2026-11-03T06:20:00Z", "2026-11-10T07:45:00Z", "2026-11-21T02:22:33Z",
            "2026-11-29T00:00:00Z",
        ])
        #expect(records.map(\.fundSerial) == ["FS2026110100021", "FS2026110300022", "FS2026111000023", nil, "FS2026112900025"])
        #expect(records[4].balanceFen == Fen(-10_000))
        #expect(records[3].counterpartyAccount == "")
        #expect(records[2].counterpartyAccount == "6228480000000000888")
    }

    @Test func malformedFileReportsEveryBadLineAndReturnsNothing() throws {
        let bytes = try fixture("malformed.csv")
        var returned: BankStatement?
        var caught: StatementImportFailure?
        do { returned = try StatementParser.parse(bytes, accountNumber: nil) } catch { caught = error }
        #expect(returned == nil)
        let problems = try #require(caught).problems
        #expect(problems == [
            StatementProblem(line: 5, column: "交易日期", code: .invalidDate("2026-13-02")),
            StatementProblem(line: 6, column: "借方金额", code: .invalidAmount("12.345", .tooManyDecimalPlaces)),
            StatementProblem(line: 7, column: nil, code: .bothDebitAndCredit),
            StatementProblem(line: 8, column: nil, code: .neitherDebitNorCredit),
            StatementProblem(line: 9, column: "交易流水号", code: .duplicateBankSerial(firstLine: 4)),
            StatementProblem(line: 10, column: "交易时间", code: .invalidDate("25:00:00")),
            StatementProblem(line: 11, column: nil, code: .wrongFieldCount(expected: 9, found: 4)),
            StatementProblem(line: 12, column: "对方账号", code: .invalidAccountNumber("6.22E+18")),
            StatementProblem(line: 13, column: nil, code: .unterminatedQuote),
        ])
        for problem in problems {
            #expect(problem.message(.chinese).hasPrefix("第 \(problem.line) 行"))
            #expect(problem.message(.english).hasPrefix("Line \(problem.line)"))
        }
        let reason = MoneyTextError.tooManyDecimalPlaces.message(.chinese)
        #expect(problems[1].message(.chinese) == "第 6 行「借方金额」：金额格式不对（「12.345」：\(reason)）")
        #expect(problems[1].message(.english).hasPrefix("Line 6, column “借方金额”: the amount is not valid"))
    }
}

@Suite("Statement parser: rules")
struct StatementRuleTests {
    private let header = "交易时间,交易流水号,借方发生额,贷方发生额,余额,对方户名,对方账号,摘要,用途\n"

    @Test func timeFormats() throws {
        let offset = Timestamp.chinaStandardTimeOffsetMinutes
        let cases: [(String, String)] = [
            ("2026-11-21 10:22:33", "2026-11-21T02:22:33Z"),
            ("2026/11/21 10:22", "2026-11-21T02:22:00Z"),
            ("20261121 102233", "2026-11-21T02:22:33Z"),
            ("20261121102233", "2026-11-21T02:22:33Z"),
            ("2026年11月21日 10:22:33", "2026-11-21T02:22:33Z"),
            ("2026年11月21日10:22:33", "2026-11-21T02:22:33Z"),
            ("2026-11-21", "2026-11-20T16:00:00Z"),
            ("２０２６-１１-２１ １０:２２:３３", "2026-11-21T02:22:33Z"),
            ("2026-11-21T02:22:33Z", "2026-11-21T02:22:33Z"),
            ("2026-11-21T10:22:33+08:00", "2026-11-21T02:22:33Z"),
            ("2026-11-21 10:22:33+0800", "2026-11-21T02:22:33Z"),
            ("2026-11-21 10:22:33.250", "2026-11-21T02:22:33Z"),
        ]
        for (text, expected) in cases {
            #expect(StatementTime.timestamp(text, utcOffsetMinutes: offset)?.isoText() == expected, "\(text)")
        }
        #expect(StatementTime.timestamp("2026-11-21 10:22:33.250", utcOffsetMinutes: 0)?.millisecondsSinceEpoch == 1_795_256_553_250)
        for bad in ["2026-11-21 1\u{301}0:22", "2026-11-21 10:22:33.2\u{301}", "2026-02-30", "2026-11-21 24:00:00", "2026-11-21 10:60", "2026-11-21 10:22:33+15:00", "yesterday", "2026-11-21 1022333"] {
            #expect(StatementTime.timestamp(bad, utcOffsetMinutes: offset) == nil, "\(bad)")
        }
        #expect(StatementTime.timestamp(dateText: "20261121", timeText: "102233", utcOffsetMinutes: offset)?.isoText() == "2026-11-21T02:22:33Z")
        #expect(StatementTime.timestamp(dateText: "2026-11-21 00:00:00", timeText: "10:22:33", utcOffsetMinutes: offset)?.isoText() == "2026-11-21T02:22:33Z")
    }

    @Test func zoneFromPreambleAndDefault() throws {
        let body = header + "2026-11-21 10:22:33,S1,,1.00,1.00,甲,,,\n"
        for (line, expected) in [("时区: UTC\n", "2026-11-21T10:22:33Z"), ("Time zone: UTC+0\n", "2026-11-21T10:22:33Z"),
                                 ("时区：北京时间\n", "2026-11-21T02:22:33Z"), ("", "2026-11-21T02:22:33Z")] {
            let statement = try StatementParser.parse(Array((line + body).utf8), accountNumber: "1")
            #expect(statement.records.first.map(utc) == expected, "\(line)")
        }
        let later = try StatementParser.parse(Array(body.utf8), accountNumber: "1", defaultUTCOffsetMinutes: 0)
        #expect(later.records.first.map(utc) == "2026-11-21T10:22:33Z")
        #expect(failure("时区: Mars\n" + body)?.problems == [StatementProblem(line: 1, column: nil, code: .invalidTimeZone("Mars"))])
    }

    @Test func accountNumberRules() {
        let body = header + "2026-11-21,S1,,1.00,1.00,甲,,,\n"
        #expect(failure(body, accountNumber: nil)?.problems == [StatementProblem(line: 0, column: nil, code: .accountNumberMissing)])
        #expect(failure("账号:1234\n" + body, accountNumber: "5678")?.problems
            == [StatementProblem(line: 1, column: nil, code: .accountNumberMismatch(inFile: "1234", given: "5678"))])
        #expect(failure("账号:12-34\n" + body, accountNumber: "1234") == nil)
        #expect(failure(body, accountNumber: "6222\u{301}1")?.problems
            == [StatementProblem(line: 0, column: nil, code: .invalidAccountNumber("6222\u{301}1"))])
        #expect(failure(body, accountNumber: "6222****1234")?.problems
            == [StatementProblem(line: 0, column: nil, code: .invalidAccountNumber("6222****1234"))])
    }

    @Test func amountsSidesAndBalances() throws {
        let text = header + """
            2026-11-21,S1,"1,234.56",0.00,-100.00,甲,="6222 0000",,
            2026-11-21,S2,-,¥88.00,,乙,,,
            2026-11-21,S3,-5.00,,,丙,,,

            """
        #expect(failure(text)?.problems == [
            StatementProblem(line: 4, column: "借方发生额", code: .invalidAmount("-5.00", .negative)),
        ])
        let good = try StatementParser.parse(Array(String(text.split(separator: "\n").dropLast().joined(separator: "\n")).utf8), accountNumber: "1")
        #expect(good.records.map(\.amountFen) == [Fen(123_456), Fen(8_800)])
        #expect(good.records.map(\.direction) == [.debit, .credit])
        #expect(good.records.map(\.balanceFen) == [Fen(-10_000), nil])
        #expect(good.records[0].counterpartyAccount == "62220000")
    }

    @Test func signedAmountDirectionMarks() {
        let signedHeader = "交易日期,流水号,收支标志,交易金额\n"
        #expect(failure(signedHeader + "2026-11-21,S1,收,-5.00\n")?.problems
            == [StatementProblem(line: 2, column: "交易金额", code: .directionConflict(mark: "收", amount: "-5.00"))])
        #expect(failure(signedHeader + "2026-11-21,S1,转,5.00\n")?.problems
            == [StatementProblem(line: 2, column: "收支标志", code: .invalidDirection("转"))])
        #expect(failure(signedHeader + "2026-11-21,S1,收,0.00\n")?.problems
            == [StatementProblem(line: 2, column: nil, code: .neitherDebitNorCredit)])
        #expect(failure(signedHeader + "2026-11-21,S1,,-5.00\n2026-11-21,S2,贷,5.00\n2026-11-21,S3,D,5.00\n") == nil)
    }

    @Test func totalRowsPrintFootersAndRepeatedHeadersAreSkippedButOtherTrailersAreNot() {
        let body = header + "2026-11-21,S1,,1.00,1.00,甲,,,\n"
        for total in ["合计,,1.00,,,,,,", "总计：,,,,,,,,", "本页小计,,,,,,,,", ",共 1 笔,,,,,,,", "共12笔 合计1.00,,,,,,,,"] {
            #expect(failure(body + total + "\n") == nil, "\(total)")
        }
        for footer in ["打印时间:2026-12-01 08:00,,,,,,,,", "制表：张三,,,,,,,,", "经办 李四,,,,,,,,"] {
            #expect(failure(body + footer + "\n") == nil, "\(footer)")
        }
        #expect(failure(body + header + "2026-11-22,S2,,2.00,3.00,乙,,,\n") == nil, "the header repeated on page 2")
        #expect(failure(body + "第2页,,,,,,,,\n")?.problems.first?.code == .invalidDate("第2页"))
    }

    @Test func maskedCounterpartyAccountsAreKeptAsUnknown() throws {
        let text = header + "2026-11-21,S1,,1.00,1.00,甲,6222 **** **** 0009,,\n"
        let statement = try StatementParser.parse(Array(text.utf8), accountNumber: "6222000011112222333")
        #expect(statement.records.first?.counterpartyAccount == "")
        #expect(failure(header + "2026-11-21,S1,,1.00,1.00,甲,6222ab0009,,\n")?.problems.first?.code == .invalidAccountNumber("6222ab0009"))
    }

    @Test func tabSeparatedWithCommaAmountsBeforeAndAfterHeader() throws {
        let text = "账号:\t6222 1\n起止日期:\t2026-11-01,2026-11-30\n交易时间\t流水号\t交易金额\t收支标志\n2026-11-21\tS1\t1,234,567.89\t支\n"
        let statement = try StatementParser.parse(Array(text.utf8), accountNumber: nil)
        #expect(statement.accountNumber == "62221")
        #expect(statement.records.map(\.amountFen) == [Fen(123_456_789)])
    }

    @Test func missingColumnInTabSeparatedHeader() {
        #expect(failure("交易时间\t对方户名\t收支标志\t交易金额\n2026-11-21\t甲\t收\t1,000.00\n")?.problems
            == [StatementProblem(line: 1, column: nil, code: .missingColumn("交易流水号"))])
    }

    @Test func headerProblems() {
        #expect(failure("hello\nworld\n")?.problems == [StatementProblem(line: 0, column: nil, code: .headerNotFound)])
        #expect(failure("交易时间,对方户名,借方发生额,贷方发生额\n2026-11-21,甲,,1.00\n")?.problems
            == [StatementProblem(line: 1, column: nil, code: .missingColumn("凭证号"))])
        let late = String(repeating: "说明\n", count: 30) + header
        #expect(failure(late)?.problems == [StatementProblem(line: 0, column: nil, code: .headerNotFound)])
    }

    @Test func explicitMappingFromJSON() throws {
        let json = """
            {"id": "rcc", "displayName": "某农商银行", "dateTime": ["记账日期"], "bankSerial": ["柜员流水"],
             "signedAmount": ["发生金额"], "direction": ["方向"], "debitMarks": ["出账"], "creditMarks": ["入账"],
             "fundSerial": ["资金编号"]}
            """
        let mapping = try JSONDecoder().decode(BankColumnMapping.self, from: Data(json.utf8))
        #expect(mapping.remark.isEmpty && mapping.debit.isEmpty)
        let text = "记账日期,柜员流水,方向,发生金额,资金编号\n2026-11-21,R1,出账,9.99,FS-0001\n2026-11-21,R2,入账,1.00,\n"
        let statement = try StatementParser.parse(Array(text.utf8), accountNumber: "1", mapping: mapping)
        #expect(statement.mappingID == "rcc")
        #expect(statement.records.map(\.direction) == [.debit, .credit])
        #expect(statement.records.map(\.fundSerial) == ["FS-0001", nil])
        #expect(BankColumnMapping.detect(header: ["记账日期", "柜员流水", "方向", "发生金额"]) == nil)
        let encoded = try JSONEncoder().encode(BankColumnMapping.icbc)
        #expect(try JSONDecoder().decode(BankColumnMapping.self, from: encoded) == .icbc)
        #expect(failure("记账日期,柜员流水,方向,发生金额,资金编号\n2026-11-21,R1,出账,9.99,FS 1\n", mapping: mapping)?.problems
            == [StatementProblem(line: 2, column: "资金编号", code: .invalidFundSerial("FS 1"))])
    }

    @Test func presetDetection() {
        #expect(BankColumnMapping.detect(header: [" 交易时间 ", "凭证号", "借方发生额（支取）", "贷方发生额(收入)", "余额（元）"])?.id == "icbc")
        #expect(BankColumnMapping.detect(header: ["交易日期", "交易时间", "交易流水号", "借方发生额", "贷方发生额", "账户余额", "对方开户机构", "备注"])?.id == "ccb")
        #expect(BankColumnMapping.detect(header: ["交易时间", "交易流水号", "收支标志", "交易金额", "本次余额"])?.id == "abc")
        #expect(BankColumnMapping.detect(header: ["日期", "流水号", "支出金额", "收入金额", "资金流水号"])?.id == "generic")
        #expect(BankColumnMapping.detect(header: ["日期", "摘要"]) == nil)
    }

    @Test func textLimitsAndDuplicates() {
        let long = String(repeating: "扶", count: 171)
        #expect(failure(header + "2026-11-21,S1,,1.00,,\(long),,,\n")?.problems
            == [StatementProblem(line: 2, column: "对方户名", code: .fieldTooLong(bytes: 513))])
        #expect(failure(header + "2026-11-21,,,1.00,,甲,,,\n")?.problems
            == [StatementProblem(line: 2, column: "交易流水号", code: .missingValue)])
    }

    @Test func fileLevelLimits() {
        let huge = [UInt8](repeating: 0x20, count: StatementTextDecoding.statementBytesMax + 1)
        #expect(throws: StatementImportFailure(problems: [StatementProblem(line: 0, column: nil, code: .fileTooLarge(bytes: huge.count))])) {
            try StatementParser.parse(huge, accountNumber: "1")
        }
        #expect(throws: StatementImportFailure(problems: [StatementProblem(line: 0, column: nil, code: .undecodableText)])) {
            try StatementParser.parse([0xFF, 0xFE, 0x80, 0x80], accountNumber: "1")
        }
    }

    @Test func rowLimit() {
        let rows = String(repeating: "x\n", count: StatementParser.statementRowsMax + 1)
        #expect(failure(header + rows)?.problems == [StatementProblem(line: 0, column: nil, code: .tooManyRows)])
    }

    @Test func problemsStopAtTheCap() {
        let rows = (1...150).map { "bad,S\($0),,1.00,,甲,,,\n" }.joined()
        let problems = failure(header + rows)?.problems ?? []
        #expect(problems.count == StatementParser.problemsMax)
        #expect(problems.last?.line == 101)
    }

    @Test func everyMessageReadsInBothLanguages() {
        let codes: [StatementProblemCode] = [
            .fileTooLarge(bytes: 1), .undecodableText, .unterminatedQuote, .headerNotFound, .missingColumn("凭证号"),
            .accountNumberMissing, .accountNumberMismatch(inFile: "1", given: "2"), .invalidAccountNumber("x"),
            .invalidTimeZone("x"), .tooManyRows, .wrongFieldCount(expected: 9, found: 4), .missingValue, .invalidDate("x"),
            .invalidAmount("x", .invalidCharacter("x")), .invalidDirection("x"), .directionConflict(mark: "收", amount: "-1"),
            .bothDebitAndCredit, .neitherDebitNorCredit, .fieldTooLong(bytes: 600), .invalidFundSerial("x"),
            .duplicateBankSerial(firstLine: 3),
        ]
        for code in codes {
            for language in Language.allCases {
                #expect(!code.reason(language).isEmpty)
                #expect(!StatementProblem(line: 0, column: nil, code: code).message(language).isEmpty)
            }
            #expect(code.reason(.chinese) != code.reason(.english))
        }
        #expect(StatementProblem(line: 0, column: nil, code: .headerNotFound).message(.english).hasPrefix("no header"))
        #expect(StatementProblem(line: 3, column: "摘要", code: .missingValue).message(.chinese) == "第 3 行「摘要」：不能为空")
        #expect(StatementProblem(line: 3, column: "摘要", code: .missingValue).message(.english) == "Line 3, column “摘要”: must not be blank")
        let failure = StatementImportFailure(problems: [StatementProblem(line: 2, column: nil, code: .bothDebitAndCredit)] + [StatementProblem(line: 4, column: nil, code: .missingValue)])
        #expect(failure.message(.chinese).split(separator: "\n").count == 2)
    }
}

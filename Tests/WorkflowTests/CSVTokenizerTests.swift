import Testing
@testable import Workflow

@Suite("CSV tokenizer")
struct CSVTokenizerTests {
    private func table(_ text: String, _ delimiter: CSVDelimiter = .comma) -> CSVTable {
        CSVTokenizer.tokenize(text, delimiter: delimiter)
    }

    @Test func plainRecordsWithLineNumbers() {
        let result = table("a,b,c\n1,2,3\n")
        #expect(result.records == [CSVRecord(line: 1, fields: ["a", "b", "c"]), CSVRecord(line: 2, fields: ["1", "2", "3"])])
        #expect(result.unterminatedQuoteLine == nil)
    }

    @Test func quotedFieldsKeepDelimitersAndDoubledQuotes() {
        let result = table("\"1,234.56\",\"say \"\"hi\"\"\",\"\",plain\n")
        #expect(result.records.map(\.fields) == [["1,234.56", "say \"hi\"", "", "plain"]])
    }

    @Test func embeddedNewlinesAdvanceLineNumbers() {
        let result = table("h1,h2\r\n\"multi\r\nline\nremark\",x\r\nnext,row\r\n")
        #expect(result.records.map(\.line) == [1, 2, 5])
        #expect(result.records[1].fields == ["multi\nline\nremark", "x"])
        #expect(result.records[2].fields == ["next", "row"])
    }

    @Test func lineEndingsCRLFAndLFAndCROnly() {
        for separator in ["\r\n", "\n", "\r"] {
            let result = table(["a,b", "c,d", "e,f"].joined(separator: separator))
            #expect(result.records.map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"]], "separator \(separator.debugDescription)")
            #expect(result.records.map(\.line) == [1, 2, 3])
        }
    }

    @Test func carriageReturnInsideQuotesBecomesNewline() {
        let result = table("\"a\rb\",c\rd,e")
        #expect(result.records.map(\.fields) == [["a\nb", "c"], ["d", "e"]])
        #expect(result.records.map(\.line) == [1, 3])
    }

    @Test func byteOrderMarkIsDropped() {
        #expect(table("\u{FEFF}交易时间,摘要\n").records.first?.fields == ["交易时间", "摘要"])
    }

    @Test func blankLinesAreBlankRecordsAndNoTrailingEmptyRecord() {
        let result = table("a\n\n,,\nb\n")
        #expect(result.records.map(\.line) == [1, 2, 3, 4])
        #expect(result.records.map(\.isBlank) == [false, true, true, false])
    }

    @Test func unterminatedQuoteReportsItsLineAndKeepsEarlierRecords() {
        let result = table("a,b\nc,\"open\nstill open\n")
        #expect(result.records == [CSVRecord(line: 1, fields: ["a", "b"])])
        #expect(result.unterminatedQuoteLine == 2)
    }

    @Test func textAfterClosingQuoteIsKept() {
        #expect(table("\"abc\"def,x").records.first?.fields == ["abcdef", "x"])
    }

    @Test func quoteInsideUnquotedFieldIsLiteral() {
        #expect(table("ab\"c,=\"123\"").records.first?.fields == ["ab\"c", "=\"123\""])
    }

    @Test func delimiterDetection() {
        #expect(CSVTokenizer.detectDelimiter(headerLine: "交易时间\t金额\t余额") == .tab)
        #expect(CSVTokenizer.detectDelimiter(headerLine: "交易时间,金额,余额") == .comma)
        #expect(CSVTokenizer.detectDelimiter(headerLine: "\"交易\t时间\",\"金\t额\",余额") == .comma)
        #expect(CSVTokenizer.detectDelimiter(headerLine: "交易时间，金额，余额") == .comma)
        let tabbed = table("a\tb,c\t\"d\te\"\n", .tab)
        #expect(tabbed.records.first?.fields == ["a", "b,c", "d\te"])
    }

    @Test func fullWidthCommaIsNotADelimiter() {
        #expect(table("工资，社保,x\n").records.first?.fields == ["工资，社保", "x"])
    }
}

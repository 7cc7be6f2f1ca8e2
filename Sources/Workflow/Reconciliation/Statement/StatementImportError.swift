/// What is wrong with one place in a statement file.
public enum StatementProblemCode: Equatable, Sendable {
    /// The file is larger than `StatementTextDecoding.statementBytesMax`.
    case fileTooLarge(bytes: Int)
    /// The bytes are neither valid UTF-8 nor valid GB18030 (or not the encoding chosen).
    case undecodableText
    /// A quoted field opened on this line never closes.
    case unterminatedQuote
    /// No row in the first `StatementParser.headerSearchLinesMax` lines is a known header.
    case headerNotFound
    /// The header row lacks a column the mapping needs (named by its first accepted name).
    case missingColumn(String)
    /// Neither the caller nor the file's preamble gives the statement's account number.
    case accountNumberMissing
    /// The preamble's account number differs from the one the caller gave.
    case accountNumberMismatch(inFile: String, given: String)
    /// An account number holds something besides digits, spaces and "-" (masked with "*",
    /// or mangled by a spreadsheet into "6.22E+18").
    case invalidAccountNumber(String)
    /// A time zone line in the preamble that is not "UTC", "UTC+8", "GMT+08:00" or "北京时间".
    case invalidTimeZone(String)
    /// More data rows than `StatementParser.statementRowsMax`.
    case tooManyRows
    /// A data row with a different number of fields than the header.
    case wrongFieldCount(expected: Int, found: Int)
    /// A cell that must have a value is blank.
    case missingValue
    /// A date or time that cannot be read or does not exist.
    case invalidDate(String)
    /// An amount or balance that cannot be read.
    case invalidAmount(String, MoneyTextError)
    /// A direction mark (收支标志 / 借贷标志) that is neither debit nor credit.
    case invalidDirection(String)
    /// A signed amount whose sign contradicts the direction mark ("收" with "-100.00").
    case directionConflict(mark: String, amount: String)
    /// Both the debit and the credit cell hold a non-zero amount.
    case bothDebitAndCredit
    /// Neither the debit nor the credit cell (nor a signed amount) holds a non-zero amount.
    case neitherDebitNorCredit
    /// A text field longer than `BankRecord.textBytesMax` UTF-8 bytes.
    case fieldTooLong(bytes: Int)
    /// A dedicated fund serial cell that is not a well-formed `FundSerialNumber`.
    case invalidFundSerial(String)
    /// The bank serial number already appeared on `firstLine`.
    case duplicateBankSerial(firstLine: Int)
}

/// One problem in a statement file, where it is, and what it is.
public struct StatementProblem: Error, Equatable, Sendable {
    /// The 1-based physical line, or 0 for a problem with the whole file.
    public var line: Int
    /// The header name of the column, as it appears in the file, if the problem is in a cell.
    public var column: String?
    /// What is wrong.
    public var code: StatementProblemCode

    /// Creates a problem.
    public init(line: Int, column: String?, code: StatementProblemCode) {
        self.line = line
        self.column = column
        self.code = code
    }

    /// The problem in `language`, naming the line and column: "第 12 行「借方发生额」：金额格式不对（…）".
    public func message(_ language: Language) -> String {
        var place = ""
        if line > 0 { place = language.pick("第 \(line) 行", "Line \(line)") }
        if let column {
            place += language.pick("「\(column)」", place.isEmpty ? "Column “\(column)”" : ", column “\(column)”")
        }
        let reason = code.reason(language)
        guard !place.isEmpty else { return reason }
        return place + language.pick("：", ": ") + reason
    }
}

extension StatementProblemCode {
    /// The reason alone, without line or column, in `language`.
    func reason(_ language: Language) -> String {
        let bytesMax = StatementTextDecoding.statementBytesMax, textMax = BankRecord.textBytesMax
        let headerLines = StatementParser.headerSearchLinesMax, rowsMax = StatementParser.statementRowsMax
        return switch self {
        case .fileTooLarge(let bytes):
            language.pick("文件太大（\(bytes) 字节，上限 \(bytesMax) 字节）", "the file is too large (\(bytes) bytes, limit \(bytesMax))")
        case .undecodableText:
            language.pick("无法识别文件编码（不是 UTF-8 或 GB18030）", "the text is neither UTF-8 nor GB18030")
        case .unterminatedQuote:
            language.pick("引号没有闭合", "a quoted field is never closed")
        case .headerNotFound:
            language.pick("前 \(headerLines) 行中找不到表头（交易时间、流水号、金额等列）",
                          "no header row (time, serial, amount columns) in the first \(headerLines) lines")
        case .missingColumn(let name):
            language.pick("表头缺少「\(name)」列", "the header has no “\(name)” column")
        case .accountNumberMissing:
            language.pick("没有本方账号：文件抬头里没有，也没有另行指定", "no account number: none in the file's preamble and none given")
        case .accountNumberMismatch(let inFile, let given):
            language.pick("文件中的账号 \(inFile) 与指定的账号 \(given) 不一致", "the file's account \(inFile) differs from the given \(given)")
        case .invalidAccountNumber(let text):
            language.pick("账号「\(text)」只能包含数字", "account number “\(text)” must be digits only")
        case .invalidTimeZone(let text):
            language.pick("无法识别时区「\(text)」", "unknown time zone “\(text)”")
        case .tooManyRows:
            language.pick("交易超过 \(rowsMax) 行", "more than \(rowsMax) transaction rows")
        case .wrongFieldCount(let expected, let found):
            language.pick("应有 \(expected) 列，实有 \(found) 列", "expected \(expected) fields, found \(found)")
        case .missingValue:
            language.pick("不能为空", "must not be blank")
        case .invalidDate(let text):
            language.pick("日期时间「\(text)」格式不对", "date or time “\(text)” is not valid")
        case .invalidAmount(let text, let error):
            language.pick("金额格式不对（「\(text)」：\(error.message(language))）",
                          "the amount is not valid (“\(text)”: \(error.message(language)))")
        case .invalidDirection(let text):
            language.pick("收支方向「\(text)」无法识别", "direction “\(text)” is neither debit nor credit")
        case .directionConflict(let mark, let amount):
            language.pick("收支方向「\(mark)」与金额「\(amount)」的正负不符", "direction “\(mark)” contradicts the sign of “\(amount)”")
        case .bothDebitAndCredit:
            language.pick("借方和贷方都有金额", "both the debit and the credit amount are filled in")
        case .neitherDebitNorCredit:
            language.pick("借方和贷方都没有金额", "neither a debit nor a credit amount")
        case .fieldTooLong(let bytes):
            language.pick("内容太长（\(bytes) 字节，上限 \(textMax) 字节）", "too long (\(bytes) bytes, limit \(textMax))")
        case .invalidFundSerial(let text):
            language.pick("资金流水号「\(text)」格式不对", "fund serial number “\(text)” is not well-formed")
        case .duplicateBankSerial(let firstLine):
            language.pick("流水号与第 \(firstLine) 行重复", "the bank serial repeats line \(firstLine)")
        }
    }
}

/// A statement that was not imported, with every problem found (up to
/// `StatementParser.problemsMax`), in line order. Nothing of the file is kept.
public struct StatementImportFailure: Error, Equatable, Sendable {
    /// The problems, in the order found.
    public var problems: [StatementProblem]

    /// Wraps the problems.
    public init(problems: [StatementProblem]) { self.problems = problems }

    /// Every problem's message in `language`, one per line.
    public func message(_ language: Language) -> String {
        problems.map { $0.message(language) }.joined(separator: "\n")
    }
}

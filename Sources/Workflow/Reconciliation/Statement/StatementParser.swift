/// One bank account's statement, read from an export file.
public struct BankStatement: Sendable, Equatable {
    /// The statement's account (normalised digits).
    public var accountNumber: String
    /// The account holder as the file's preamble names it (户名), if it does.
    public var accountName: String?
    /// The transactions, in file order.
    public var records: [BankRecord]
    /// The `BankColumnMapping.id` the file was read with.
    public var mappingID: String

    /// Creates a statement.
    public init(accountNumber: String, accountName: String?, records: [BankRecord], mappingID: String) {
        self.accountNumber = accountNumber
        self.accountName = accountName
        self.records = records
        self.mappingID = mappingID
    }
}

/// Reads Chinese bank statement exports (对账单 / 交易流水, CSV or tab-separated, UTF-8 or
/// GB18030) into `BankRecord`s, all or nothing: any problem fails the whole file and every
/// problem found is reported with its line and column.
public enum StatementParser {
    /// The most data rows a statement may have.
    public static let statementRowsMax = 1_000_000
    /// The header row must start within this many physical lines; lines before it are the
    /// preamble (账号, 户名, 起止日期, 币种, 时区...).
    public static let headerSearchLinesMax = 30
    /// Reporting stops after this many problems.
    public static let problemsMax = 100

    /// Parses a statement file.
    ///
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - accountNumber: the statement's account; nil to take it from the preamble (账号).
    ///     When both exist they must agree.
    ///   - mapping: the column layout; nil to detect one of `BankColumnMapping.presets`.
    ///   - encoding: the text encoding; `.automatic` tries UTF-8, then GB18030.
    ///   - defaultUTCOffsetMinutes: the zone of times that carry none, unless the preamble
    ///     has a 时区 / Time zone line; China Standard Time by default.
    public static func parse(
        _ bytes: [UInt8], accountNumber: String?, mapping: BankColumnMapping? = nil,
        encoding: StatementEncoding = .automatic,
        defaultUTCOffsetMinutes: Int = Timestamp.chinaStandardTimeOffsetMinutes
    ) throws(StatementImportFailure) -> BankStatement {
        let text: String
        do { text = try StatementTextDecoding.decode(bytes, encoding: encoding) } catch {
            throw StatementImportFailure(problems: [error])
        }
        let delimiter = detectDelimiter(in: text, candidates: mapping.map { [$0] } ?? BankColumnMapping.presets)
        let table = CSVTokenizer.tokenize(text, delimiter: delimiter)
        var log = ProblemLog()
        guard let header = findHeader(in: table.records, mapping: mapping, log: &log) else {
            log.addUnterminatedQuote(table)
            throw StatementImportFailure(problems: log.problems)
        }
        let rows = table.records[(header.recordIndex + 1)...].filter { !$0.isBlank }
        guard rows.count <= statementRowsMax else {
            throw StatementImportFailure(problems: [StatementProblem(line: 0, column: nil, code: .tooManyRows)])
        }
        let preamble = Preamble(records: table.records[..<header.recordIndex], log: &log)
        let account = resolveAccount(given: accountNumber, preamble: preamble, log: &log)
        var reader = RowReader(
            columns: header.columns, mapping: header.mapping, fieldCount: header.fieldCount,
            headerCells: table.records[header.recordIndex].fields.map(\.trimmingWhitespace),
            accountNumber: account ?? "",
            utcOffsetMinutes: preamble.utcOffsetMinutes ?? defaultUTCOffsetMinutes
        )
        let records = reader.read(rows, log: &log)
        log.addUnterminatedQuote(table)
        guard log.problems.isEmpty, let account else { throw StatementImportFailure(problems: log.problems) }
        return BankStatement(
            accountNumber: account, accountName: preamble.accountName, records: records, mappingID: header.mapping.id
        )
    }

    /// How many known columns make an incomplete row worth reporting as a header with
    /// missing columns rather than as no header at all.
    private static let headerLikeColumnsMin = 3

    /// The header row found in a file, and how to read the rows under it.
    private struct Header {
        let recordIndex: Int
        let mapping: BankColumnMapping
        let columns: ResolvedColumns
        /// Fields up to the last non-blank header cell; data rows may add blank fields only.
        let fieldCount: Int
    }

    /// The delimiter of the first of the first `headerSearchLinesMax` lines that is a header
    /// row for one of `candidates`; failing that, of the line with the most fields (so that
    /// a header with a missing column is still split right and reported as such).
    private static func detectDelimiter(in text: String, candidates: [BankColumnMapping]) -> CSVDelimiter {
        var widest: (fieldCount: Int, delimiter: CSVDelimiter) = (0, .comma)
        var lineStart = text.startIndex
        for _ in 0..<headerSearchLinesMax where lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(where: \.isNewline) ?? text.endIndex
            let line = String(text[lineStart..<lineEnd])
            lineStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
            let delimiter = CSVTokenizer.detectDelimiter(headerLine: line)
            let fields = CSVTokenizer.tokenize(line, delimiter: delimiter).records.first?.fields ?? []
            if candidates.contains(where: { $0.resolve(header: fields).columns != nil }) { return delimiter }
            if fields.count > widest.fieldCount { widest = (fields.count, delimiter) }
        }
        return widest.delimiter
    }

    /// The first record within `headerSearchLinesMax` lines that `mapping` (or the best
    /// preset) fully resolves. When there is none, reports the columns missing from the most
    /// header-like row (one matching at least `headerLikeColumnsMin` known columns), or
    /// `.headerNotFound` if no row looks like a header.
    private static func findHeader(
        in records: [CSVRecord], mapping: BankColumnMapping?, log: inout ProblemLog
    ) -> Header? {
        let candidates = mapping.map { [$0] } ?? BankColumnMapping.presets
        var closest: (line: Int, resolution: ColumnResolution)?
        for (index, record) in records.enumerated() where record.line <= headerSearchLinesMax && !record.isBlank {
            var best: (mapping: BankColumnMapping, resolution: ColumnResolution)?
            for candidate in candidates {
                let resolution = candidate.resolve(header: record.fields)
                if resolution.columns == nil {
                    if resolution.matchedCount >= max(headerLikeColumnsMin, (closest?.resolution.matchedCount ?? 0) + 1) {
                        closest = (record.line, resolution)
                    }
                } else if resolution.matchedCount > (best?.resolution.matchedCount ?? 0) {
                    best = (candidate, resolution)
                }
            }
            if let best, let columns = best.resolution.columns {
                let fieldCount = (record.fields.lastIndex(where: { !$0.trimmingWhitespace.isEmpty }) ?? 0) + 1
                return Header(recordIndex: index, mapping: best.mapping, columns: columns, fieldCount: fieldCount)
            }
        }
        if let closest {
            for name in closest.resolution.missing { log.add(line: closest.line, column: nil, .missingColumn(name)) }
        } else {
            log.add(line: 0, column: nil, .headerNotFound)
        }
        return nil
    }

    /// The statement's account: the given one, else the preamble's; they must agree.
    private static func resolveAccount(given: String?, preamble: Preamble, log: inout ProblemLog) -> String? {
        var givenAccount: String?
        if let given { givenAccount = checkedAccountNumber(given, line: 0, log: &log) }
        var fileAccount: String?
        if let (text, line) = preamble.accountNumber {
            fileAccount = checkedAccountNumber(text, line: line, log: &log)
            if let givenAccount, let fileAccount, givenAccount != fileAccount {
                log.add(line: line, column: nil, .accountNumberMismatch(inFile: fileAccount, given: givenAccount))
            }
        }
        if given == nil, preamble.accountNumber == nil { log.add(line: 0, column: nil, .accountNumberMissing) }
        return givenAccount ?? fileAccount
    }

    /// The normalised account number, or nil after reporting it as invalid (or blank).
    private static func checkedAccountNumber(_ text: String, line: Int, log: inout ProblemLog) -> String? {
        guard let digits = normalizedAccountNumber(text), !digits.isEmpty else {
            log.add(line: line, column: nil, .invalidAccountNumber(text))
            return nil
        }
        guard digits.utf8.count <= BankRecord.textBytesMax else {
            log.add(line: line, column: nil, .fieldTooLong(bytes: digits.utf8.count))
            return nil
        }
        return digits
    }

    /// An account number as digits only, without spaces and "-"; "" for a blank one; nil
    /// when anything else is in it (a spreadsheet's "6.2E+18").
    /// Whether `text` is an account number with its middle masked: digits and at least one "*".
    static func isMaskedAccountNumber(_ text: String) -> Bool {
        let folded = text.foldingFullWidth.filter { $0 != "-" && !$0.isWhitespace }
        return folded.contains("*") && folded.allSatisfy { $0 == "*" || $0.isSingleASCIIDigit }
    }

    static func normalizedAccountNumber(_ text: String) -> String? {
        let digits = text.foldingFullWidth.filter { $0 != "-" && !$0.isWhitespace }
        return digits.allSatisfy(\.isSingleASCIIDigit) ? digits : nil
    }
}

/// The problems found so far, capped at `StatementParser.problemsMax`.
struct ProblemLog {
    private(set) var problems: [StatementProblem] = []

    /// Whether the cap is reached; later problems are dropped.
    var isFull: Bool { problems.count >= StatementParser.problemsMax }

    /// Records a problem unless the log is full.
    mutating func add(line: Int, column: String?, _ code: StatementProblemCode) {
        guard !isFull else { return }
        problems.append(StatementProblem(line: line, column: column, code: code))
    }

    /// Records the table's unterminated quote, if it has one.
    mutating func addUnterminatedQuote(_ table: CSVTable) {
        if let line = table.unterminatedQuoteLine { add(line: line, column: nil, .unterminatedQuote) }
    }
}

/// What the lines before the header row say: "账号: 6222...", "户名: ...", "时区: UTC".
/// A line holds "key: value" in one cell, or the key and the value in adjacent cells.
struct Preamble {
    /// The account number as written, and its line.
    private(set) var accountNumber: (text: String, line: Int)?
    /// The account holder's name.
    private(set) var accountName: String?
    /// The zone of the file's times, when a 时区 / Time zone line names one.
    private(set) var utcOffsetMinutes: Int?

    static let accountKeys: Set<String> = ["账号", "帐号", "账户", "帐户", "查询账号", "本方账号", "账户账号", "account", "accountnumber", "accountno"]
    static let nameKeys: Set<String> = ["户名", "账户名称", "帐户名称", "账户名", "本方户名", "单位名称", "客户名称", "accountname"]
    static let zoneKeys: Set<String> = ["时区", "timezone"]

    /// Reads the preamble records, reporting a time zone it cannot read.
    init(records: ArraySlice<CSVRecord>, log: inout ProblemLog) {
        for record in records {
            for (key, value) in Self.pairs(record.fields) where !value.isEmpty {
                if Self.accountKeys.contains(key), accountNumber == nil {
                    accountNumber = (value, record.line)
                } else if Self.nameKeys.contains(key), accountName == nil {
                    accountName = value
                } else if Self.zoneKeys.contains(key) {
                    utcOffsetMinutes = StatementTime.zoneOffsetMinutes(value)
                    if utcOffsetMinutes == nil { log.add(line: record.line, column: nil, .invalidTimeZone(value)) }
                }
            }
        }
    }

    /// The key-value pairs of one line; keys folded, lower-cased, without spaces and dots.
    static func pairs(_ fields: [String]) -> [(key: String, value: String)] {
        let cells = fields.map(\.trimmingWhitespace).filter { !$0.isEmpty }
        var pairs: [(key: String, value: String)] = []
        var index = 0
        while index < cells.count {
            let cell = cells[index]
            index += 1
            var key = cell
            var value = ""
            if let colon = cell.firstIndex(where: { $0 == ":" || $0 == "：" }) {
                key = String(cell[..<colon])
                value = String(cell[cell.index(after: colon)...]).trimmingWhitespace
            }
            if value.isEmpty, index < cells.count, !cells[index].contains(where: { $0 == ":" || $0 == "：" }) {
                value = cells[index]
                index += 1
            }
            let normalizedKey = key.foldingFullWidth.lowercased().filter { !$0.isWhitespace && $0 != "." }
            pairs.append((normalizedKey, value))
        }
        return pairs
    }
}

/// Times as banks write them: "2026-11-21 10:22:33", "2026/11/21 10:22", "20261121 102233",
/// "2026年11月21日 10:22:33", a date alone (midnight), ISO "2026-11-21T02:22:33Z" or with
/// "+08:00"; full-width digits folded. A time without a zone is in the statement's zone.
enum StatementTime {
    /// The instant a date-and-time (or date) cell names, or nil.
    static func timestamp(_ text: String, utcOffsetMinutes: Int) -> Timestamp? {
        let (datePart, clockPart) = splitDateTime(text)
        guard let date = CalendarDate(parsing: datePart) else { return nil }
        return timestamp(date: date, clock: clockPart, utcOffsetMinutes: utcOffsetMinutes)
    }

    /// The instant of a date cell and a separate time cell ("10:22:33", "102233"). A time
    /// cell that carries its own date ("2026-11-21 10:22:33") is read on its own.
    static func timestamp(dateText: String, timeText: String, utcOffsetMinutes: Int) -> Timestamp? {
        if !splitDateTime(timeText).clock.isEmpty { return timestamp(timeText, utcOffsetMinutes: utcOffsetMinutes) }
        guard let date = CalendarDate(parsing: splitDateTime(dateText).date) else { return nil }
        return timestamp(date: date, clock: timeText.trimmingWhitespace.foldingFullWidth, utcOffsetMinutes: utcOffsetMinutes)
    }

    /// The date part and the clock part (empty for a date alone) of a cell.
    static func splitDateTime(_ text: String) -> (date: String, clock: String) {
        let folded = text.trimmingWhitespace.foldingFullWidth
        if let gap = folded.firstIndex(where: { $0 == " " || $0 == "T" }) {
            return (String(folded[..<gap]), String(folded[folded.index(after: gap)...]).trimmingWhitespace)
        }
        if let dayMark = folded.firstIndex(of: "日") {
            return (String(folded[...dayMark]), String(folded[folded.index(after: dayMark)...]))
        }
        if folded.count == 14, folded.allSatisfy(\.isSingleASCIIDigit) {
            return (String(folded.prefix(8)), String(folded.suffix(6)))
        }
        return (folded, "")
    }

    /// The instant at `clock` ("10:22", "10:22:33", "10:22:33.250", "102233", "1022",
    /// optionally ending in "Z" or an offset such as "+08:00") on `date`.
    static func timestamp(date: CalendarDate, clock: String, utcOffsetMinutes: Int) -> Timestamp? {
        var body = Substring(clock)
        var offsetMinutes = utcOffsetMinutes
        if body.hasSuffix("Z") {
            offsetMinutes = 0
            body = body.dropLast()
        } else if let sign = body.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            guard let zone = Self.offsetMinutes(body[sign...]) else { return nil }
            offsetMinutes = zone
            body = body[..<sign]
        }
        var milliseconds: Int64 = 0
        if let dot = body.firstIndex(of: ".") {
            let fraction = body[body.index(after: dot)...]
            guard (1...9).contains(fraction.count), fraction.allSatisfy(\.isSingleASCIIDigit) else { return nil }
            milliseconds = Int64(String(fraction.prefix(3)).padding(toLength: 3, withPad: "0", startingAt: 0)) ?? 0
            body = body[..<dot]
        }
        guard let (hour, minute, second) = clockFields(body) else { return nil }
        let instant = Timestamp(date: date, hour: hour, minute: minute, second: second, utcOffsetMinutes: offsetMinutes)
        return instant.map { Timestamp(millisecondsSinceEpoch: $0.millisecondsSinceEpoch + milliseconds) }
    }

    /// Hour, minute and second of "10:22", "10:22:33", "1022", "102233"; midnight for "".
    private static func clockFields(_ text: Substring) -> (Int, Int, Int)? {
        guard !text.isEmpty else { return (0, 0, 0) }
        let parts: [Substring]
        if text.contains(":") {
            parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.allSatisfy({ (1...2).contains($0.count) }) else { return nil }
        } else {
            guard text.count == 4 || text.count == 6 else { return nil }
            parts = stride(from: 0, to: text.count, by: 2).map { text.dropFirst($0).prefix(2) }
        }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isSingleASCIIDigit) }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count else { return nil }
        return (numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : 0)
    }

    /// Minutes east of UTC for "+08:00", "+0800", "+08", "+8", "-05:30"; nil otherwise.
    static func offsetMinutes(_ text: Substring) -> Int? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let body = text.dropFirst()
        let hoursText: Substring
        let minutesText: Substring
        if let colon = body.firstIndex(of: ":") {
            (hoursText, minutesText) = (body[..<colon], body[body.index(after: colon)...])
        } else if body.count == 4 {
            (hoursText, minutesText) = (body.prefix(2), body.suffix(2))
        } else {
            (hoursText, minutesText) = (body, "00")
        }
        guard (1...2).contains(hoursText.count), minutesText.count == 2,
              (hoursText + minutesText).allSatisfy(\.isSingleASCIIDigit),
              let hours = Int(hoursText), let minutes = Int(minutesText), minutes < 60, hours * 60 + minutes <= 14 * 60 else {
            return nil
        }
        return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
    }

    /// Minutes east of UTC for a preamble's zone: "UTC", "GMT", "UTC+0", "UTC+8",
    /// "GMT+08:00", "+08:00", "北京时间", "Asia/Shanghai"; nil otherwise.
    static func zoneOffsetMinutes(_ text: String) -> Int? {
        let zone = text.foldingFullWidth.uppercased().filter { !$0.isWhitespace }
        if ["北京时间", "中国标准时间", "ASIA/SHANGHAI"].contains(zone) { return Timestamp.chinaStandardTimeOffsetMinutes }
        for prefix in ["UTC", "GMT"] where zone.hasPrefix(prefix) {
            let rest = zone.dropFirst(prefix.count)
            return rest.isEmpty ? 0 : offsetMinutes(rest)
        }
        return offsetMinutes(Substring(zone))
    }
}

/// Reads the data rows under a header into records, reporting every problem.
struct RowReader {
    let columns: ResolvedColumns
    let mapping: BankColumnMapping
    let fieldCount: Int
    /// The header row's cells, trimmed, to recognise the header repeated on later pages.
    let headerCells: [String]
    let accountNumber: String
    let utcOffsetMinutes: Int
    /// The line on which each bank serial number first appeared.
    private var firstLineOfSerial: [String: Int] = [:]

    init(columns: ResolvedColumns, mapping: BankColumnMapping, fieldCount: Int, headerCells: [String], accountNumber: String,
         utcOffsetMinutes: Int) {
        self.columns = columns
        self.mapping = mapping
        self.fieldCount = fieldCount
        self.headerCells = headerCells
        self.accountNumber = accountNumber
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// The records of `rows` (blank rows already dropped), skipping total rows.
    mutating func read(_ rows: [CSVRecord], log: inout ProblemLog) -> [BankRecord] {
        var records: [BankRecord] = []
        records.reserveCapacity(rows.count)
        for row in rows {
            guard !log.isFull else { break }
            guard !Self.isTotalRow(row), !Self.isFooterRow(row), !isRepeatedHeader(row) else { continue }
            let extra = row.fields.dropFirst(fieldCount)
            guard row.fields.count >= fieldCount, extra.allSatisfy({ $0.trimmingWhitespace.isEmpty }) else {
                log.add(line: row.line, column: nil, .wrongFieldCount(expected: fieldCount, found: row.fields.count))
                continue
            }
            var cells = RowCells(record: row)
            let record = readRecord(&cells)
            let serial = cells.text(columns.bankSerial)
            if !serial.isEmpty {
                if let firstLine = firstLineOfSerial[serial] {
                    cells.report(columns.bankSerial, .duplicateBankSerial(firstLine: firstLine))
                } else {
                    firstLineOfSerial[serial] = row.line
                }
            }
            for problem in cells.problems { log.add(line: problem.line, column: problem.column, problem.code) }
            if let record, cells.problems.isEmpty { records.append(record) }
        }
        return records
    }

    /// Whether a row is a printing footer: its first non-blank cell starts with 打印时间,
    /// 打印日期, 打印人, 制表, 经办, 复核 or 主管 (what banks print under multi-page exports).
    static func isFooterRow(_ row: CSVRecord) -> Bool {
        guard let first = row.fields.first(where: { !$0.trimmingWhitespace.isEmpty }) else { return false }
        let text = first.foldingFullWidth.filter { !$0.isWhitespace }
        return ["打印时间", "打印日期", "打印人", "制表", "经办", "复核", "主管"].contains { text.hasPrefix($0) }
    }

    /// Whether a row repeats the header row (multi-page exports print it on every page).
    func isRepeatedHeader(_ row: CSVRecord) -> Bool {
        row.fields.map(\.trimmingWhitespace) == headerCells
    }

    /// Whether a row is a total the bank appends: its first non-blank cell starts with 合计,
    /// 总计 or 本页小计, or reads 共N笔. Nothing else is skipped.
    static func isTotalRow(_ row: CSVRecord) -> Bool {
        guard let first = row.fields.first(where: { !$0.trimmingWhitespace.isEmpty }) else { return false }
        let text = first.foldingFullWidth.filter { !$0.isWhitespace }
        if ["合计", "总计", "本页小计"].contains(where: { text.hasPrefix($0) }) { return true }
        guard text.hasPrefix("共") else { return false }
        let count = text.dropFirst().prefix(while: \.isSingleASCIIDigit)
        return !count.isEmpty && text.dropFirst(1 + count.count).hasPrefix("笔")
    }

    /// One row's record, or nil when `cells` gathered a problem.
    private func readRecord(_ cells: inout RowCells) -> BankRecord? {
        let time = readTime(&cells)
        let serial = readText(columns.bankSerial, &cells)
        if serial.isEmpty { cells.report(columns.bankSerial, .missingValue) }
        let movement = readMovement(&cells)
        let balance = columns.balance.flatMap { readAmount($0, allowNegative: true, &cells) }
        let counterpartyName = readText(columns.counterpartyName, &cells)
        let counterpartyAccount = readCounterpartyAccount(&cells)
        let summary = readText(columns.summary, &cells)
        let remark = readText(columns.remark, &cells)
        let fundSerial = readFundSerial(&cells, remark: remark, summary: summary)
        guard cells.problems.isEmpty, let time, let movement else { return nil }
        return BankRecord(
            bankSerial: serial, fundSerial: fundSerial, accountNumber: accountNumber,
            counterpartyAccount: counterpartyAccount, counterpartyName: counterpartyName,
            direction: movement.direction, amountFen: movement.amount, balanceFen: balance, time: time,
            summary: summary, remark: remark
        )
    }

    /// The booking time from one date-and-time column or a date and a time column.
    private func readTime(_ cells: inout RowCells) -> Timestamp? {
        switch columns.time {
        case .combined(let column):
            let text = cells.text(column)
            guard !text.isEmpty else { return cells.fail(column, .missingValue) }
            guard let time = StatementTime.timestamp(text, utcOffsetMinutes: utcOffsetMinutes) else {
                return cells.fail(column, .invalidDate(text))
            }
            return time
        case .separate(let dateColumn, let timeColumn):
            let dateText = cells.text(dateColumn)
            let timeText = cells.text(timeColumn)
            guard !dateText.isEmpty else { return cells.fail(dateColumn, .missingValue) }
            guard !timeText.isEmpty else { return cells.fail(timeColumn, .missingValue) }
            guard CalendarDate(parsing: StatementTime.splitDateTime(dateText).date) != nil else {
                return cells.fail(dateColumn, .invalidDate(dateText))
            }
            let time = StatementTime.timestamp(dateText: dateText, timeText: timeText, utcOffsetMinutes: utcOffsetMinutes)
            guard let time else { return cells.fail(timeColumn, .invalidDate(timeText)) }
            return time
        }
    }

    /// The direction and the positive amount moved.
    private func readMovement(_ cells: inout RowCells) -> (direction: BankRecord.Direction, amount: Fen)? {
        switch columns.amounts {
        case .debitCredit(let debitColumn, let creditColumn):
            let problemsBefore = cells.problems.count
            let debit = readAmount(debitColumn, allowNegative: false, &cells).flatMap { $0 == .zero ? nil : $0 }
            let credit = readAmount(creditColumn, allowNegative: false, &cells).flatMap { $0 == .zero ? nil : $0 }
            guard cells.problems.count == problemsBefore else { return nil }
            switch (debit, credit) {
            case (let debit?, nil): return (.debit, debit)
            case (nil, let credit?): return (.credit, credit)
            case (_?, _?): return cells.fail(nil, .bothDebitAndCredit)
            case (nil, nil): return cells.fail(nil, .neitherDebitNorCredit)
            }
        case .signed(let amountColumn, let directionColumn):
            return readSignedMovement(amountColumn, directionColumn, &cells)
        }
    }

    /// A signed amount, its direction taken from the mark if there is one, else its sign.
    private func readSignedMovement(
        _ amountColumn: StatementColumn, _ directionColumn: StatementColumn?, _ cells: inout RowCells
    ) -> (direction: BankRecord.Direction, amount: Fen)? {
        let problemsBefore = cells.problems.count
        let amount = readAmount(amountColumn, allowNegative: true, &cells)
        guard cells.problems.count == problemsBefore else { return nil }
        guard let amount, amount != .zero else { return cells.fail(nil, .neitherDebitNorCredit) }
        let magnitude = Fen(Int64(amount.value.magnitude))
        let mark = directionColumn.map { cells.text($0) } ?? ""
        guard let directionColumn, !mark.isEmpty else { return (amount.value < 0 ? .debit : .credit, magnitude) }
        let normalizedMark = BankColumnMapping.normalizedHeaderName(mark)
        let isMark = { (marks: [String]) in marks.contains { BankColumnMapping.normalizedHeaderName($0) == normalizedMark } }
        if isMark(mapping.debitMarks) { return (.debit, magnitude) }
        guard isMark(mapping.creditMarks) else { return cells.fail(directionColumn, .invalidDirection(mark)) }
        guard amount.value > 0 else { return cells.fail(amountColumn, .directionConflict(mark: mark, amount: cells.text(amountColumn))) }
        return (.credit, magnitude)
    }

    /// The amount in a cell, read by `Fen(parsingYuan:allowNegative:)` (thousands separators,
    /// "¥", full-width digits); nil for a blank cell, "-" or "--" (or after reporting a problem).
    private func readAmount(_ column: StatementColumn, allowNegative: Bool, _ cells: inout RowCells) -> Fen? {
        let text = cells.text(column)
        guard !["", "-", "--"].contains(text.foldingFullWidth) else { return nil }
        do {
            return try Fen(parsingYuan: text, allowNegative: allowNegative)
        } catch {
            return cells.fail(column, .invalidAmount(text, error))
        }
    }

    /// A text cell ("" without a column), reported when longer than `BankRecord.textBytesMax`.
    private func readText(_ column: StatementColumn?, _ cells: inout RowCells) -> String {
        guard let column else { return "" }
        let text = cells.text(column)
        if text.utf8.count > BankRecord.textBytesMax { cells.report(column, .fieldTooLong(bytes: text.utf8.count)) }
        return text
    }

    /// The counterparty's account as digits; blank when the bank omits it or masks it
    /// ("6222****1234", common in exports): an unknown counterparty account is not compared
    /// during reconciliation, so masking loses no match.
    private func readCounterpartyAccount(_ cells: inout RowCells) -> String {
        let text = readText(columns.counterpartyAccount, &cells)
        if StatementParser.isMaskedAccountNumber(text) { return "" }
        guard let digits = StatementParser.normalizedAccountNumber(text) else {
            return cells.fail(columns.counterpartyAccount, .invalidAccountNumber(text)) ?? ""
        }
        return digits
    }

    /// The dedicated fund serial cell if the mapping found one (blank means none), else the
    /// serial `FundSerialNumber.extract(fromRemark:)` finds in the remark, then the summary.
    private func readFundSerial(_ cells: inout RowCells, remark: String, summary: String) -> String? {
        guard let column = columns.fundSerial else {
            return FundSerialNumber.extract(fromRemark: remark) ?? FundSerialNumber.extract(fromRemark: summary)
        }
        let text = cells.text(column).foldingFullWidth
        guard !text.isEmpty else { return nil }
        guard FundSerialNumber.isWellFormed(text) else { return cells.fail(column, .invalidFundSerial(text)) }
        return text
    }
}

/// The cells of one data row and the problems found in it.
struct RowCells {
    let record: CSVRecord
    private(set) var problems: [StatementProblem] = []

    init(record: CSVRecord) { self.record = record }

    /// The cell, trimmed, with a spreadsheet's text guard `="…"` removed.
    func text(_ column: StatementColumn) -> String {
        let text = record.fields[column.index].trimmingWhitespace
        guard text.count >= 3, text.hasPrefix("=\""), text.hasSuffix("\"") else { return text }
        return String(text.dropFirst(2).dropLast())
    }

    /// Records a problem in `column` (nil: the row as a whole).
    mutating func report(_ column: StatementColumn?, _ code: StatementProblemCode) {
        problems.append(StatementProblem(line: record.line, column: column?.header, code: code))
    }

    /// Records a problem and returns nil, so that a reader can `return cells.fail(...)`.
    mutating func fail<Value>(_ column: StatementColumn?, _ code: StatementProblemCode) -> Value? {
        report(column, code)
        return nil
    }
}

extension Character {
    /// Whether this is exactly one ASCII digit 0-9. (`isASCIIDigit` also accepts a digit
    /// carrying combining marks, such as "1\u{301}", which is in the range "0"..."9".)
    fileprivate var isSingleASCIIDigit: Bool { isASCII && isWholeNumber }
}

/// The field separator of a delimited text file.
public enum CSVDelimiter: Character, Sendable, CaseIterable {
    /// ",", as in RFC 4180.
    case comma = ","
    /// A horizontal tab, as in the "Excel text" exports of several banks.
    case tab = "\t"
}

/// One record of a delimited file and the physical line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based physical line on which the record starts (a record whose quoted field
    /// spans lines starts on its first line).
    public var line: Int
    /// The fields, unquoted, with doubled quotes undone; not trimmed.
    public var fields: [String]

    /// Creates a record.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    /// Whether every field is empty or white space (a blank line, or ",,,").
    public var isBlank: Bool { fields.allSatisfy { $0.trimmingWhitespace.isEmpty } }
}

/// The records of a delimited file, and where it broke off if a quoted field never closed.
public struct CSVTable: Sendable, Equatable {
    /// Every complete record, in file order.
    public var records: [CSVRecord]
    /// The 1-based line of a quote that was opened and never closed; the record holding it
    /// is not in `records`. Nil when the file is well-formed.
    public var unterminatedQuoteLine: Int?
}

/// RFC 4180 tokenizing: quoted fields, doubled quotes, delimiters and line ends inside quotes,
/// CRLF, LF or CR line ends, and a leading UTF-8 byte order mark. Lenient as spreadsheet
/// programs are: text after a closing quote is kept as part of the field, and a quote inside
/// an unquoted field is an ordinary character. Line ends inside quotes become "\n".
public enum CSVTokenizer {
    /// The delimiter of a header row: a tab if the line has more tabs than commas outside
    /// quotes, else a comma. The full-width comma "，" is text, never a delimiter. (Decide on
    /// the header row, not on data rows: "1,234.56" in a tab-separated file has commas.)
    public static func detectDelimiter(headerLine: String) -> CSVDelimiter {
        var tabs = 0
        var commas = 0
        var inQuotes = false
        for scalar in headerLine.unicodeScalars {
            switch scalar {
            case "\"": inQuotes.toggle()
            case "\t" where !inQuotes: tabs += 1
            case "," where !inQuotes: commas += 1
            default: continue
            }
        }
        return tabs > commas ? .tab : .comma
    }

    /// Splits `text` into records separated by `delimiter`.
    public static func tokenize(_ text: String, delimiter: CSVDelimiter) -> CSVTable {
        var state = TokenizerState(delimiter: delimiter.rawValue.unicodeScalars.first!)
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var previousWasCR = false
        for scalar in scalars {
            if previousWasCR, scalar == "\n" {
                // The LF of a CRLF: the CR already ended the line (or became "\n" in quotes).
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            state.consume(scalar)
        }
        return state.finish()
    }
}

/// The tokenizer's state between scalars.
private struct TokenizerState {
    let delimiter: Unicode.Scalar
    var records: [CSVRecord] = []
    var fields: [String] = []
    var field = String.UnicodeScalarView()
    /// Whether the current field opened with a quote that has not closed yet.
    var inQuotes = false
    /// Whether the current field was quoted and its closing quote (or a doubled one) was seen.
    var afterQuote = false
    /// Whether anything of the current record has been read.
    var recordStarted = false
    var line = 1
    var recordLine = 1
    var quoteLine = 1

    init(delimiter: Unicode.Scalar) { self.delimiter = delimiter }

    mutating func consume(_ scalar: Unicode.Scalar) {
        if !recordStarted {
            recordStarted = true
            recordLine = line
        }
        if inQuotes {
            consumeQuoted(scalar)
            return
        }
        switch scalar {
        case "\"" where field.isEmpty && !afterQuote:
            inQuotes = true
            quoteLine = line
        case "\"" where afterQuote:
            // A doubled quote: the closing quote was an escaped one.
            field.append(scalar)
            inQuotes = true
            afterQuote = false
        case delimiter:
            endField()
        case "\n", "\r":
            endRecord()
            line += 1
        default:
            field.append(scalar)
            afterQuote = false
        }
    }

    private mutating func consumeQuoted(_ scalar: Unicode.Scalar) {
        if scalar == "\"" {
            inQuotes = false
            afterQuote = true
            return
        }
        field.append(scalar == "\r" ? "\n" : scalar)
        if scalar == "\n" || scalar == "\r" { line += 1 }
    }

    private mutating func endField() {
        fields.append(String(field))
        field = String.UnicodeScalarView()
        afterQuote = false
    }

    private mutating func endRecord() {
        endField()
        records.append(CSVRecord(line: recordLine, fields: fields))
        fields = []
        recordStarted = false
    }

    mutating func finish() -> CSVTable {
        if inQuotes { return CSVTable(records: records, unterminatedQuoteLine: quoteLine) }
        if recordStarted { endRecord() }
        return CSVTable(records: records, unterminatedQuoteLine: nil)
    }
}

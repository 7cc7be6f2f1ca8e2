/// Which columns of one bank's statement export hold which `BankRecord` field, by header name.
///
/// Each field lists the header names it accepts, in order of preference; a header cell
/// matches after trimming, full-width folding, lower-casing and dropping a trailing "(元)".
/// Time is either one date-and-time column (`dateTime`, also accepting a date alone) or a
/// `date` column plus a `time` column; the pair wins when both are present. Amounts are
/// either a `debit` and a `credit` column or one `signedAmount` column, optionally with a
/// `direction` column whose marks are listed in `debitMarks` / `creditMarks`; the pair wins
/// when both are present. Load other banks' mappings from JSON: every list may be omitted.
public struct BankColumnMapping: Sendable, Codable, Equatable {
    /// A stable identifier, recorded with each imported statement ("icbc").
    public var id: String
    /// The name people see ("工商银行 (ICBC)").
    public var displayName: String
    /// Header names of a column holding date and time together, or a date alone.
    public var dateTime: [String]
    /// Header names of a date-only column, used with `time`.
    public var date: [String]
    /// Header names of a time-only column, used with `date`.
    public var time: [String]
    /// Header names of the bank's serial number (required).
    public var bankSerial: [String]
    /// Header names of the bank's summary (摘要).
    public var summary: [String]
    /// Header names of the debit (outgoing) amount, used with `credit`.
    public var debit: [String]
    /// Header names of the credit (incoming) amount, used with `debit`.
    public var credit: [String]
    /// Header names of a single amount column; negative means debit unless `direction` says.
    public var signedAmount: [String]
    /// Header names of the direction mark column (收支标志, 借贷标志) that goes with `signedAmount`.
    public var direction: [String]
    /// Direction marks meaning debit (compared after trimming, folding and lower-casing).
    public var debitMarks: [String]
    /// Direction marks meaning credit.
    public var creditMarks: [String]
    /// Header names of the balance after the transaction.
    public var balance: [String]
    /// Header names of the counterparty's name.
    public var counterpartyName: [String]
    /// Header names of the counterparty's account number.
    public var counterpartyAccount: [String]
    /// Header names of the counterparty's bank. They help recognise a layout; `BankRecord`
    /// has no field for the bank, so its cells are not read.
    public var counterpartyBank: [String]
    /// Header names of the purpose or remark, where payers write the fund serial number.
    public var remark: [String]
    /// Header names of a dedicated fund serial number column, for banks that have one.
    public var fundSerial: [String]

    /// The direction marks used when a mapping does not list its own.
    public static let standardDebitMarks = ["借", "借方", "支", "支出", "付", "付出", "出", "-", "d", "dr", "debit"]
    /// The credit marks used when a mapping does not list its own.
    public static let standardCreditMarks = ["贷", "贷方", "收", "收入", "存", "存入", "入", "+", "c", "cr", "credit"]

    /// Creates a mapping; every list defaults to empty, the marks to the standard ones.
    public init(
        id: String, displayName: String, dateTime: [String] = [], date: [String] = [], time: [String] = [],
        bankSerial: [String], summary: [String] = [], debit: [String] = [], credit: [String] = [],
        signedAmount: [String] = [], direction: [String] = [], debitMarks: [String] = standardDebitMarks,
        creditMarks: [String] = standardCreditMarks, balance: [String] = [], counterpartyName: [String] = [],
        counterpartyAccount: [String] = [], counterpartyBank: [String] = [], remark: [String] = [],
        fundSerial: [String] = []
    ) {
        self.id = id
        self.displayName = displayName
        self.dateTime = dateTime
        self.date = date
        self.time = time
        self.bankSerial = bankSerial
        self.summary = summary
        self.debit = debit
        self.credit = credit
        self.signedAmount = signedAmount
        self.direction = direction
        self.debitMarks = debitMarks
        self.creditMarks = creditMarks
        self.balance = balance
        self.counterpartyName = counterpartyName
        self.counterpartyAccount = counterpartyAccount
        self.counterpartyBank = counterpartyBank
        self.remark = remark
        self.fundSerial = fundSerial
    }

    /// Decodes a mapping from JSON and the like; only `id`, `displayName` and `bankSerial`
    /// are required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func list(_ key: CodingKeys) throws -> [String] { try container.decodeIfPresent([String].self, forKey: key) ?? [] }
        self.init(
            id: try container.decode(String.self, forKey: .id),
            displayName: try container.decode(String.self, forKey: .displayName),
            dateTime: try list(.dateTime), date: try list(.date), time: try list(.time),
            bankSerial: try container.decode([String].self, forKey: .bankSerial),
            summary: try list(.summary), debit: try list(.debit), credit: try list(.credit),
            signedAmount: try list(.signedAmount), direction: try list(.direction),
            debitMarks: try container.decodeIfPresent([String].self, forKey: .debitMarks) ?? Self.standardDebitMarks,
            creditMarks: try container.decodeIfPresent([String].self, forKey: .creditMarks) ?? Self.standardCreditMarks,
            balance: try list(.balance), counterpartyName: try list(.counterpartyName),
            counterpartyAccount: try list(.counterpartyAccount), counterpartyBank: try list(.counterpartyBank),
            remark: try list(.remark), fundSerial: try list(.fundSerial)
        )
    }

    /// The mapping among `presets` that fits `header` best: every required column present
    /// (a time, the bank serial, the amounts), and the most columns matched; on a tie the
    /// earlier preset. Nil when none fits.
    public static func detect(header: [String]) -> BankColumnMapping? {
        var best: (mapping: BankColumnMapping, matched: Int)?
        for mapping in presets {
            let resolution = mapping.resolve(header: header)
            guard resolution.missing.isEmpty, resolution.matchedCount > (best?.matched ?? 0) else { continue }
            best = (mapping, resolution.matchedCount)
        }
        return best?.mapping
    }

    /// A header cell or accepted name in comparable form: trimmed, full-width folded,
    /// lower-cased, without a trailing "(元)" (full-width "（元）" folds to it).
    public static func normalizedHeaderName(_ name: String) -> String {
        var text = name.trimmingWhitespace.foldingFullWidth.lowercased()
        if text.hasSuffix("(元)") { text = String(text.dropLast(3)).trimmingWhitespace }
        return text
    }
}

extension BankColumnMapping {
    /// The built-in mappings, most specific first (on a tie `detect(header:)` takes the earlier).
    public static let presets: [BankColumnMapping] = [icbc, ccb, abc, generic]

    /// 中国工商银行-style export: one 交易时间 column, 凭证号, 借方发生额(支取) / 贷方发生额(收入).
    public static let icbc = BankColumnMapping(
        id: "icbc", displayName: "中国工商银行 (ICBC)", dateTime: ["交易时间", "交易日期"],
        bankSerial: ["凭证号", "交易流水号"], summary: ["摘要"],
        debit: ["借方发生额(支取)", "借方发生额"], credit: ["贷方发生额(收入)", "贷方发生额"],
        balance: ["余额"], counterpartyName: ["对方户名", "对方单位"], counterpartyAccount: ["对方账号"],
        counterpartyBank: ["对方开户行", "对方行名"], remark: ["用途", "附言"]
    )

    /// 中国建设银行-style export: separate 交易日期 and 交易时间, 借方发生额 / 贷方发生额, 账户余额.
    public static let ccb = BankColumnMapping(
        id: "ccb", displayName: "中国建设银行 (CCB)", date: ["交易日期"], time: ["交易时间"],
        bankSerial: ["账户明细编号-交易流水号", "交易流水号"], summary: ["摘要"],
        debit: ["借方发生额"], credit: ["贷方发生额"], balance: ["账户余额", "余额"],
        counterpartyName: ["对方户名"], counterpartyAccount: ["对方账号"], counterpartyBank: ["对方开户机构"],
        remark: ["备注", "附言"]
    )

    /// 中国农业银行-style export: one 交易金额 column with a 收支标志 direction column.
    public static let abc = BankColumnMapping(
        id: "abc", displayName: "中国农业银行 (ABC)", dateTime: ["交易时间", "交易日期"],
        bankSerial: ["交易流水号", "流水号"], summary: ["交易摘要", "摘要"],
        signedAmount: ["交易金额"], direction: ["收支标志"], balance: ["本次余额", "账户余额", "余额"],
        counterpartyName: ["对方户名"], counterpartyAccount: ["对方账号"], counterpartyBank: ["对方开户行", "对方行名"],
        remark: ["交易用途", "用途", "附言"]
    )

    /// Common Chinese column names, for banks without a preset of their own.
    public static let generic = BankColumnMapping(
        id: "generic", displayName: "通用格式 (Generic)",
        dateTime: ["交易时间", "交易日期时间", "记账时间", "日期时间", "交易日期", "记账日期", "日期"],
        date: ["交易日期", "记账日期", "日期"], time: ["交易时间", "记账时间", "时间"],
        bankSerial: ["交易流水号", "流水号", "凭证号", "交易序号", "交易参考号", "业务流水号"],
        summary: ["摘要", "交易摘要"],
        debit: ["借方发生额", "支出金额", "借方金额", "支出", "付款金额"],
        credit: ["贷方发生额", "收入金额", "贷方金额", "收入", "收款金额"],
        signedAmount: ["交易金额", "发生额", "金额"], direction: ["收支标志", "借贷标志", "借贷方向", "收支方向"],
        balance: ["余额", "账户余额", "本次余额", "联机余额"],
        counterpartyName: ["对方户名", "对方账户名称", "对方名称", "对方单位"],
        counterpartyAccount: ["对方账号", "对方账户"], counterpartyBank: ["对方开户行", "对方开户机构", "对方行名"],
        remark: ["用途", "附言", "备注", "摘要说明", "交易用途"], fundSerial: ["资金流水号"]
    )
}

/// A column found in a header row: where it is and its name as written in the file.
struct StatementColumn: Sendable, Equatable {
    /// 0-based field index.
    let index: Int
    /// The header cell, trimmed, as the file spells it (used in problem reports).
    let header: String
}

/// The columns of one header row under one mapping.
struct ResolvedColumns: Sendable {
    /// Where the booking time is.
    enum Time: Sendable {
        /// Date and time (or a date alone) in one column.
        case combined(StatementColumn)
        /// A date column and a time column.
        case separate(date: StatementColumn, time: StatementColumn)
    }

    /// Where the amount and its direction are.
    enum Amounts: Sendable {
        /// A debit column and a credit column.
        case debitCredit(debit: StatementColumn, credit: StatementColumn)
        /// One amount column, with a direction mark column or not.
        case signed(amount: StatementColumn, direction: StatementColumn?)
    }

    let time: Time
    let bankSerial: StatementColumn
    let amounts: Amounts
    let balance: StatementColumn?
    let summary: StatementColumn?
    let counterpartyName: StatementColumn?
    let counterpartyAccount: StatementColumn?
    let remark: StatementColumn?
    let fundSerial: StatementColumn?
}

/// How well a mapping fits a header row.
struct ColumnResolution: Sendable {
    /// The columns, when every required one is present.
    let columns: ResolvedColumns?
    /// The first accepted name of each required field that is absent.
    let missing: [String]
    /// How many of the mapping's fields found a column (a better fit matches more).
    let matchedCount: Int
}

extension BankColumnMapping {
    /// Finds this mapping's columns in `header`.
    func resolve(header: [String]) -> ColumnResolution {
        let normalized = header.map(Self.normalizedHeaderName)
        func find(_ names: [String]) -> StatementColumn? {
            for name in names {
                guard let index = normalized.firstIndex(of: Self.normalizedHeaderName(name)) else { continue }
                return StatementColumn(index: index, header: header[index].trimmingWhitespace)
            }
            return nil
        }
        var missing: [String] = []
        let time = resolveTime(find)
        if time == nil { missing.append(dateTime.first ?? date.first ?? "交易时间") }
        let serial = find(bankSerial)
        if serial == nil { missing.append(bankSerial.first ?? "交易流水号") }
        let amounts = resolveAmounts(find)
        if amounts == nil { missing.append(debit.first ?? signedAmount.first ?? "交易金额") }
        let optional = [balance, summary, counterpartyName, counterpartyAccount, counterpartyBank, remark, fundSerial].map(find)
        var matchedCount = optional.count(where: { $0 != nil }) + (serial == nil ? 0 : 1)
        if case .separate = time { matchedCount += 2 } else if time != nil { matchedCount += 1 }
        if case .debitCredit = amounts { matchedCount += 2 } else if case .signed(_, let mark) = amounts {
            matchedCount += mark == nil ? 1 : 2
        }
        guard let time, let serial, let amounts else {
            return ColumnResolution(columns: nil, missing: missing, matchedCount: matchedCount)
        }
        let columns = ResolvedColumns(
            time: time, bankSerial: serial, amounts: amounts, balance: optional[0], summary: optional[1],
            counterpartyName: optional[2], counterpartyAccount: optional[3], remark: optional[5], fundSerial: optional[6]
        )
        return ColumnResolution(columns: columns, missing: [], matchedCount: matchedCount)
    }

    /// A date column plus a time column if both exist, else one date-and-time (or date) column.
    private func resolveTime(_ find: ([String]) -> StatementColumn?) -> ResolvedColumns.Time? {
        if let dateColumn = find(date), let timeColumn = find(time), dateColumn != timeColumn {
            return .separate(date: dateColumn, time: timeColumn)
        }
        return (find(dateTime) ?? find(date)).map(ResolvedColumns.Time.combined)
    }

    /// Debit and credit columns if both exist, else one signed amount column.
    private func resolveAmounts(_ find: ([String]) -> StatementColumn?) -> ResolvedColumns.Amounts? {
        if let debitColumn = find(debit), let creditColumn = find(credit) {
            return .debitCredit(debit: debitColumn, credit: creditColumn)
        }
        return find(signedAmount).map { .signed(amount: $0, direction: find(direction)) }
    }
}

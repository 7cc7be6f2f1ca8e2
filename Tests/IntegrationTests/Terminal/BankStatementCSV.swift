/// A bank statement export in the generic layout `StatementParser` detects (account and name
/// in a preamble, then 交易日期, 交易时间, 交易流水号, 借方金额, 贷方金额, 余额, 对方户名,
/// 对方账号, 用途 with the fund serial in 用途), written by the end-to-end tests for the bank
/// to import through the reconciliation screen.
struct BankStatementCSV {
    /// One transfer on the account.
    struct Row {
        let bankSerial: String
        /// Money left the account (借方) rather than reached it (贷方).
        let isDebit: Bool
        let amountYuan: String
        let balanceYuan: String
        let counterpartyName: String
        let counterpartyAccount: String
        let fundSerial: String
    }

    let accountNumber: String
    let accountName: String
    let date: String
    let rows: [Row]

    /// The file's text (UTF-8, no separators inside amounts, so no field needs quotes).
    var text: String {
        var lines = ["账号:\(accountNumber)", "户名:\(accountName)", "交易日期,交易时间,交易流水号,借方金额,贷方金额,余额,对方户名,对方账号,用途"]
        for (offset, row) in rows.enumerated() {
            let time = "10:\(10 + offset):00"
            let (debit, credit) = row.isDebit ? (row.amountYuan, "") : ("", row.amountYuan)
            lines.append([date, time, row.bankSerial, debit, credit, row.balanceYuan, row.counterpartyName, row.counterpartyAccount,
                          "资金流水号:\(row.fundSerial)"].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

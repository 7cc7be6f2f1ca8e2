import EmbeddedNode
import Foundation
import Workflow

/// Bank records as a bank exports them, grouped by the account whose statement holds them,
/// published as one statement per account in parts of `WorkflowCommand.bankRecordsPerCommandMax`.
struct BankRecordGenerator {
    let time: Timestamp
    /// Organisation names by id, for the counterparty column.
    let names: [String: String]
    var recordsByAccount: [String: [BankRecord]] = [:]
    var accounts: [String] = []
    var count = 0

    init(time: Timestamp, names: [String: String]) {
        self.time = time
        self.names = names
    }

    /// A debit on the payer's account for `leg`'s payment.
    mutating func add(_ leg: Leg, amountFen: Fen, payeeAccount: String) {
        let serial = leg.fundSerial!
        append(BankRecord(bankSerial: bankSerial(), fundSerial: serial, accountNumber: leg.payerAccount, counterpartyAccount: payeeAccount,
                          counterpartyName: names[leg.payeeID] ?? leg.payeeID, direction: .debit, amountFen: amountFen, balanceFen: nil,
                          time: time, summary: "转账", remark: "资金流水号:\(serial) 扶贫项目拨款"))
    }

    /// A debit whose fund serial no leg was paid with.
    mutating func addOrphan(account: String) {
        let serial = "FX\(300_000_000 + count)"
        let amount = Fen(Int64(10_000 + count % 9_973 * 100))
        append(BankRecord(bankSerial: bankSerial(), fundSerial: serial, accountNumber: account, counterpartyAccount: ReconcileWorkload.strangerAccount,
                          counterpartyName: "其他单位", direction: .debit, amountFen: amount, balanceFen: nil,
                          time: time, summary: "转账", remark: "资金流水号:\(serial)"))
    }

    private func bankSerial() -> String { "2026112" + String(format: "%09d", count) }

    private mutating func append(_ record: BankRecord) {
        if recordsByAccount[record.accountNumber] == nil { accounts.append(record.accountNumber) }
        recordsByAccount[record.accountNumber, default: []].append(record)
        count += 1
    }

    /// One statement per account, each published in parts of at most the command limit.
    func publications() -> [WorkflowCommand] {
        let size = WorkflowCommand.bankRecordsPerCommandMax
        var commands: [WorkflowCommand] = []
        for (number, account) in accounts.enumerated() {
            let records = recordsByAccount[account]!
            let parts = (records.count + size - 1) / size
            let hash = SHA256Digest.hex(Array("bench statement \(number) \(account)".utf8))
            for index in 0..<parts {
                let slice = Array(records[(index * size)..<min(records.count, (index + 1) * size)])
                commands.append(.publishBankRecords(statementHash: hash, accountNumber: account,
                                                    part: StatementPart(index: index, count: parts), records: slice))
            }
        }
        return commands
    }
}

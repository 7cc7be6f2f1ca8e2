import Canonical

/// One line of a bank's transaction record as published to the chain: the bank's own serial,
/// the fund serial number written by the payer (usually found in the remark, 附言), both
/// accounts, the amount and the time. Reconciliation matches it to a leg by fund serial.
public struct BankRecord: Hashable, Sendable, CanonicalCodable {
    /// Which way money moved on `accountNumber`.
    public enum Direction: UInt8, Sendable, CaseIterable {
        /// 借方: money left `accountNumber` (it paid the counterparty).
        case debit = 1
        /// 贷方: money arrived on `accountNumber` (the counterparty paid it).
        case credit = 2
    }

    /// The bank's serial number for the transaction (交易流水号 / 凭证号); unique per account.
    public var bankSerial: String
    /// The fund serial number (资金流水号) the record refers to, if the statement carries one.
    public var fundSerial: String?
    /// The account whose statement this line comes from (normalised digits).
    public var accountNumber: String
    /// The other side's account (对方账号), normalised digits; empty when the bank omits it.
    public var counterpartyAccount: String
    /// The other side's name (对方户名), as the bank wrote it.
    public var counterpartyName: String
    /// Debit or credit on `accountNumber`.
    public var direction: Direction
    /// The amount moved, positive.
    public var amountFen: Fen
    /// The balance after the transaction (余额), when the statement gives one.
    public var balanceFen: Fen?
    /// When the bank booked it, in UTC.
    public var time: Timestamp
    /// The bank's summary (摘要).
    public var summary: String
    /// The purpose or remark (用途 / 附言), where payers write the fund serial number.
    public var remark: String

    /// Creates a record; see the properties for the meaning of each field.
    public init(
        bankSerial: String, fundSerial: String?, accountNumber: String, counterpartyAccount: String,
        counterpartyName: String, direction: Direction, amountFen: Fen, balanceFen: Fen?,
        time: Timestamp, summary: String, remark: String
    ) {
        self.bankSerial = bankSerial
        self.fundSerial = fundSerial
        self.accountNumber = accountNumber
        self.counterpartyAccount = counterpartyAccount
        self.counterpartyName = counterpartyName
        self.direction = direction
        self.amountFen = amountFen
        self.balanceFen = balanceFen
        self.time = time
        self.summary = summary
        self.remark = remark
    }

    /// The account money left.
    public var payerAccount: String { direction == .debit ? accountNumber : counterpartyAccount }
    /// The account money reached.
    public var payeeAccount: String { direction == .debit ? counterpartyAccount : accountNumber }

    /// Field order: bankSerial, fundSerial?, accountNumber, counterpartyAccount,
    /// counterpartyName, direction, amountFen, balanceFen?, time, summary, remark.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(bankSerial)
        writer.write(fundSerial)
        writer.write(accountNumber)
        writer.write(counterpartyAccount)
        writer.write(counterpartyName)
        writer.write(direction.rawValue)
        writer.write(amountFen)
        writer.write(balanceFen)
        writer.write(time)
        writer.write(summary)
        writer.write(remark)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        bankSerial = try reader.readString(limit: BankRecord.textBytesMax)
        fundSerial = try reader.readOptionalString(limit: BankRecord.textBytesMax)
        accountNumber = try reader.readString(limit: BankRecord.textBytesMax)
        counterpartyAccount = try reader.readString(limit: BankRecord.textBytesMax)
        counterpartyName = try reader.readString(limit: BankRecord.textBytesMax)
        direction = try readTag(&reader, "BankRecord.Direction")
        amountFen = try reader.read()
        balanceFen = try reader.readOptional()
        time = try reader.read()
        summary = try reader.readString(limit: BankRecord.textBytesMax)
        remark = try reader.readString(limit: BankRecord.textBytesMax)
    }

    /// The most UTF-8 bytes any text field of a bank record may hold.
    public static let textBytesMax = 512
}

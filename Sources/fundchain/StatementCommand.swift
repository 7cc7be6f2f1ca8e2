import ArgumentParser
import EmbeddedNode
import Foundation
import Workflow

/// `fundchain statement FILE`: parses a bank statement export the way an import would, and
/// prints its records or every problem with its line number. Nothing is published.
struct StatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "Check a bank statement file (CSV, UTF-8 or GB18030) and list its records or its errors.")

    @Argument(help: "The statement file.")
    var file: String

    @Option(name: .long, help: "The statement's account number, when the file does not say it.")
    var account: String?

    @Option(name: .long, help: "Column layout: \(BankColumnMapping.presets.map(\.id).joined(separator: ", ")) (default: detected).")
    var bank: String?

    @OptionGroup var languageOptions: LanguageOptions

    func run() throws {
        let language = languageOptions.language
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure(language.pick("无法读取文件 \(file)", "Cannot read \(file)"))
        }
        var mapping: BankColumnMapping?
        if let bank {
            guard let preset = BankColumnMapping.presets.first(where: { $0.id == bank }) else {
                throw ValidationError(language.pick("未知的银行格式「\(bank)」", "Unknown bank layout \"\(bank)\""))
            }
            mapping = preset
        }
        let statement: BankStatement
        do {
            statement = try StatementParser.parse(Array(data), accountNumber: account, mapping: mapping)
        } catch {
            for problem in error.problems { print(problem.message(language)) }
            throw ExitCode(1)
        }
        print(language.pick("账号 \(statement.accountNumber)，格式 \(statement.mappingID)，共 \(statement.records.count) 笔",
                            "Account \(statement.accountNumber), layout \(statement.mappingID), \(statement.records.count) records"))
        print("SHA-256 \(SHA256Digest.hex(Array(data)))")
        for record in statement.records {
            let sign = record.direction == .debit ? "-" : "+"
            let time = record.time.isoText(utcOffsetMinutes: Timestamp.chinaStandardTimeOffsetMinutes)
            print("\(time)  \(record.bankSerial)  \(sign)¥\(record.amountFen.yuanText)  \(record.fundSerial ?? "-")  \(record.counterpartyName)")
        }
    }
}

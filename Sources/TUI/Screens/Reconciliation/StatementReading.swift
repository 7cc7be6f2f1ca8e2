import EmbeddedNode
import Foundation
import Workflow

/// A bank statement file read and checked the way an import publishes it: the statement and
/// the file's SHA-256, or every problem by line and column (and then nothing is imported).
public struct StatementReading: Sendable, Equatable {
    /// The file's path as typed.
    public let path: String
    /// The statement, when the whole file parsed.
    public let statement: BankStatement?
    /// SHA-256 of the file's bytes (hex), the statement's identity on chain.
    public let statementHash: String
    /// What is wrong, one entry per problem; empty when `statement` is set.
    public let problems: [Bilingual]

    /// Creates a reading.
    public init(path: String, statement: BankStatement?, statementHash: String, problems: [Bilingual]) {
        precondition((statement == nil) != problems.isEmpty, "a reading has a statement or problems, not both")
        self.path = path
        self.statement = statement
        self.statementHash = statementHash
        self.problems = problems
    }

    /// Reads the file at `path` with the layout `bankID` (nil: detect one of the presets) and
    /// the account `account` (nil: from the file's preamble).
    public static func read(path: String, bankID: String?, account: String?) -> StatementReading {
        func refused(_ problem: Bilingual) -> StatementReading {
            StatementReading(path: path, statement: nil, statementHash: "", problems: [problem])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return refused(Bilingual("无法读取文件「\(path)」", "Cannot read the file \"\(path)\""))
        }
        let mapping = bankID.flatMap { id in BankColumnMapping.presets.first { $0.id == id } }
        let bytes = Array(data)
        do {
            let statement = try StatementParser.parse(bytes, accountNumber: account, mapping: mapping)
            return StatementReading(path: path, statement: statement, statementHash: SHA256Digest.hex(bytes), problems: [])
        } catch {
            let problems = error.problems.map { Bilingual(rendering: $0.message) }
            return problems.isEmpty ? refused(Bilingual("文件无法读取", "The file cannot be read")) :
                StatementReading(path: path, statement: nil, statementHash: "", problems: problems)
        }
    }

    /// The publication commands: the records in parts of at most
    /// `WorkflowCommand.bankRecordsPerCommandMax`, to be published in order.
    public var commands: [WorkflowCommand] {
        guard let statement else { return [] }
        let size = WorkflowCommand.bankRecordsPerCommandMax
        let chunks = stride(from: 0, to: statement.records.count, by: size).map { Array(statement.records[$0..<min($0 + size, statement.records.count)]) }
        return chunks.enumerated().map { index, records in
            .publishBankRecords(statementHash: statementHash, accountNumber: statement.accountNumber,
                                part: StatementPart(index: index, count: chunks.count), records: records)
        }
    }

    /// The sum of the records' amounts, debits and credits alike; nil if it overflows.
    public var totalFen: Fen? { Fen.sum((statement?.records ?? []).map(\.amountFen)) }
}

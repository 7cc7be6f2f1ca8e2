import ArgumentParser
import EmbeddedNode
import Foundation
import LedgerClient
import Workflow

/// `fundchain bench reconcile`: the matching of bank records against paid legs as the fund flow
/// runs it (`WorkflowState.apply` of `publishBankRecords`), timed alone: the legs and the
/// records are built first. It reports seconds, records per second, the memory peak while
/// matching, and each outcome's count checked against the differences injected
/// (`ReconcileWorkload`). Separately, it imports a statement of `--import-records` records
/// through a single-validator node in process (the commercial bank's signed publications, one
/// part per transaction and block, signed ahead) and reports records per second committed.
/// Exit status 1 if a count differs or a publication is refused.
struct ReconcileBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Match N bank records against N paid legs in process: seconds, records/s, peak memory, outcome counts.")

    @Option(name: .long, help: "Bank records to match.")
    var records = 1_000_000
    @Option(name: .long, help: "Paid legs to match them against.")
    var legs = 1_000_000
    @Option(name: .long, help: "Bank records to import on chain through a node (0: skip).")
    var importRecords = 10_000
    @OptionGroup var languageOptions: LanguageOptions

    /// The largest workload accepted (each side).
    static let countMax = 2_000_000
    /// The largest on-chain import accepted: one statement of `StatementPart.countMax` parts.
    static let importRecordsMax = StatementPart.countMax * WorkflowCommand.bankRecordsPerCommandMax

    func run() async throws {
        guard (1...Self.countMax).contains(records) else { throw ValidationError("--records must be 1...\(Self.countMax)") }
        guard (1...Self.countMax).contains(legs) else { throw ValidationError("--legs must be 1...\(Self.countMax)") }
        guard (0...Self.importRecordsMax).contains(importRecords) else { throw ValidationError("--import-records must be 0...\(Self.importRecordsMax)") }
        let language = languageOptions.language
        print(language.pick("准备 \(legs) 笔已拨付资金流和 \(records) 条银行流水…", "building \(legs) paid legs and \(records) bank records…"))
        let setupStart = ContinuousClock.now
        let workload = try ReconcileWorkload(legCount: legs, recordCount: records)
        let setupSeconds = (ContinuousClock.now - setupStart).seconds
        var state = workload.state
        let residentBefore = ProcessMemory.residentBytes()
        let peakReset = ProcessMemory.resetPeak()

        let cpuStart = BenchCPU.processMicroseconds()
        let start = ContinuousClock.now
        for command in workload.publications {
            if case .failure(let error) = state.apply(command, by: workload.bankID, at: workload.provenance) {
                throw CommandFailure(language.pick("银行流水发布被拒：\(error)", "a publication was refused: \(error)"))
            }
        }
        let seconds = (ContinuousClock.now - start).seconds
        let cpuMicroseconds = BenchCPU.processMicroseconds() - cpuStart
        let peak = peakReset ? ProcessMemory.peakResidentBytes() : nil

        let settle = Provenance(height: workload.provenance.height + 1,
                                time: workload.provenance.time.adding(seconds: DemoConsortium.settings.reconciliationGraceSeconds + 1), transactionHash: [])
        _ = state.endBlock(at: settle)
        let found = Self.outcomes(in: state.reconciliation, legs: workload.legs)
        let agrees = found == workload.expected
        let imported = importRecords > 0 ? try await Self.importOnChain(records: importRecords) : nil
        ReconcileReport(records: workload.recordCount, legs: legs, publications: workload.publications.count, setupSeconds: setupSeconds,
                        setupCommands: workload.setupCommandCount, seconds: seconds, cpuMicroseconds: cpuMicroseconds,
                        residentBeforeBytes: residentBefore, peakBytes: peak, expected: workload.expected, found: found, imported: imported)
            .print(language)
        if !agrees || (imported?.rejected ?? 0) > 0 { throw ExitCode(1) }
    }

    /// The on-chain import's figures.
    struct Import {
        let records: Int
        let transactions: Int
        let seconds: Double
        let rejected: Int
        var recordsPerSecond: Double { Double(records) / max(seconds, 1e-9) }
    }

    /// Publishes one statement of `records` records (whose serials match no leg) through a
    /// fresh single-validator node: signed ahead, then timed from the first submission to the
    /// last part's block.
    static func importOnChain(records: Int) async throws -> Import {
        let chain = try await BenchChain(transactionsPerBlockMax: 1)
        defer { chain.remove() }
        let bank = DemoConsortium.organisations.first { $0.kind == .commercialBank }!
        var generator = BankRecordGenerator(time: Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)), names: [:])
        for _ in 0..<records { generator.addOrphan(account: bank.accountNumber) }
        let transactions = try generator.publications().enumerated().map { nonce, command in
            try chain.transaction(.workflow(command), from: bank.id, nonce: UInt64(nonce + 1))
        }
        let start = ContinuousClock.now
        let rejected = try await chain.commit(transactions, blockSize: 1)
        let seconds = (ContinuousClock.now - start).seconds
        await chain.node.close()
        return Import(records: records, transactions: transactions.count, seconds: seconds, rejected: rejected)
    }

    /// Each measured leg's and each record's outcome, counted.
    static func outcomes(in book: ReconciliationBook, legs: [Leg]) -> ReconcileWorkload.Expected {
        var counts = ReconcileWorkload.Expected()
        for leg in legs {
            counts.legs[book.item(forLeg: leg.id)?.outcome ?? .awaitingBankRecord, default: 0] += 1
        }
        for item in book.items {
            if case .bankRecord = item.subject { counts.records[item.outcome, default: 0] += 1 }
        }
        return counts
    }
}

import EmbeddedNode
import Foundation
import Workflow

/// The figures of one reconciliation run: a table for people and one JSON line for scripts.
struct ReconcileReport {
    let records: Int
    let legs: Int
    let publications: Int
    let setupSeconds: Double
    let setupCommands: Int
    let seconds: Double
    let cpuMicroseconds: Int64
    let residentBeforeBytes: Int64?
    let peakBytes: Int64?
    let expected: ReconcileWorkload.Expected
    let found: ReconcileWorkload.Expected
    let imported: ReconcileBenchCommand.Import?

    var recordsPerSecond: Double { Double(records) / max(seconds, 1e-9) }
    var agrees: Bool { expected == found }

    /// The outcomes that occur, in the outcome enumeration's order.
    private static func present(_ counts: [ReconciliationOutcome: Int]) -> [ReconciliationOutcome] {
        ReconciliationOutcome.allCases.filter { counts[$0] != nil }
    }

    func print(_ language: Language) {
        func counts(_ found: [ReconciliationOutcome: Int], _ expected: [ReconciliationOutcome: Int]) -> String {
            Self.present(found.merging(expected) { first, _ in first }).map { outcome in
                let mark = found[outcome] == expected[outcome] ? "" : language.pick("（应为 \(expected[outcome] ?? 0)）", " (expected \(expected[outcome] ?? 0))")
                return "\(outcome.name(language)) \(found[outcome] ?? 0)\(mark)"
            }.joined(separator: language.pick("，", ", "))
        }
        var table = BenchTable()
        table.add(language.pick("规模", "size"), language.pick("\(records) 条银行流水对 \(legs) 笔已拨付资金流，\(publications) 次发布",
                                                             "\(records) bank records against \(legs) paid legs, \(publications) publications"))
        table.add(language.pick("准备（不计时）", "setup (not timed)"),
                  language.pick("\(setupCommands) 条命令，\(BenchTable.figure(setupSeconds, 1)) s", "\(setupCommands) commands, \(BenchTable.figure(setupSeconds, 1)) s"))
        table.add(language.pick("对账用时", "matching"), BenchTable.figure(seconds, 3) + " s" + language.pick("（CPU ", " (CPU ")
                  + BenchTable.figure(Double(cpuMicroseconds) / 1_000_000, 3) + language.pick(" s）", " s)"))
        table.add(language.pick("吞吐量", "throughput"), BenchTable.figure(recordsPerSecond, 0) + language.pick(" 条/s", " records/s"))
        table.add(language.pick("内存（对账前 / 对账中峰值）", "memory (before / peak while matching)"),
                  BenchTable.mebibytes(residentBeforeBytes) + " / " + BenchTable.mebibytes(peakBytes))
        table.add(language.pick("资金流结果", "legs"), counts(found.legs, expected.legs))
        table.add(language.pick("银行流水结果", "records"), counts(found.records, expected.records))
        table.add(language.pick("与注入比例", "against injected"), agrees ? language.pick("一致", "agree") : language.pick("不一致", "DIFFER"))
        if let imported {
            table.add(language.pick("上链导入（单验证节点）", "on-chain import (one validator)"),
                      language.pick("\(imported.records) 条，\(imported.transactions) 笔交易，\(BenchTable.figure(imported.seconds, 2)) s，\(BenchTable.figure(imported.recordsPerSecond, 0)) 条/s，被拒 \(imported.rejected)",
                                    "\(imported.records) records in \(imported.transactions) transactions, \(BenchTable.figure(imported.seconds, 2)) s, \(BenchTable.figure(imported.recordsPerSecond, 0)) records/s, refused \(imported.rejected)"))
        }
        table.print()
        Swift.print(json.serializedString())
    }

    /// The figures as one JSON object.
    var json: JSONValue {
        func outcomes(_ counts: [ReconciliationOutcome: Int]) -> JSONValue {
            .object(JSONObject(Self.present(counts).map { ("\($0)", .integer(Int64(counts[$0] ?? 0))) }))
        }
        return .object(JSONObject([
            ("bench", .string("reconcile")), ("records", .integer(Int64(records))), ("legs", .integer(Int64(legs))),
            ("publications", .integer(Int64(publications))), ("setupSeconds", .double((setupSeconds * 100).rounded() / 100)),
            ("seconds", .double((seconds * 1000).rounded() / 1000)), ("cpuSeconds", .double(Double(cpuMicroseconds / 1000) / 1000)),
            ("recordsPerSecond", .integer(Int64(recordsPerSecond))),
            ("residentBeforeBytes", residentBeforeBytes.map { .integer($0) } ?? .null), ("peakResidentBytes", peakBytes.map { .integer($0) } ?? .null),
            ("legOutcomes", outcomes(found.legs)), ("recordOutcomes", outcomes(found.records)), ("agreesWithInjected", .bool(agrees)),
            ("importRecords", .integer(Int64(imported?.records ?? 0))),
            ("importSeconds", imported.map { .double(($0.seconds * 1000).rounded() / 1000) } ?? .null),
            ("importRecordsPerSecond", imported.map { .integer(Int64($0.recordsPerSecond)) } ?? .null),
            ("importRejected", .integer(Int64(imported?.rejected ?? 0))),
        ]))
    }
}

import Foundation
import Testing
import WorkflowTestSupport

/// `fundchain bench reconcile` run small: the outcomes of the injected differences are counted
/// and agree, and the figures are present. Nothing here is timed.
@Suite(.serialized) struct ReconcileBenchTests {
    @Test func reconcileClassifiesTheInjectedDifferencesAndImportsOnChain() async throws {
        let (status, output) = try await FundChainProcess.run(["bench", "reconcile", "--records", "500", "--legs", "500", "--import-records", "300", "--lang", "en"])
        #expect(status == 0, "\(output)")
        let figures = try BenchOutput.figures("reconcile", in: output)
        #expect(figures["agreesWithInjected"] as? Bool == true, "\(output)")
        // Of every 50 legs: 1 without a record, 1 amount, 1 account, 1 duplicated (2 records),
        // 1 without a record beside an orphan record, 45 matched.
        #expect(figures["legOutcomes"] as? [String: Int] == ["matched": 450, "amountMismatch": 10, "accountMismatch": 10,
                                                             "legWithoutBankRecord": 20, "duplicateSerial": 10], "\(output)")
        #expect(figures["recordOutcomes"] as? [String: Int] == ["matched": 450, "amountMismatch": 10, "accountMismatch": 10,
                                                                "bankRecordWithoutLeg": 10, "duplicateSerial": 20], "\(output)")
        #expect((figures["seconds"] as? Double ?? 0) > 0 && (figures["recordsPerSecond"] as? Int ?? 0) > 0, "\(output)")
        let before = try #require(figures["residentBeforeBytes"] as? Int)
        let peak = try #require(figures["peakResidentBytes"] as? Int)
        #expect(before > 0 && peak >= before / 2, "\(output)")
        #expect(figures["importRecords"] as? Int == 300 && figures["importRejected"] as? Int == 0, "\(output)")
        #expect((figures["importRecordsPerSecond"] as? Int ?? 0) > 0, "\(output)")
        #expect(output.contains("Matched 450") && output.contains("Amount mismatch 10"), "\(output)")
    }

    @Test func reconcileWithMoreRecordsThanLegsCountsTheRestAsOrphansInChinese() async throws {
        let (status, output) = try await FundChainProcess.run(["bench", "reconcile", "--records", "120", "--legs", "100", "--import-records", "0", "--lang", "zh"])
        #expect(status == 0, "\(output)")
        let figures = try BenchOutput.figures("reconcile", in: output)
        #expect((figures["recordOutcomes"] as? [String: Int])?["bankRecordWithoutLeg"] == 2 + 20, "\(output)")
        #expect(figures["importSeconds"] is NSNull, "\(output)")
        #expect(output.contains("对账用时") && output.contains("银行有、链上无 22"), "\(output)")
    }
}

import Foundation
import TUI

/// A benchmark's figures for people: one labelled row per figure, labels padded by display
/// width so Chinese and English columns line up.
struct BenchTable {
    /// Label and value, in print order.
    var rows: [(String, String)] = []

    /// Adds a row.
    mutating func add(_ label: String, _ value: String) { rows.append((label, value)) }

    /// Prints the rows.
    func print() {
        let labelColumns = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
        for (label, value) in rows { Swift.print(DisplayWidth.pad(label, toColumns: labelColumns) + "  " + value) }
    }

    /// `value` with `digits` decimals.
    static func figure(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    /// Bytes as MiB with one decimal, or "-" when unknown.
    static func mebibytes(_ bytes: Int64?) -> String { bytes.map { figure(Double($0) / 1_048_576, 1) + " MiB" } ?? "-" }
}

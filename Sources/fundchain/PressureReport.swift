import EmbeddedNode
import Foundation
import TUI
import Workflow

/// The figures of one pressure run: a table for people (Chinese or English, labels padded by
/// display width) and one JSON line for scripts.
struct PressureReport {
    let command: PressureBenchCommand
    let target: PressureTarget
    let bound: VerificationBound
    let result: PressureBenchCommand.Result

    var committedPerSecond: Double { Double(result.committedInWindow) / result.windowSeconds }

    /// The latency at quantile `q` (0...1) of the transactions sent in the window, in ms.
    func latencyMs(_ q: Double) -> Double? {
        let sorted = result.latenciesMs.sorted()
        guard !sorted.isEmpty else { return nil }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
    }

    /// CPU µs per committed transaction of each validator whose process is known.
    var validatorMicrosecondsPerTransaction: [Double] {
        guard result.committedInWindow > 0 else { return [] }
        return result.validatorCPUMicroseconds.compactMap { $0 }.map { Double($0) / Double(result.committedInWindow) }
    }

    /// Signature-verification CPU µs per committed transaction of each validator whose process
    /// is its own, and the rest of its CPU per transaction.
    var verifySplitPerTransaction: [(verify: Double, rest: Double)] {
        guard result.committedInWindow > 0 else { return [] }
        let committed = Double(result.committedInWindow)
        return zip(result.validatorCPUMicroseconds, result.validatorVerifyCPUMicroseconds).compactMap { total, verify in
            guard let total, let verify else { return nil }
            return (Double(verify) / committed, Double(max(0, total - verify)) / committed)
        }
    }

    /// Bytes added on disk per committed transaction of each validator whose data is known.
    var diskBytesPerTransaction: [Double] {
        guard result.acceptedTotal > 0 else { return [] }
        return result.diskBytesAdded.compactMap { $0 }.map { Double($0) / Double(result.acceptedTotal) }
    }

    func print(_ language: Language) {
        let settings = command.preset.consensus
        let cluster: String = if command.devnet != nil {
            language.pick("运行中的开发网 \(command.devnet ?? "")", "running devnet \(command.devnet ?? "")")
        } else if !command.url.isEmpty {
            language.pick("\(command.url.count) 个节点（按地址）", "\(command.url.count) nodes by URL")
        } else {
            language.pick("本次启动：4 个验证节点进程，预设 \(command.preset.rawValue)（出块超时 \(settings.batchTimeoutMs) ms，每块至多 \(settings.transactionsPerBlockMax) 笔）",
                          "started by this run: 4 validator processes, preset \(command.preset.rawValue) (batch timeout \(settings.batchTimeoutMs) ms, at most \(settings.transactionsPerBlockMax) per block)")
        }
        let signing = result.signedAhead.map {
            language.pick("预先签名 \($0) 笔（\(Self.figure(result.signSeconds, 1)) s）", "signed ahead: \($0) (\(Self.figure(result.signSeconds, 1)) s)")
        } ?? language.pick("发送时签名", "signed as sent")
        let pacing = command.rate > 0 ? language.pick("限速 \(command.rate) 笔/s", "paced at \(command.rate) tx/s")
                                       : language.pick("不限速", "unpaced")
        let latency = [0.5, 0.95, 0.99, 1.0].map { latencyMs($0).map { Self.figure($0, 1) } ?? "-" }
        let cpu = validatorMicrosecondsPerTransaction
        let split = verifySplitPerTransaction
        let disk = diskBytesPerTransaction
        let fraction = committedPerSecond / bound.transactionsPerSecond
        let rows: [(String, String)] = [
            (language.pick("集群", "cluster"), cluster),
            (language.pick("负载", "load"), "\(command.clients) " + language.pick("个客户端", "clients") + ", \(pacing), \(signing)"),
            (language.pick("测量", "measured"), language.pick("预热 \(command.warmupSeconds) s 后 \(command.seconds) s", "\(command.seconds) s after \(command.warmupSeconds) s warm-up")),
            (language.pick("已提交", "committed"), language.pick("\(result.committedInWindow) 笔，\(result.blocksInWindow) 个区块",
                                                               "\(result.committedInWindow) tx in \(result.blocksInWindow) blocks")),
            (language.pick("吞吐量", "throughput"), "\(Self.figure(committedPerSecond, 1)) tx/s"),
            (language.pick("延迟 p50/p95/p99/最大", "latency p50/p95/p99/max"), latency.joined(separator: " / ") + " ms"),
            (language.pick("每笔 CPU（每个验证节点）", "CPU per tx (each validator)"),
             cpu.isEmpty ? "-" : cpu.map { Self.figure($0, 0) }.joined(separator: ", ") + " µs"
                + language.pick("；集群合计 ", "; cluster total ") + Self.figure(cpu.reduce(0, +), 0) + " µs"),
            (language.pick("其中验签 / 其余", "of which verify / rest"),
             split.isEmpty ? "-" : split.map { Self.figure($0.verify, 0) + " / " + Self.figure($0.rest, 0) }.joined(separator: ", ") + " µs"
                + language.pick("；集群其余合计 ", "; cluster rest total ") + Self.figure(split.map(\.rest).reduce(0, +), 0) + " µs"),
            (language.pick("每笔 CPU（负载生成）", "CPU per tx (load generator)"),
             result.committedInWindow > 0 ? Self.figure(Double(result.generatorCPUMicroseconds) / Double(result.committedInWindow), 0) + " µs" : "-"),
            (language.pick("每笔磁盘字节", "disk bytes per tx"), disk.isEmpty ? "-" : disk.map { Self.figure($0, 0) }.joined(separator: ", ")),
            (language.pick("验签上限", "verification bound"),
             language.pick("P-256 每核每秒 OpenSSL \(bound.openSSLPerSecond)、swift-crypto \(bound.swiftCryptoPerSecond)；\(bound.cores) 核 × 较快者 ÷ 4 = \(Self.figure(bound.transactionsPerSecond, 0)) tx/s",
                           "P-256 verifies/s/core OpenSSL \(bound.openSSLPerSecond), swift-crypto \(bound.swiftCryptoPerSecond); \(bound.cores) cores × faster ÷ 4 = \(Self.figure(bound.transactionsPerSecond, 0)) tx/s")),
            (language.pick("占上限", "of the bound"), Self.figure(fraction * 100, 1) + "%"),
            (language.pick("被拒", "refused"), language.pick("准入 \(result.refusedAtAdmission)，区块内 \(result.rejectedInBlocks)，未决 \(result.pendingAtEnd)",
                                                           "at admission \(result.refusedAtAdmission), in blocks \(result.rejectedInBlocks), pending \(result.pendingAtEnd)")
                + (result.refusalExample.map { "（\($0)）" } ?? "")),
            (language.pick("正确性", "correctness"), correctness(language)),
        ]
        let labelColumns = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
        for (label, value) in rows { Swift.print(DisplayWidth.pad(label, toColumns: labelColumns) + "  " + value) }
        Swift.print(json.serializedString())
    }

    private func correctness(_ language: Language) -> String {
        let before = result.accountsBefore.first ?? 0
        let values = result.accountsAfter.map(String.init).joined(separator: ", ")
        return result.accountsAgree
            ? language.pick("通过：每个节点账户 = \(before) + \(result.acceptedTotal) = \(values)", "ok: every node's account = \(before) + \(result.acceptedTotal): \(values)")
            : language.pick("失败：期望 \(before) + \(result.acceptedTotal)，各节点为 \(values)", "FAILED: expected \(before) + \(result.acceptedTotal), nodes hold \(values)")
    }

    /// The figures as one JSON object.
    var json: JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { .double(($0 * 100).rounded() / 100) } ?? .null }
        return .object(JSONObject([
            ("bench", .string("pressure")),
            ("preset", command.devnet == nil && command.url.isEmpty ? .string(command.preset.rawValue) : .null),
            ("clients", .integer(Int64(command.clients))), ("ratePerSecond", .integer(Int64(command.rate))),
            ("signedAhead", .bool(result.signedAhead != nil)),
            ("warmupSeconds", .integer(Int64(command.warmupSeconds))), ("seconds", .integer(Int64(command.seconds))),
            ("committed", .integer(Int64(result.committedInWindow))), ("blocks", .integer(Int64(result.blocksInWindow))),
            ("committedPerSecond", number(committedPerSecond)),
            ("latencyP50Ms", number(latencyMs(0.5))), ("latencyP95Ms", number(latencyMs(0.95))), ("latencyP99Ms", number(latencyMs(0.99))),
            ("validatorCPUMicrosecondsPerTransaction", .array(validatorMicrosecondsPerTransaction.map { number($0) })),
            ("validatorVerifyCPUMicrosecondsPerTransaction", .array(verifySplitPerTransaction.map { number($0.verify) })),
            ("validatorOtherCPUMicrosecondsPerTransaction", .array(verifySplitPerTransaction.map { number($0.rest) })),
            ("clusterOtherCPUMicrosecondsPerTransaction", split(verifySplitPerTransaction)),
            ("generatorCPUMicrosecondsPerTransaction",
             number(result.committedInWindow > 0 ? Double(result.generatorCPUMicroseconds) / Double(result.committedInWindow) : nil)),
            ("diskBytesPerTransaction", .array(diskBytesPerTransaction.map { number($0) })),
            ("verifyPerSecondPerCoreOpenSSL", .integer(Int64(bound.openSSLPerSecond))), ("verifyPerSecondPerCoreSwiftCrypto", .integer(Int64(bound.swiftCryptoPerSecond))),
            ("cores", .integer(Int64(bound.cores))), ("boundPerSecond", number(bound.transactionsPerSecond)),
            ("fractionOfBound", number(committedPerSecond / bound.transactionsPerSecond)),
            ("refusedAtAdmission", .integer(Int64(result.refusedAtAdmission))), ("rejectedInBlocks", .integer(Int64(result.rejectedInBlocks))),
            ("pendingAtEnd", .integer(Int64(result.pendingAtEnd))), ("accountsAgree", .bool(result.accountsAgree)),
        ]))
    }

    /// The cluster's CPU other than verification per transaction, or null without figures.
    private func split(_ figures: [(verify: Double, rest: Double)]) -> JSONValue {
        figures.isEmpty ? .null : .double((figures.map(\.rest).reduce(0, +) * 100).rounded() / 100)
    }

    /// `value` with `digits` decimals.
    static func figure(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}

import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import Synchronization
import LedgerClient
import Workflow

/// `fundchain bench anchors`: a single-validator node in process on a temporary data
/// directory commits N anchor transactions (`anchorStore` of a document's SHA-256 under a key
/// like `contract/XM2026000001`, signed by the nine demo organisations in turn, all signed
/// before the timed part), a block of `--per-block` at a time. It reports committed tx/s and
/// the chain's bytes on disk per transaction after the node closed (SQLite files, the
/// write-ahead log folded in). Exit status 1 if an anchor was refused.
struct AnchorsBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchors",
        abstract: "Anchor N documents on an in-process validator: tx/s and bytes on disk per transaction.")

    @Option(name: .long, help: "Anchor transactions to commit.")
    var count = 1_000_000
    @Option(name: .long, help: "Transactions per block.")
    var perBlock = 2000
    @OptionGroup var languageOptions: LanguageOptions

    /// The largest run accepted.
    static let countMax = 2_000_000

    func run() async throws {
        guard (1...Self.countMax).contains(count) else { throw ValidationError("--count must be 1...\(Self.countMax)") }
        guard (1...10_000).contains(perBlock) else { throw ValidationError("--per-block must be 1...10000") }
        let language = languageOptions.language
        let chain = try await BenchChain(transactionsPerBlockMax: perBlock)
        defer { chain.remove() }
        print(language.pick("预先签名 \(count) 笔存证交易…", "signing \(count) anchor transactions ahead…"))
        let signStart = ContinuousClock.now
        let transactions = try Self.sign(count: count, chain: chain)
        let signSeconds = (ContinuousClock.now - signStart).seconds
        let averageBytes = Double(transactions.reduce(0) { $0 + $1.count }) / Double(count)

        let cpuStart = BenchCPU.processMicroseconds()
        let start = ContinuousClock.now
        let rejected = try await chain.commit(transactions, blockSize: perBlock)
        let seconds = (ContinuousClock.now - start).seconds
        let cpuMicroseconds = BenchCPU.processMicroseconds() - cpuStart
        let height = await chain.node.chainTip.height
        let diskBytes = await chain.closeAndMeasure()

        let perTransaction = Double(diskBytes) / Double(count)
        var table = BenchTable()
        table.add(language.pick("规模", "size"), language.pick("\(count) 笔存证，\(height) 个区块（每块至多 \(perBlock) 笔），单验证节点，进程内",
                                                             "\(count) anchors in \(height) blocks (at most \(perBlock) each), one validator, in process"))
        table.add(language.pick("预先签名", "signed ahead"), BenchTable.figure(signSeconds, 1) + " s"
                  + language.pick("，平均每笔 ", ", average ") + BenchTable.figure(averageBytes, 0) + language.pick(" 字节", " bytes encoded"))
        table.add(language.pick("提交用时", "committing"), BenchTable.figure(seconds, 2) + " s" + language.pick("（CPU ", " (CPU ")
                  + BenchTable.figure(Double(cpuMicroseconds) / 1_000_000, 2) + language.pick(" s）", " s)"))
        table.add(language.pick("吞吐量", "throughput"), BenchTable.figure(Double(count) / seconds, 0) + " tx/s")
        table.add(language.pick("每笔 CPU", "CPU per tx"), BenchTable.figure(Double(cpuMicroseconds) / Double(count), 1) + " µs")
        table.add(language.pick("磁盘", "on disk"), language.pick("\(diskBytes) 字节，每笔 \(BenchTable.figure(perTransaction, 1)) 字节",
                                                                "\(diskBytes) bytes, \(BenchTable.figure(perTransaction, 1)) bytes per transaction"))
        table.add(language.pick("被拒", "refused"), "\(rejected)")
        table.print()
        print(JSONValue.object(JSONObject([
            ("bench", .string("anchors")), ("count", .integer(Int64(count))), ("perBlock", .integer(Int64(perBlock))),
            ("blocks", .integer(height)), ("signSeconds", .double((signSeconds * 100).rounded() / 100)),
            ("encodedBytesAverage", .double(averageBytes.rounded())),
            ("seconds", .double((seconds * 1000).rounded() / 1000)), ("transactionsPerSecond", .integer(Int64(Double(count) / seconds))),
            ("cpuMicrosecondsPerTransaction", .double((Double(cpuMicroseconds) / Double(count) * 10).rounded() / 10)),
            ("diskBytes", .integer(diskBytes)), ("diskBytesPerTransaction", .double((perTransaction * 10).rounded() / 10)),
            ("rejected", .integer(Int64(rejected))),
        ])).serializedString())
        if rejected > 0 { throw ExitCode(1) }
    }

    /// The anchor transactions, signed on every core: the i-th anchors a document hash under
    /// `contract/XM…` from the (i mod 9)-th organisation with that organisation's next nonce.
    static func sign(count: Int, chain: BenchChain) throws -> [[UInt8]] {
        let senders = DemoConsortium.organisations.map(\.id)
        let chunks = max(1, ProcessInfo.processInfo.activeProcessorCount) * 4
        let chunkSize = (count + chunks - 1) / chunks
        let results = SignedChunks(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var signed: [[UInt8]] = []
            for index in (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize) {
                let key = "contract/XM" + String(format: "%010d", index + 1)
                let payload = TransactionPayload.anchorStore(key: key, valueHash: Array(SHA256Digest.hash(Array("document \(index)".utf8))))
                let sender = senders[index % senders.count]
                signed.append((try? chain.transaction(payload, from: sender, nonce: UInt64(index / senders.count + 1))) ?? [])
            }
            results.set(chunk, signed)
        }
        let all = results.joined()
        guard all.allSatisfy({ !$0.isEmpty }) else { throw CommandFailure("signing an anchor transaction failed") }
        return all
    }
}

/// Signed transactions per chunk, filled from several threads.
private final class SignedChunks: Sendable {
    private let chunks: Mutex<[[[UInt8]]]>

    init(count: Int) { chunks = Mutex(Array(repeating: [], count: count)) }

    func set(_ index: Int, _ transactions: [[UInt8]]) { chunks.withLock { $0[index] = transactions } }

    /// Every chunk's transactions, in chunk order.
    func joined() -> [[UInt8]] { chunks.withLock { Array($0.joined()) } }
}

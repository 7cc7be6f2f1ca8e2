import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Workflow

/// A single-validator chain in process for the workload benchmarks: the demo consortium's
/// organisations with fresh signing keys, the provincial office validating alone (quorum of
/// one), and its node on a temporary data directory that `remove()` deletes. Transactions are
/// signed ahead of the timed part with `transaction(_:from:nonce:)` and committed with
/// `commit(_:)`, a block of `transactionsPerBlockMax` at a time.
struct BenchChain {
    let genesis: Genesis
    let keys: [String: SigningKey]
    let node: Node
    let directory: URL

    /// The validating organisation.
    static let validatorID = "provincial-office"
    /// Genesis time; block times are the machine's clock, later than this.
    static let genesisTime = "2026-11-21T00:00:00Z"

    /// Creates the chain and opens its node.
    /// - Parameter transactionsPerBlockMax: the most transactions in one block.
    init(transactionsPerBlockMax: Int) async throws {
        var keys: [String: SigningKey] = [:]
        for organisation in DemoConsortium.organisations { keys[organisation.id] = try SigningKey(generating: .p256SHA256) }
        let entries = DemoConsortium.organisations.map { organisation in
            GenesisFile.OrganisationEntry(
                id: organisation.id, kind: organisation.kind.identifier, name: organisation.name, accountNumber: organisation.accountNumber,
                county: organisation.county.isEmpty ? nil : organisation.county, publicKey: Hex.encode(keys[organisation.id]!.publicKey.rawBytes),
                validator: organisation.id == Self.validatorID)
        }
        // Signing ahead takes time: the window and the clock tolerance cover a long run.
        let consensus = ConsensusSettings(batchTimeoutMs: 1, transactionsPerBlockMax: transactionsPerBlockMax,
                                          expiryWindowBlocks: Self.expiryWindowBlocks, timestampToleranceMs: 86_400_000)
        let file = GenesisFile(chainID: "bench-chain", cryptoSuite: CryptoSuiteID.p256SHA256.rawValue, genesisTime: Self.genesisTime,
                               organisations: entries, consensus: consensus)
        genesis = try Genesis(file: file)
        self.keys = keys
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-bench-\(UUID().uuidString)")
        node = try Node(genesis: genesis, dataDirectory: directory, validator: (Self.validatorID, keys[Self.validatorID]!))
    }

    /// The expiry window: every pre-signed transaction expires at its end.
    static let expiryWindowBlocks = 1_000_000

    /// A transaction from `sender`, signed now, valid until the end of the expiry window.
    func transaction(_ payload: TransactionPayload, from sender: String, nonce: UInt64) throws -> [UInt8] {
        let body = TransactionBody(chainID: genesis.chainID, senderID: sender, nonce: nonce, expiryHeight: Int64(Self.expiryWindowBlocks),
                                   timestampMs: Int64(Date().timeIntervalSince1970 * 1000), payload: payload)
        return try Transaction(signing: body, with: keys[sender]!).canonicalBytes
    }

    /// Submits `transactions` and commits them, a full block at a time (the last may be
    /// smaller). Returns the receipts' rejections (zero when every transaction succeeded).
    func commit(_ transactions: [[UInt8]], blockSize: Int) async throws -> Int {
        var rejected = 0
        var start = 0
        while start < transactions.count {
            let end = min(transactions.count, start + blockSize)
            for bytes in transactions[start..<end] { _ = try await node.submit(bytes) }
            var committed = 0
            while committed < end - start {
                guard let block = try await node.produceBlockIfDue() else {
                    try await Task.sleep(for: .milliseconds(1))
                    continue
                }
                committed += block.block.transactions.count
                rejected += block.receipts.count { if case .failure = $0.outcome { true } else { false } }
            }
            start = end
        }
        return rejected
    }

    /// Closes the node (SQLite folds its write-ahead log into the database) and returns the
    /// bytes of every file in the data directory.
    func closeAndMeasure() async -> Int64 {
        await node.close()
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.fileSizeKey])) ?? []
        return files.reduce(0) { total, file in total + Int64((try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
    }

    /// Deletes the data directory.
    func remove() { try? FileManager.default.removeItem(at: directory) }
}

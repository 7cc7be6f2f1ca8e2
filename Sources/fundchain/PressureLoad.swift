import Canonical
import EmbeddedNode
import Foundation
import LedgerClient

/// Pressure-add transactions signed by the demo organisations in turn, each with a random
/// nonce: signed all ahead of the run, or one at a time by the clients as they go.
struct PressureTransactions: Sendable {
    /// One signed transaction as the load sends it: its hash and its canonical bytes in hex.
    struct Signed: Sendable {
        let hashHex: String
        let hex: String
    }

    let keys: [(id: String, key: SigningKey)]
    let chainID: String
    let expiryHeight: Int64
    let suite: any CryptoSuite

    /// Opens every demo organisation's keystore under `demo/keys`.
    init(demo: URL, chainID: String, expiryHeight: Int64, suite: any CryptoSuite) throws {
        var keys: [(id: String, key: SigningKey)] = []
        for organisation in DemoConsortium.organisations {
            let path = demo.appendingPathComponent("keys/\(organisation.id).keystore").path
            guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
            do { keys.append((organisation.id, try Keystore.open(data, passphrase: DemoConsortium.demoPassphrase).key)) } catch {
                throw CommandFailure("\(path): \(error.message(false))")
            }
        }
        self.keys = keys
        self.chainID = chainID
        self.expiryHeight = expiryHeight
        self.suite = suite
    }

    /// The `index`-th transaction (its signer rotates with the index), stamped now.
    func sign(_ index: Int) throws -> Signed {
        let signer = keys[index % keys.count]
        let body = TransactionBody(chainID: chainID, senderID: signer.id, nonce: UInt64.random(in: 1...UInt64.max),
                                   expiryHeight: expiryHeight, timestampMs: Int64(Date().timeIntervalSince1970 * 1000), payload: .pressureAdd)
        let transaction = try Transaction(signing: body, with: signer.key)
        return Signed(hashHex: Hex.encode(transaction.hash(suite)), hex: Hex.encode(transaction.canonicalBytes))
    }

    /// `count` transactions signed on every core.
    func signAhead(_ count: Int) async throws -> [Signed] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let share = (count + cores - 1) / cores
        return try await withThrowingTaskGroup(of: (Int, [Signed]).self) { group in
            for part in 0..<cores {
                let range = (part * share)..<min(count, (part + 1) * share)
                group.addTask { (part, try range.map(sign)) }
            }
            var parts: [(Int, [Signed])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}

/// What the load saw: when each transaction was sent and when the watched node committed it,
/// and the counts of refusals. Latencies count for transactions sent inside the measurement
/// window; throughput counts commits observed inside it.
actor PressureRecorder {
    private var sentAt: [String: ContinuousClock.Instant] = [:]
    private var window: (start: ContinuousClock.Instant, end: ContinuousClock.Instant)?
    private(set) var latenciesMs: [Double] = []
    private(set) var committedInWindow = 0
    private(set) var acceptedTotal = 0
    private(set) var rejectedInBlocks = 0
    private(set) var refusedAtAdmission = 0
    private(set) var refusalExample: String?
    private(set) var blocksInWindow = 0

    /// The measurement window (after the warm-up).
    func setWindow(start: ContinuousClock.Instant, end: ContinuousClock.Instant) {
        precondition(start <= end, "a window ends after it starts")
        window = (start, end)
    }

    /// A transaction is about to be sent.
    func sending(_ hashHex: String, at instant: ContinuousClock.Instant) {
        sentAt[hashHex] = instant
    }

    /// The node refused it at admission (full mempool, expired...).
    func refused(_ hashHex: String, reason: String) {
        sentAt[hashHex] = nil
        refusedAtAdmission += 1
        if refusalExample == nil { refusalExample = reason }
    }

    /// The watched node committed a block holding these transactions at `instant`.
    func committed(accepted: [String], rejected: [String], at instant: ContinuousClock.Instant) {
        let inWindow = window.map { $0.start <= instant && instant <= $0.end } ?? false
        if inWindow { blocksInWindow += 1 }
        for (hashes, accepted) in [(accepted, true), (rejected, false)] {
            for hash in hashes {
                // Only this run's transactions count.
                guard let sent = sentAt.removeValue(forKey: hash) else { continue }
                if let window, window.start <= sent, sent <= window.end { latenciesMs.append((instant - sent).seconds * 1000) }
                if accepted {
                    acceptedTotal += 1
                    if inWindow { committedInWindow += 1 }
                } else {
                    rejectedInBlocks += 1
                }
            }
        }
    }

    /// Transactions sent and neither committed nor refused yet.
    var pendingCount: Int { sentAt.count }
}

/// Sends the load and watches for commits.
enum PressureLoad {
    /// Runs `clients` senders until `stopAt`, each taking the next transaction from `next`
    /// (nil: the pool is exhausted) and sending it to the validators in turn; paced to
    /// `ratePerSecond` in total when it is above zero, else each sends as soon as its previous
    /// call returned.
    static func send(clients: Int, ratePerSecond: Int, until stopAt: ContinuousClock.Instant, nodes: [JSONRPCClient],
                     recorder: PressureRecorder, next: @escaping @Sendable (Int) throws -> PressureTransactions.Signed?) async throws {
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var round = 0
                    while ContinuousClock.now < stopAt {
                        let sequence = round * clients + client
                        round += 1
                        if ratePerSecond > 0 {
                            let due = start + .microseconds(Int64(sequence) * 1_000_000 / Int64(ratePerSecond))
                            guard due < stopAt else { break }
                            try await Task.sleep(until: due, clock: .continuous)
                        }
                        guard let signed = try next(sequence) else { break }
                        let node = nodes[sequence % nodes.count]
                        await recorder.sending(signed.hashHex, at: ContinuousClock.now)
                        do {
                            _ = try await node.call("fc_submitTransaction", params: ["transaction": .string(signed.hex)], timeout: .seconds(30))
                        } catch RPCClientError.rpc(let error) {
                            await recorder.refused(signed.hashHex, reason: error.message)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Follows `node`'s commits from `afterHeight` (block summaries, long-polled) until
    /// cancelled; returns the last height seen.
    static func watch(_ node: JSONRPCClient, afterHeight: Int64, recorder: PressureRecorder) async throws -> Int64 {
        var height = afterHeight
        while !Task.isCancelled {
            guard let block = try await nextBlock(node, afterHeight: height) else { continue }
            let now = ContinuousClock.now
            guard let blockHeight = block["height"]?.int64Value, blockHeight == height + 1 else {
                throw CommandFailure("the watched node answered block \(block["height"].map { "\($0)" } ?? "?") after \(height)")
            }
            height = blockHeight
            let accepted = block["acceptedTransactionHashes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let rejected = block["rejectedTransactionHashes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            await recorder.committed(accepted: accepted, rejected: rejected, at: now)
        }
        return height
    }

    /// The summary of `node`'s block after `height`, or nil when none came within a second or
    /// the watch was cancelled (which ends the call's connection).
    private static func nextBlock(_ node: JSONRPCClient, afterHeight height: Int64) async throws -> JSONValue? {
        do {
            return try await node.call("fc_waitForBlock", params: ["afterHeight": .integer(height), "timeoutMs": 1000, "summary": true],
                                       timeout: .seconds(30))
        } catch {
            if Task.isCancelled { return nil }
            if case .rpc(let refusal) = error, refusal.code == .timeout { return nil }
            throw error
        }
    }
}

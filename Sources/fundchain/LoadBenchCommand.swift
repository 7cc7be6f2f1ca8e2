import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import LedgerClient

/// `fundchain bench load`: committed transactions per second of running nodes (a devnet):
/// signs a bounded batch with the demo keys, submits it round-robin over JSON-RPC, and times
/// until the first node holds every receipt.
struct LoadBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Submit N demo transactions round-robin to nodes and report committed transactions/s (e.g. against `devnet up`).")

    @Option(name: .long, help: "The demo directory holding keys/ORG.keystore (devnet: DIR/demo).")
    var demo = "devnet/demo"
    @Option(name: .long, help: "A node's JSON-RPC URL (repeat for each; the first is watched for receipts).")
    var url: [String] = []
    @Option(name: .long, help: "Transactions to submit.")
    var transactions = 400
    @Option(name: .long, help: "Submissions in flight at once.")
    var concurrency = 8

    func run() async throws {
        guard (1...20_000).contains(transactions) else { throw ValidationError("--transactions must be 1...20000") }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1...64") }
        let endpoints = try url.map { text -> RPCEndpoint in
            guard let endpoint = RPCEndpoint(url: text) else { throw ValidationError("--url \(text) is not http://HOST:PORT") }
            return endpoint
        }
        guard !endpoints.isEmpty else { throw ValidationError("give at least one --url") }
        let clients = endpoints.map { JSONRPCClient(endpoint: $0, bearerToken: nil) }
        let health = try await clients[0].call("fc_health", timeout: .seconds(10))
        guard let chainID = health["chainID"]?.stringValue, let height = health["tipHeight"]?.int64Value else {
            throw CommandFailure("\(url[0]) did not answer fc_health")
        }
        let signed = try signTransactions(chainID: chainID, expiryHeight: height + 900)
        let started = ContinuousClock.now
        let hashes = try await submit(signed, clients: clients)
        let submittedAfter = ContinuousClock.now - started
        try await waitForReceipts(hashes, client: clients[0])
        let committedAfter = ContinuousClock.now - started
        let endHeight = try await clients[0].call("fc_blockCount", timeout: .seconds(10)).int64Value ?? height
        for client in clients { await client.close() }
        let seconds = Double(committedAfter.components.attoseconds) / 1e18 + Double(committedAfter.components.seconds)
        let submitSeconds = Double(submittedAfter.components.attoseconds) / 1e18 + Double(submittedAfter.components.seconds)
        print("transactions \(transactions)  nodes \(clients.count)  blocks \(endHeight - height)")
        print(String(format: "submitted in %.2f s, all committed after %.2f s: %.1f committed tx/s", submitSeconds, seconds, Double(transactions) / seconds))
    }

    /// Pressure-add transactions from every demo organisation in turn, random nonces.
    private func signTransactions(chainID: String, expiryHeight: Int64) throws -> [Transaction] {
        var keys: [(id: String, key: SigningKey)] = []
        for organisation in DemoConsortium.organisations {
            let path = URL(fileURLWithPath: demo).appendingPathComponent("keys/\(organisation.id).keystore")
            guard let data = FileManager.default.contents(atPath: path.path) else { throw CommandFailure("cannot read \(path.path)") }
            do { keys.append((organisation.id, try Keystore.open(data, passphrase: DemoConsortium.demoPassphrase).key)) } catch {
                throw CommandFailure("\(path.path): \(error.message(false))")
            }
        }
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        return try (0..<transactions).map { index in
            let signer = keys[index % keys.count]
            let body = TransactionBody(chainID: chainID, senderID: signer.id, nonce: UInt64.random(in: 1...UInt64.max),
                                       expiryHeight: expiryHeight, timestampMs: nowMs, payload: .pressureAdd)
            return try Transaction(signing: body, with: signer.key)
        }
    }

    /// Submits round-robin with `concurrency` calls in flight; returns the hashes.
    private func submit(_ signed: [Transaction], clients: [JSONRPCClient]) async throws -> [String] {
        try await withThrowingTaskGroup(of: String.self) { group in
            var hashes: [String] = []
            for (index, transaction) in signed.enumerated() {
                if index >= concurrency, let hash = try await group.next() { hashes.append(hash) }
                let client = clients[index % clients.count]
                group.addTask {
                    let answer = try await client.call("fc_submitTransaction", params: ["transaction": .string(Hex.encode(transaction.canonicalBytes))],
                                                       timeout: .seconds(30))
                    guard let hash = answer["hash"]?.stringValue else { throw CommandFailure("no hash in \(answer)") }
                    return hash
                }
            }
            for try await hash in group { hashes.append(hash) }
            return hashes
        }
    }

    /// Polls (10 ms apart, 5 minutes at most) until `client` holds every receipt.
    private func waitForReceipts(_ hashes: [String], client: JSONRPCClient) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        for hash in hashes {
            while (try? await client.call("fc_getReceipt", params: ["hash": .string(hash)], timeout: .seconds(10))) == nil {
                guard ContinuousClock.now < deadline else { throw CommandFailure("transaction \(hash) not committed within 5 minutes") }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }
}

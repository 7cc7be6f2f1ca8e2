import EmbeddedNode
import Foundation
import Testing
import WorkflowTestSupport

/// The embedded default's data directory as a test reads it while a terminal runs it: the
/// validators' JSON-RPC URLs from `connect.txt`, the bearer token from `rpc-token`, and the
/// running process's id from `embedded.lock`.
struct EmbeddedDemo {
    /// The four validators of the embedded default.
    static let validators = ["auditor", "commercial-bank", "provincial-finance", "provincial-office"]

    let directory: URL

    var tokenFile: URL { directory.appendingPathComponent("rpc-token") }
    var keys: URL { directory.appendingPathComponent("keys") }

    /// Each validator's URL, once the running terminal has written them all.
    func urls() async throws -> [String: String] {
        var urls: [String: String] = [:]
        try await Polling.wait(for: "connect.txt naming the four validators", seconds: 60) {
            let text = (try? String(contentsOf: directory.appendingPathComponent("connect.txt"), encoding: .utf8)) ?? ""
            urls = [:]
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let fields = line.split(separator: " ").map(String.init)
                if fields.count == 2 { urls[fields[0]] = fields[1] }
            }
            return urls.keys.sorted() == Self.validators
        }
        return urls
    }

    /// A client of every validator, with the demo's token.
    func clients() async throws -> [String: JSONRPCClient] {
        let token = try String(contentsOf: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        var clients: [String: JSONRPCClient] = [:]
        for (id, url) in try await urls() {
            let endpoint = try #require(RPCEndpoint(url: url))
            clients[id] = JSONRPCClient(endpoint: endpoint, bearerToken: token)
        }
        return clients
    }

    /// The id of the process running the demo, checked to be a `fundchain` on this directory
    /// (a reused process id of another program is never signalled).
    func runningProcess() throws -> Int32 {
        let text = try String(contentsOf: directory.appendingPathComponent("embedded.lock"), encoding: .utf8)
        let pid = try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        let commandLine = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))
        let words = String(decoding: commandLine.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        try #require(words.contains("fundchain") && words.contains(directory.path), "process \(pid) is this demo's: \(words)")
        return pid
    }

    /// Each validator's block hashes from height 1 to its tip, read over JSON-RPC.
    static func blockHashes(_ clients: [String: JSONRPCClient]) async throws -> [String: [String]] {
        var hashes: [String: [String]] = [:]
        for (id, client) in clients {
            let tip = try await client.call("fc_blockCount", timeout: TestDeadline.seconds(30)).int64Value ?? 0
            var chain: [String] = []
            for height in stride(from: Int64(1), through: tip, by: 1) {
                let block = try await client.call("fc_getBlockByNumber", params: ["height": .integer(height)], timeout: TestDeadline.seconds(30))
                chain.append(try #require(block["hash"]?.stringValue))
            }
            hashes[id] = chain
        }
        return hashes
    }

    /// Waits until every validator's tip is at least `height`.
    static func waitForHeight(_ height: Int64, _ clients: [String: JSONRPCClient]) async throws {
        try await Polling.wait(for: "every validator at height \(height)", seconds: 60) {
            for client in clients.values {
                guard try await client.call("fc_blockCount", timeout: TestDeadline.seconds(30)).int64Value ?? 0 >= height else { return false }
            }
            return true
        }
    }

    /// Closes the clients.
    static func close(_ clients: [String: JSONRPCClient]) async {
        for client in clients.values { await client.close() }
    }
}

import EmbeddedNode
import Foundation
import Glibc
import LedgerClient
import Testing
import WorkflowTestSupport

/// `fundchain node --metrics-listen`: a running node's `GET /metrics` in Prometheus text
/// format, scraped before and after commits; a non-loopback metrics address refused unless
/// allowed.
@Suite(.serialized) struct NodeMetricsTests {
    /// The body of `GET path` from 127.0.0.1:`port`, over a plain socket (one request, the
    /// server closes), with a 30 s receive timeout.
    static func get(port: Int, path: String = "/metrics") async throws -> (status: String, body: String) {
        try await BlockingWork.run {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { throw CocoaError(.fileReadUnknown) }
            defer { close(socket) }
            var timeout = timeval(tv_sec: 30, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw CocoaError(.fileReadNoPermission) }
            let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
            _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            var response: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while response.count < 8 << 20 {
                let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { break }
                response += chunk[0..<count]
            }
            let text = String(decoding: response, as: UTF8.self)
            let parts = text.components(separatedBy: "\r\n\r\n")
            return (parts.first?.components(separatedBy: "\r\n").first ?? "", parts.dropFirst().joined(separator: "\r\n\r\n"))
        }
    }

    /// The value of the sample named exactly `name` (with its labels, if any) in `exposition`.
    static func value(_ name: String, in exposition: String) -> Double? {
        exposition.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func metricsMoveWithCommits() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-metrics-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = directory.appendingPathComponent("demo")
        #expect(try await FundChainProcess.run(["genesis", "demo", "--out", demo.path]).status == 0)
        let node = try await RunningNode.launch([
            "node", "--genesis", demo.appendingPathComponent("genesis.json").path, "--data-dir", directory.appendingPathComponent("data").path,
            "--rpc-port", "0", "--keystore", demo.appendingPathComponent("keys/provincial-office.keystore").path,
            "--metrics-listen", "127.0.0.1:0",
        ])
        defer { node.process.terminate() }
        let portText = try #require(node.banner.range(of: #"/metrics"#).map { _ in
            node.banner.components(separatedBy: "metrics http://127.0.0.1:").last?.components(separatedBy: "/").first ?? ""
        })
        let port = try #require(Int(portText), "banner: \(node.banner)")

        let before = try await Self.get(port: port)
        #expect(before.status == "HTTP/1.1 200 OK")
        #expect(Self.value("fundchain_height", in: before.body) == 0)
        #expect(Self.value("fundchain_committed_transactions_total", in: before.body) == 0)
        #expect(Self.value(#"fundchain_credit_score{validator="provincial-office"}"#, in: before.body) == 1)
        #expect(Self.value("fundchain_peers_expected", in: before.body) == 0)

        var environment = ProcessInfo.processInfo.environment
        environment["FUNDCHAIN_PASSPHRASE"] = DemoConsortium.demoPassphrase
        for index in 1...2 {
            let document = directory.appendingPathComponent("report-\(index).txt")
            try Data("验收报告 \(index)".utf8).write(to: document)
            let stored = try await FundChainProcess.run(["anchor", "store", document.path, "--key", "report/\(index)", "--keystore",
                                                         demo.appendingPathComponent("keys/builder.keystore").path, "--url", node.url], environment: environment)
            #expect(stored.status == 0, "\(stored.output)")
        }
        // The counters follow the node's commit stream, which may trail the receipt a moment.
        var after = try await Self.get(port: port)
        try await Polling.wait(for: "both commits counted") {
            after = try await Self.get(port: port)
            return Self.value("fundchain_committed_transactions_total", in: after.body) == 2
        }
        let height = try #require(Self.value("fundchain_height", in: after.body))
        #expect(height >= 2, "two anchors committed")
        #expect(Self.value("fundchain_committed_transactions_total", in: after.body) == 2)
        #expect(Self.value("fundchain_committed_blocks_total", in: after.body) == height)
        #expect(Self.value("fundchain_commit_latency_seconds_count", in: after.body) == height)
        #expect(Self.value("fundchain_mempool_transactions", in: after.body) == 0)
        #expect(after.body.contains("# TYPE fundchain_commit_latency_seconds histogram"))
        #expect(try await Self.get(port: port, path: "/other").status == "HTTP/1.1 404 Not Found")
        try await node.kill(signal: SIGTERM)
    }

    @Test func aNonLoopbackMetricsAddressIsRefusedUnlessAllowed() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-metrics-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = directory.appendingPathComponent("demo")
        #expect(try await FundChainProcess.run(["genesis", "demo", "--out", demo.path]).status == 0)
        let refused = try await FundChainProcess.run(["node", "--genesis", demo.appendingPathComponent("genesis.json").path,
                                                      "--data-dir", directory.appendingPathComponent("data").path, "--rpc-port", "0",
                                                      "--metrics-listen", "0.0.0.0:0"])
        #expect(refused.status != 0 && refused.output.contains("not loopback") && refused.output.contains("--metrics-allow-remote"), "\(refused.output)")
    }
}

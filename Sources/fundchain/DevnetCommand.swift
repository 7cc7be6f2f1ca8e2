import ArgumentParser
import EmbeddedNode
import Foundation
import LedgerClient
import Workflow

/// `fundchain devnet`: a local consortium of four validators, each its own `fundchain node`
/// process with its own data directory, peering over mutual TLS on loopback.
struct DevnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devnet", abstract: "Run four validators as separate processes on loopback (up, status, down).",
        subcommands: [Up.self, Status.self, Down.self])

    /// The validators of the devnet (demo organisations).
    static let validators = DemoConsortium.validators

    /// `fundchain devnet up`.
    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create DIR/demo (genesis, keys, CA, node certificates) if missing and start the four validators.")

        @OptionGroup var place: DevnetPlace
        @Option(name: .long, help: "Validator i serves JSON-RPC on BASE+i and peers on BASE+100+i.")
        var portBase = 27_500
        @Option(name: .long, help: "Batch timeout of a new devnet's genesis, in milliseconds.")
        var batchTimeoutMs = 500
        @OptionGroup var languageOptions: LanguageOptions

        func run() async throws {
            let language = languageOptions.language
            guard (1024...60_000).contains(portBase) else { throw ValidationError("--port-base must be 1024...60000") }
            if let running = try? DevnetFile.load(place.directory), running.nodes.contains(where: { DevnetProcess.isRunning($0) }) {
                throw CommandFailure(language.pick("开发网已在运行（\(place.dir)）；先执行 devnet down", "the devnet in \(place.dir) is already up; run devnet down first"))
            }
            let demo = place.directory.appendingPathComponent("demo")
            if !FileManager.default.fileExists(atPath: demo.appendingPathComponent(DemoConsortium.genesisFileName).path) {
                do {
                    _ = try DemoConsortium.create(at: demo, validators: DevnetCommand.validators, withNodeCertificates: true,
                                                  consensus: ConsensusSettings(batchTimeoutMs: batchTimeoutMs))
                } catch {
                    throw CommandFailure(error.message(language))
                }
            }
            var file = DevnetFile(nodes: [])
            for (index, id) in DevnetCommand.validators.enumerated() {
                file.nodes.append(try DevnetProcess.start(id: id, index: index, portBase: portBase, directory: place.directory))
            }
            try file.save(place.directory)
            for node in file.nodes { try await DevnetProcess.waitUntilServing(node, directory: place.directory) }
            print(language.pick("开发网已启动：4 个验证节点", "devnet up: 4 validators"))
            for node in file.nodes {
                print("\(node.id)  pid \(node.pid)  rpc http://127.0.0.1:\(node.rpcPort)  peer 127.0.0.1:\(node.peerPort)")
            }
        }
    }

    /// `fundchain devnet status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show each validator's process, height, view and connected peers.")

        @OptionGroup var place: DevnetPlace
        @OptionGroup var languageOptions: LanguageOptions

        func run() async throws {
            let language = languageOptions.language
            let file = try DevnetFile.load(place.directory)
            print(language.pick("节点  进程  高度  视图  已连接对等节点", "node  pid  height  view  peers"))
            for node in file.nodes {
                guard DevnetProcess.isRunning(node) else {
                    print("\(node.id)  \(node.pid)  " + language.pick("已停止", "stopped"))
                    continue
                }
                let client = JSONRPCClient(endpoint: RPCEndpoint(host: "127.0.0.1", port: node.rpcPort), bearerToken: nil)
                let answer = try? await client.call("fc_health", timeout: .seconds(5))
                await client.close()
                guard let health = answer else {
                    print("\(node.id)  \(node.pid)  " + language.pick("无应答", "not answering"))
                    continue
                }
                let height = health["tipHeight"]?.int64Value.map(String.init) ?? "?"
                let view = health["view"]?.int64Value.map(String.init) ?? "-"
                let peers = health["peers"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ",") ?? ""
                print("\(node.id)  \(node.pid)  \(height)  \(view)  \(peers.isEmpty ? "-" : peers)")
            }
        }
    }

    /// `fundchain devnet down`.
    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the validators by their recorded process ids (SIGTERM, then SIGKILL after 15 s).")

        @OptionGroup var place: DevnetPlace
        @OptionGroup var languageOptions: LanguageOptions

        func run() async throws {
            let language = languageOptions.language
            let file = try DevnetFile.load(place.directory)
            try await DevnetProcess.stop(file.nodes)
            try? FileManager.default.removeItem(at: DevnetFile.url(place.directory))
            print(language.pick("开发网已停止（数据保留在 \(place.dir)）", "devnet down (data kept in \(place.dir))"))
        }
    }
}

/// The devnet directory option.
struct DevnetPlace: ParsableArguments {
    @Option(name: .long, help: "The devnet's directory (genesis, keys, certificates, data, logs, process ids).")
    var dir = "devnet"

    var directory: URL { URL(fileURLWithPath: dir) }
}

/// DIR/devnet.json: the running validators' process ids and ports.
struct DevnetFile: Codable {
    /// One validator process.
    struct Entry: Codable {
        var id: String
        var pid: Int32
        var rpcPort: Int
        var peerPort: Int
        var dataDir: String
    }

    var nodes: [Entry]

    static func url(_ directory: URL) -> URL { directory.appendingPathComponent("devnet.json") }

    static func load(_ directory: URL) throws -> DevnetFile {
        guard let data = FileManager.default.contents(atPath: url(directory).path) else {
            throw CommandFailure("no devnet in \(directory.path) (devnet.json missing; run devnet up)")
        }
        do { return try JSONDecoder().decode(DevnetFile.self, from: data) } catch {
            throw CommandFailure("\(url(directory).path) is damaged: \(error)")
        }
    }

    func save(_ directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: DevnetFile.url(directory), options: .atomic)
    }
}

/// Starting, finding and waiting for devnet validator processes.
enum DevnetProcess {
    /// Starts validator `id` as `fundchain node` with its log in DIR/logs/<id>.log.
    static func start(id: String, index: Int, portBase: Int, directory: URL) throws -> DevnetFile.Entry {
        let demo = directory.appendingPathComponent("demo")
        let data = directory.appendingPathComponent("data/\(id)")
        let logs = directory.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let rpcPort = portBase + index, peerPort = portBase + 100 + index
        var arguments = ["node", "--genesis", demo.appendingPathComponent(DemoConsortium.genesisFileName).path, "--data-dir", data.path,
                         "--rpc-port", "\(rpcPort)", "--keystore", demo.appendingPathComponent("keys/\(id).keystore").path,
                         "--node-cert", demo.appendingPathComponent("nodes/\(id)/node.pem").path,
                         "--node-key", demo.appendingPathComponent("nodes/\(id)/node-key.pem").path,
                         "--peer-listen", "127.0.0.1:\(peerPort)"]
        for (other, otherID) in DevnetCommand.validators.enumerated() where otherID != id {
            arguments += ["--peer", "\(otherID)=127.0.0.1:\(portBase + 100 + other)"]
        }
        let logURL = logs.appendingPathComponent("\(id).log")
        guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else { throw CommandFailure("cannot create \(logURL.path)") }
        let log = try FileHandle(forWritingTo: logURL)
        let process = Process()
        process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = arguments
        process.environment = ["FUNDCHAIN_PASSPHRASE": DemoConsortium.demoPassphrase, "PATH": "/usr/bin:/bin"]
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return DevnetFile.Entry(id: id, pid: process.processIdentifier, rpcPort: rpcPort, peerPort: peerPort, dataDir: data.path)
    }

    /// Whether the recorded process still runs and is this devnet's node (a reused process id
    /// of another program is never signalled).
    static func isRunning(_ node: DevnetFile.Entry) -> Bool {
        guard kill(node.pid, 0) == 0, let commandLine = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(node.pid)/cmdline")) else { return false }
        let text = String(decoding: commandLine.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        return text.contains(" node ") && text.contains(node.dataDir)
    }

    /// Stops the nodes that still run: SIGTERM, then SIGKILL to those alive after 15 s.
    static func stop(_ nodes: [DevnetFile.Entry]) async throws {
        for node in nodes where isRunning(node) { kill(node.pid, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(15)
        while nodes.contains(where: { isRunning($0) }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        for node in nodes where isRunning(node) { kill(node.pid, SIGKILL) }
    }

    /// Waits (30 s at most) until the node's log shows its "rpc http://" line.
    static func waitUntilServing(_ node: DevnetFile.Entry, directory: URL) async throws {
        let log = directory.appendingPathComponent("logs/\(node.id).log")
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: log, encoding: .utf8), text.contains("rpc http://") { return }
            guard isRunning(node) else { throw CommandFailure("\(node.id) stopped while starting; see \(log.path)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CommandFailure("\(node.id) did not start within 30 s; see \(log.path)")
    }
}

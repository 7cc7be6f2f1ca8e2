import EmbeddedNode
import Foundation
import Glibc
import LedgerClient
import Workflow

/// The validators a pressure run drives and measures: a devnet this run starts in a temporary
/// directory (and stops and removes at the end), a running devnet, or bare JSON-RPC URLs (no
/// process or disk figures then).
struct PressureTarget {
    /// One validator as the run sees it.
    struct Validator {
        let id: String
        let endpoint: RPCEndpoint
        /// Its process, when known: CPU time is read from /proc.
        let pid: Int32?
        /// Its data directory, when known: bytes on disk are summed over it.
        let dataDirectory: URL?
    }

    let validators: [Validator]
    /// Holds keys/ORG.keystore for the demo organisations that sign the load.
    let demoDirectory: URL
    /// The devnet this run started (`stopOwn`, `removeOwn`).
    private let ownDevnet: (directory: URL, nodes: [DevnetFile.Entry])?

    /// Starts the four demo validators as separate processes, with `consensus` in a fresh
    /// genesis, RPC ports from `portBase` and peer ports from `portBase + 100`.
    static func startOwn(consensus: ConsensusSettings, portBase: Int, language: Language) async throws -> PressureTarget {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-pressure-\(UUID().uuidString)")
        let demo = directory.appendingPathComponent("demo")
        do {
            _ = try DemoConsortium.create(at: demo, validators: DemoConsortium.validators, withNodeCertificates: true, consensus: consensus)
        } catch {
            throw CommandFailure(error.message(language))
        }
        var nodes: [DevnetFile.Entry] = []
        do {
            for (index, id) in DemoConsortium.validators.enumerated() {
                nodes.append(try DevnetProcess.start(id: id, index: index, portBase: portBase, directory: directory))
            }
            for node in nodes { try await DevnetProcess.waitUntilServing(node, directory: directory) }
        } catch {
            try? await DevnetProcess.stop(nodes)
            throw error
        }
        return PressureTarget(validators: nodes.map(Self.validator), demoDirectory: demo, ownDevnet: (directory, nodes))
    }

    /// The validators of the devnet running in `directory` (`fundchain devnet up --dir`).
    static func devnet(_ directory: URL) throws -> PressureTarget {
        let file = try DevnetFile.load(directory)
        guard file.nodes.allSatisfy(DevnetProcess.isRunning) else {
            throw CommandFailure("the devnet in \(directory.path) is not running (see devnet status)")
        }
        return PressureTarget(validators: file.nodes.map(Self.validator), demoDirectory: directory.appendingPathComponent("demo"), ownDevnet: nil)
    }

    /// Nodes known only by URL; their keys are in `demo`.
    static func urls(_ urls: [String], demo: URL) throws -> PressureTarget {
        let validators = try urls.enumerated().map { index, text -> Validator in
            guard let endpoint = RPCEndpoint(url: text) else { throw CommandFailure("--url \(text) is not http://HOST:PORT") }
            return Validator(id: "node\(index + 1)", endpoint: endpoint, pid: nil, dataDirectory: nil)
        }
        return PressureTarget(validators: validators, demoDirectory: demo, ownDevnet: nil)
    }

    private static func validator(_ entry: DevnetFile.Entry) -> Validator {
        Validator(id: entry.id, endpoint: RPCEndpoint(host: "127.0.0.1", port: entry.rpcPort), pid: entry.pid,
                  dataDirectory: URL(fileURLWithPath: entry.dataDir))
    }

    /// Whether this run started the validators (and so may stop them).
    var isOwn: Bool { ownDevnet != nil }

    /// Whether each validator is a process of its own whose id is known, so that a node's
    /// process-wide counters are that validator's.
    var ownsEachProcess: Bool {
        let pids = validators.compactMap(\.pid)
        return pids.count == validators.count && Set(pids).count == pids.count
    }

    /// Stops the validators this run started (SQLite checkpoints its write-ahead log on close,
    /// so the data directories then hold the chain alone); others are left running.
    func stopOwn() async throws {
        guard let ownDevnet else { return }
        try await DevnetProcess.stop(ownDevnet.nodes)
    }

    /// Removes the directory of the validators this run started, or says where it was kept.
    func removeOwn(keep: Bool) {
        guard let ownDevnet else { return }
        if keep {
            print("kept: \(ownDevnet.directory.path)")
        } else {
            try? FileManager.default.removeItem(at: ownDevnet.directory)
        }
    }

    /// Each validator's user plus system CPU time in microseconds (nil where unknown).
    func cpuMicroseconds() -> [Int64?] {
        validators.map { $0.pid.flatMap(Self.cpuMicroseconds(pid:)) }
    }

    /// Each validator's data directory size in bytes (nil where unknown).
    func diskBytes() -> [Int64?] {
        validators.map { $0.dataDirectory.map(Self.bytes(under:)) }
    }

    /// utime + stime of `pid` from /proc/PID/stat (fields 14 and 15), in microseconds.
    static func cpuMicroseconds(pid: Int32) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // After the command name in parentheses come the fields from the 3rd (state) on.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Int64(fields[11]), let system = Int64(fields[12]) else { return nil }
        let ticksPerSecond = Int64(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) * 1_000_000 / ticksPerSecond
    }

    /// The sum of the sizes of the regular files under `directory`.
    static func bytes(under directory: URL) -> Int64 {
        guard let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey]) else { return 0 }
        var total: Int64 = 0
        for case let file as URL in files {
            guard let values = try? file.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]), values.isRegularFile == true else { continue }
            total += Int64(values.fileSize ?? 0)
        }
        return total
    }
}

import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import Workflow

/// `fundchain backup`: an online SQLite backup of a node's chain, safe while the node runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back up a node's chain while it runs (SQLite online backup) into one file.")

    @Option(name: .long, help: "The node's data directory.")
    var dataDir: String
    @Option(name: .long, help: "The backup file to write (must not exist).")
    var out: String
    @OptionGroup var languageOptions: LanguageOptions

    func run() throws {
        let l = languageOptions.language
        let database = URL(fileURLWithPath: dataDir).appendingPathComponent("chain.sqlite").path
        guard FileManager.default.fileExists(atPath: database) else { throw VerifyCommand.noChain(dataDir, language: l) }
        do {
            let store = try BlockStore(path: database)
            defer { try? store.close() }
            try store.backup(to: out)
            let height = try store.tip?.height ?? 0
            print(l.pick("已备份到 \(out)，高度 \(height)", "backup \(out) at height \(height)"))
        } catch {
            throw CommandFailure(error.message(chinese: l == .chinese))
        }
    }
}

/// `fundchain restore`: a backup into a new data directory, verified in full afterwards.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a backup into a new data directory and verify the whole chain.")

    @Option(name: .long, help: "The backup file.")
    var from: String
    @Option(name: .long, help: "The data directory to create (must not hold a chain).")
    var dataDir: String
    @Option(name: .long, help: "The chain's genesis file, to verify against.")
    var genesis: String
    @OptionGroup var languageOptions: LanguageOptions

    func run() async throws {
        let l = languageOptions.language
        let chainGenesis = try GenesisCommand.load(genesis, language: l)
        let directory = URL(fileURLWithPath: dataDir)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            try BlockStore.restore(from: from, to: directory.appendingPathComponent("chain.sqlite").path)
        } catch {
            throw CommandFailure(error.message(chinese: l == .chinese))
        }
        let report = try await VerifyCommand.verify(genesis: chainGenesis, dataDirectory: directory, language: l)
        print(l.pick("已恢复 \(dataDir)：\(report)", "restored \(dataDir): \(report)"))
    }
}

/// `fundchain verify`: checks a data directory offline, or a transaction proof file.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a data directory (hash links, roots, state hashes, certificates, fund-flow replay) or a proof file.")

    @Option(name: .long, help: "The chain's genesis file.")
    var genesis: String
    @Option(name: .long, help: "A node's data directory to verify.")
    var dataDir: String?
    @Option(name: .long, help: "A transaction proof file (from `fundchain proof`) to verify.")
    var proof: String?
    @OptionGroup var languageOptions: LanguageOptions

    func run() async throws {
        let l = languageOptions.language
        let chainGenesis = try GenesisCommand.load(genesis, language: l)
        switch (dataDir, proof) {
        case (let directory?, nil):
            print(try await Self.verify(genesis: chainGenesis, dataDirectory: URL(fileURLWithPath: directory), language: l))
        case (nil, let proofPath?):
            print(try ProofCommand.verify(proofPath, genesis: chainGenesis, language: l))
        default:
            throw ValidationError(l.pick("--data-dir 与 --proof 须且只须给出一个", "give exactly one of --data-dir and --proof"))
        }
    }

    /// "No chain in DIR".
    static func noChain(_ path: String, language l: Language) -> CommandFailure {
        CommandFailure(l.pick("\(path) 中没有链数据", "no chain in \(path)"))
    }

    /// Opens the chain as a node does (which verifies everything) and reports the tip.
    static func verify(genesis: Genesis, dataDirectory: URL, language l: Language) async throws -> String {
        guard FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("chain.sqlite").path) else {
            throw noChain(dataDirectory.path, language: l)
        }
        let node: Node
        do {
            node = try Node(genesis: genesis, dataDirectory: dataDirectory, validator: nil, verifySignatures: true)
        } catch {
            throw CommandFailure(l.pick("\(dataDirectory.path) 校验未通过：\(error)", "\(dataDirectory.path) does not verify: \(error)"))
        }
        let tip = await node.chainTip
        await node.close()
        return l.pick("已校验 \(tip.height) 个区块及全部签名：链尖 \(Hex.encode(tip.hash))，状态 \(Hex.encode(tip.stateHash))",
                      "verified \(tip.height) blocks and every signature: tip \(Hex.encode(tip.hash)), state \(Hex.encode(tip.stateHash))")
    }
}

import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Workflow

/// `fundchain genesis`: write a demo consortium's genesis and keys, or check a genesis file.
struct GenesisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genesis", abstract: "Create a demo genesis with keystores, or check a genesis file.",
        subcommands: [Demo.self, Check.self])

    /// `fundchain genesis demo`.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write DIR/genesis.json and DIR/keys/<org>.keystore for the demo consortium (demo keys, passphrase \"fundchain-demo\").")

        @Option(name: .long, help: "Directory to create (must not exist).")
        var out: String
        @Option(name: .long, help: "Crypto suite: p256-sha256 or sm2-sm3.")
        var suite = "p256-sha256"
        @Option(name: .long, parsing: .upToNextOption, help: "Organisations that validate.")
        var validators = ["provincial-office"]
        @Flag(name: .long, help: "Also create a consortium CA (DIR/ca) and a node certificate per validator (DIR/nodes/<org>), named in genesis.")
        var nodeCertificates = false
        @Option(name: .long, help: "Cut a block this many milliseconds after its first transaction.")
        var batchTimeoutMs = ConsensusSettings().batchTimeoutMs
        @OptionGroup var languageOptions: LanguageOptions

        func run() throws {
            let l = languageOptions.language
            guard let suiteID = CryptoSuiteID(rawValue: suite) else { throw GenesisCommand.badSuite(language: l) }
            guard !FileManager.default.fileExists(atPath: out) else { throw GenesisCommand.exists(out, language: l) }
            let directory = URL(fileURLWithPath: out)
            let consensus = ConsensusSettings(batchTimeoutMs: batchTimeoutMs)
            if let problem = consensus.problem() { throw ValidationError(problem) }
            let genesis: Genesis
            do {
                genesis = try DemoConsortium.create(at: directory, suite: suiteID, validators: validators, withNodeCertificates: nodeCertificates,
                                                      consensus: consensus)
            } catch {
                throw CommandFailure(error.message(l))
            }
            print("genesis \(directory.appendingPathComponent(DemoConsortium.genesisFileName).path)")
            print("chain \(genesis.chainID)  suite \(genesis.suiteID.rawValue)  validators \(genesis.validatorIDs.joined(separator: ","))")
            print("genesis-hash \(Hex.encode(genesis.hash))")
        }
    }

    /// `fundchain genesis check`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a genesis file; print its hash or every problem with its path.")

        @Argument(help: "The genesis JSON file.")
        var file: String
        @OptionGroup var languageOptions: LanguageOptions

        func run() throws {
            let genesis = try GenesisCommand.load(file, language: languageOptions.language)
            print("chain \(genesis.chainID)  suite \(genesis.suiteID.rawValue)  organisations \(genesis.organisations.count)  validators \(genesis.validatorIDs.joined(separator: ","))")
            print("genesis-hash \(Hex.encode(genesis.hash))")
        }
    }

    /// Reads and validates a genesis file, failing with every problem, one per line (the
    /// problems name JSON paths; the sentence around them is in `language`, by default the
    /// locale's).
    static func load(_ path: String, language l: Language = Language.resolve(explicit: nil, environment: ProcessInfo.processInfo.environment)) throws -> Genesis {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure(l.pick("无法读取创世文件 \(path)", "cannot read genesis \(path)")) }
        do {
            return try Genesis(file: GenesisFile.parse(data))
        } catch {
            throw CommandFailure(l.pick("创世文件 \(path) 无效：\n", "genesis \(path) is invalid:\n") + error.lines.joined(separator: "\n"))
        }
    }

    /// "--suite must be p256-sha256 or sm2-sm3".
    static func badSuite(language l: Language) -> ValidationError {
        ValidationError(l.pick("--suite 须为 p256-sha256 或 sm2-sm3", "--suite must be p256-sha256 or sm2-sm3"))
    }

    /// "PATH exists; choose another --out".
    static func exists(_ path: String, language l: Language) -> ValidationError {
        ValidationError(l.pick("\(path) 已存在，请换一个 --out", "\(path) exists; choose another --out"))
    }
}

extension GenesisError {
    /// The problems, one per line.
    var lines: [String] {
        switch self {
        case .problems(let problems): problems
        }
    }
}

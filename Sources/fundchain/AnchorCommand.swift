import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Workflow

/// `fundchain anchor`: anchors a document's SHA-256 on chain under a key (store once; "key
/// exists" afterwards), looks a key up, and verifies a file against what was anchored. Answers
/// are printed in the chosen language (`--lang`, else the locale).
struct AnchorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchor", abstract: "Anchor a file's SHA-256 under a key, query a key, or verify a file against the chain.",
        subcommands: [Store.self, Query.self, Verify.self])

    /// The SHA-256 of a file's bytes.
    static func fileHash(_ path: String, language l: Language) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure(l.pick("无法读取文件 \(path)", "cannot read \(path)")) }
        return SHA256Digest.hash(Array(data))
    }

    /// The value anchored under `key`, or nil ("key does not exist").
    static func anchored(_ key: String, connection: NodeConnectionOptions, language l: Language) async throws -> [UInt8]? {
        let client = try connection.client(language: l)
        defer { Task { await client.close() } }
        do {
            let answer = try await client.call("anchor_query", params: ["key": .string(key)], timeout: .seconds(30))
            guard let hex = answer["valueHash"]?.stringValue, let value = Hex.decode(hex) else { throw CommandFailure(l.pick("节点的应答格式不对", "malformed answer from the node")) }
            return value
        } catch let error as RPCClientError {
            if case .rpc(let rpcError) = error, rpcError.code == .notFound { return nil }
            throw CommandFailure(l.pick("查询存证失败（anchor_query）：\(error)", "anchor_query failed: \(error)"))
        }
    }

    /// "key does not exist", naming the key.
    static func missing(_ key: String, language l: Language) -> CommandFailure {
        CommandFailure(l.pick("该键不存在：\(key)", "key does not exist: \(key)"))
    }

    /// `fundchain anchor store FILE --key KEY --keystore K`.
    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Anchor FILE's SHA-256 under KEY, signed with the organisation's keystore.")

        @Argument(help: "The document to anchor.")
        var file: String
        @Option(name: .long, help: "The anchor key, e.g. contract/XM2026000001.")
        var key: String
        @Option(name: .long, help: "The signing organisation's keystore.")
        var keystore: String
        @OptionGroup var passphraseOptions: PassphraseOptions
        @OptionGroup var connection: NodeConnectionOptions
        @Option(name: .long, help: "Seconds to wait for the block.")
        var timeoutSeconds = 60
        @OptionGroup var languageOptions: LanguageOptions

        func run() async throws {
            let l = languageOptions.language
            let hash = try AnchorCommand.fileHash(file, language: l)
            let passphrase = try passphraseOptions.passphrase(prompt: "Passphrase for \(keystore): ")
            let identity: LedgerIdentity
            do { identity = try LedgerIdentity.load(keystoreAt: URL(fileURLWithPath: keystore), passphrase: passphrase) } catch {
                throw CommandFailure("\(keystore): \(error.message(l))")
            }
            let ledger = RemoteLedger(client: try connection.client(language: l), identity: identity)
            let receipt: Receipt
            do {
                receipt = try await ledger.submitAndWait(.anchorStore(key: key, valueHash: hash), timeout: .seconds(timeoutSeconds))
            } catch {
                throw CommandFailure(error.message(l))
            }
            switch receipt.outcome {
            case .success:
                print(l.pick("已存证 \(key)  sha256 \(Hex.encode(hash))  高度 \(receipt.height)  交易 \(Hex.encode(receipt.transactionHash))",
                             "anchored \(key)  sha256 \(Hex.encode(hash))  height \(receipt.height)  transaction \(Hex.encode(receipt.transactionHash))"))
            case .failure(let reason):
                throw CommandFailure(l.pick("未存证：", "not anchored: ") + reason.message(l))
            }
        }
    }

    /// `fundchain anchor query KEY`.
    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the SHA-256 anchored under KEY, or \"key does not exist\".")

        @Argument(help: "The anchor key.")
        var key: String
        @OptionGroup var connection: NodeConnectionOptions
        @OptionGroup var languageOptions: LanguageOptions

        func run() async throws {
            let l = languageOptions.language
            guard let value = try await AnchorCommand.anchored(key, connection: connection, language: l) else { throw AnchorCommand.missing(key, language: l) }
            print("\(key)  sha256 \(Hex.encode(value))")
        }
    }

    /// `fundchain anchor verify FILE --key KEY`.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check that FILE is the document anchored under KEY (exit 1 if not).")

        @Argument(help: "The document to check.")
        var file: String
        @Option(name: .long, help: "The anchor key.")
        var key: String
        @OptionGroup var connection: NodeConnectionOptions
        @OptionGroup var languageOptions: LanguageOptions

        func run() async throws {
            let l = languageOptions.language
            let hash = try AnchorCommand.fileHash(file, language: l)
            guard let anchored = try await AnchorCommand.anchored(key, connection: connection, language: l) else { throw AnchorCommand.missing(key, language: l) }
            guard anchored == hash else {
                throw CommandFailure(l.pick("不一致：\(file) 的 sha256 为 \(Hex.encode(hash))，链上 \(key) 下存的是 \(Hex.encode(anchored))",
                                            "MISMATCH: \(file) has sha256 \(Hex.encode(hash)), the chain holds \(Hex.encode(anchored)) under \(key)"))
            }
            print(l.pick("一致：\(file) 正是 \(key) 下存证的文件（sha256 \(Hex.encode(hash))）",
                         "MATCH: \(file) is the document anchored under \(key) (sha256 \(Hex.encode(hash)))"))
        }
    }
}

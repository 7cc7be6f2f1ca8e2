import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import LedgerClient

/// `fundchain anchor`: anchors a document's SHA-256 on chain under a key (store once; "key
/// exists" afterwards), looks a key up, and verifies a file against what was anchored.
struct AnchorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchor", abstract: "Anchor a file's SHA-256 under a key, query a key, or verify a file against the chain.",
        subcommands: [Store.self, Query.self, Verify.self])

    /// The SHA-256 of a file's bytes.
    static func fileHash(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
        return SHA256Digest.hash(Array(data))
    }

    /// The value anchored under `key`, or nil ("key does not exist").
    static func anchored(_ key: String, connection: NodeConnectionOptions) async throws -> [UInt8]? {
        let client = try connection.client()
        defer { Task { await client.close() } }
        do {
            let answer = try await client.call("anchor_query", params: ["key": .string(key)], timeout: .seconds(30))
            guard let hex = answer["valueHash"]?.stringValue, let value = Hex.decode(hex) else { throw CommandFailure("malformed answer") }
            return value
        } catch let error as RPCClientError {
            if case .rpc(let rpcError) = error, rpcError.code == .notFound { return nil }
            throw CommandFailure("anchor_query: \(error)")
        }
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

        func run() async throws {
            let hash = try AnchorCommand.fileHash(file)
            let passphrase = try passphraseOptions.passphrase(prompt: "Passphrase for \(keystore): ")
            let identity: LedgerIdentity
            do { identity = try LedgerIdentity.load(keystoreAt: URL(fileURLWithPath: keystore), passphrase: passphrase) } catch {
                throw CommandFailure("\(keystore): \(error.message(.english))")
            }
            let ledger = RemoteLedger(client: try connection.client(), identity: identity)
            let receipt: Receipt
            do {
                receipt = try await ledger.submitAndWait(.anchorStore(key: key, valueHash: hash), timeout: .seconds(timeoutSeconds))
            } catch {
                throw CommandFailure(error.message(.english))
            }
            switch receipt.outcome {
            case .success:
                print("anchored \(key)  sha256 \(Hex.encode(hash))  height \(receipt.height)  transaction \(Hex.encode(receipt.transactionHash))")
            case .failure(let reason):
                throw CommandFailure("not anchored: \(reason.message(.english))")
            }
        }
    }

    /// `fundchain anchor query KEY`.
    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the SHA-256 anchored under KEY, or \"key does not exist\".")

        @Argument(help: "The anchor key.")
        var key: String
        @OptionGroup var connection: NodeConnectionOptions

        func run() async throws {
            guard let value = try await AnchorCommand.anchored(key, connection: connection) else { throw CommandFailure("key does not exist: \(key)") }
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

        func run() async throws {
            let hash = try AnchorCommand.fileHash(file)
            guard let anchored = try await AnchorCommand.anchored(key, connection: connection) else { throw CommandFailure("key does not exist: \(key)") }
            guard anchored == hash else {
                throw CommandFailure("MISMATCH: \(file) has sha256 \(Hex.encode(hash)), the chain holds \(Hex.encode(anchored)) under \(key)")
            }
            print("MATCH: \(file) is the document anchored under \(key) (sha256 \(Hex.encode(hash)))")
        }
    }
}

import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Workflow

/// `fundchain governance`: a validator proposes a change to the validator set or the node
/// certificates, other validators approve it by number, and `list` shows the set in force and
/// the proposals (docs/GOVERNANCE.md). Transactions are signed with the organisation's keystore
/// and sent over JSON-RPC; answers are printed in the chosen language.
struct GovernanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "governance", abstract: "Propose, approve and list validator-set and node-certificate changes (2f+1 approve).",
        subcommands: [Propose.self, Approve.self, List.self])

    /// The keystore, passphrase and node a governance transaction needs.
    struct SigningOptions: ParsableArguments {
        @Option(name: .long, help: "The validator organisation's keystore.")
        var keystore: String
        @OptionGroup var passphraseOptions: PassphraseOptions
        @OptionGroup var connection: NodeConnectionOptions
        @Option(name: .long, help: "Seconds to wait for the block.")
        var timeoutSeconds = 60
    }

    /// Signs `payload`, submits it, waits for its receipt and prints what it did.
    static func submit(_ payload: TransactionPayload, options: SigningOptions, language l: Language) async throws {
        let passphrase = try options.passphraseOptions.passphrase(prompt: "Passphrase for \(options.keystore): ")
        let identity: LedgerIdentity
        do { identity = try LedgerIdentity.load(keystoreAt: URL(fileURLWithPath: options.keystore), passphrase: passphrase) } catch {
            throw CommandFailure("\(options.keystore): \(error.message(l))")
        }
        let ledger = RemoteLedger(client: try options.connection.client(language: l), identity: identity)
        let receipt: Receipt
        do { receipt = try await ledger.submitAndWait(payload, timeout: .seconds(options.timeoutSeconds)) } catch {
            throw CommandFailure(error.message(l))
        }
        guard let outcome = receipt.governance else {
            if case .failure(let reason) = receipt.outcome { throw CommandFailure(l.pick("被拒绝：", "refused: ") + reason.message(l)) }
            throw CommandFailure(l.pick("回执没有治理结果", "the receipt carries no governance outcome"))
        }
        print(l.pick("提案 \(outcome.proposalID)：\(outcome.approvals)/\(outcome.quorum) 个验证节点已批准（高度 \(receipt.height)）",
                     "proposal \(outcome.proposalID): \(outcome.approvals)/\(outcome.quorum) validators approved (height \(receipt.height))"))
        if let activation = outcome.activationHeight {
            print(l.pick("已批准：自高度 \(activation) 起生效", "approved: in force from height \(activation)"))
        }
    }

    /// A hex key option, or a validation error naming the option.
    static func key(_ hex: String, option: String, language l: Language) throws -> [UInt8] {
        guard let bytes = Hex.decode(hex), bytes.count == 65 else {
            throw ValidationError(l.pick("\(option) 须为 65 字节公钥的十六进制", "\(option) must be the hex of a 65-byte public key"))
        }
        return bytes
    }

    /// `fundchain governance propose add|remove|revoke|renew`.
    struct Propose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose a change (your proposal counts as your approval).",
            discussion: "add --validator ID --signing-key HEX [--node-key HEX]; remove --validator ID; "
                + "revoke --node-key HEX; renew --validator ID --node-key HEX (the organisation's new node certificate key).")

        @Argument(help: "add, remove, revoke or renew.")
        var kind: String
        @Option(name: .long, help: "The organisation to add or remove as validator, or whose node certificate is renewed.")
        var validator: String?
        @Option(name: .long, help: "The new validator's signing public key (hex, as `fundchain keys` prints it).")
        var signingKey: String?
        @Option(name: .long, help: "A node certificate's public key (hex, as `fundchain ca issue` prints it).")
        var nodeKey: String?
        @OptionGroup var signing: SigningOptions
        @OptionGroup var languageOptions: LanguageOptions

        func run() async throws {
            let l = languageOptions.language
            try await GovernanceCommand.submit(.governancePropose(try change(l)), options: signing, language: l)
        }

        func change(_ l: Language) throws -> GovernanceChange {
            func required(_ value: String?, _ option: String) throws -> String {
                guard let value, !value.isEmpty else { throw ValidationError(l.pick("\(kind) 需要 \(option)", "\(kind) needs \(option)")) }
                return value
            }
            switch kind {
            case "add":
                return .addValidator(validatorID: try required(validator, "--validator"),
                                     signingKey: try GovernanceCommand.key(try required(signingKey, "--signing-key"), option: "--signing-key", language: l),
                                     nodeKey: try nodeKey.map { try GovernanceCommand.key($0, option: "--node-key", language: l) })
            case "remove": return .removeValidator(validatorID: try required(validator, "--validator"))
            case "revoke": return .revokeNodeKey(nodeKey: try GovernanceCommand.key(try required(nodeKey, "--node-key"), option: "--node-key", language: l))
            case "renew":
                return .renewNodeKey(organisationID: try required(validator, "--validator"),
                                     nodeKey: try GovernanceCommand.key(try required(nodeKey, "--node-key"), option: "--node-key", language: l))
            default:
                throw ValidationError(l.pick("未知的提案类型「\(kind)」：可用 add、remove、revoke、renew",
                                             "Unknown change \"\(kind)\": use add, remove, revoke or renew"))
            }
        }
    }

    /// `fundchain governance approve ID`.
    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve an open proposal by its number.")

        @Argument(help: "The proposal's number (see `governance list`).")
        var proposalID: UInt64
        @OptionGroup var signing: SigningOptions
        @OptionGroup var languageOptions: LanguageOptions

        func run() async throws {
            try await GovernanceCommand.submit(.governanceApprove(proposalID: proposalID), options: signing, language: languageOptions.language)
        }
    }

    /// `fundchain governance list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the validator set in force, scheduled changes and the proposals.")

        @OptionGroup var connection: NodeConnectionOptions
        @OptionGroup var languageOptions: LanguageOptions

        func run() async throws {
            let l = languageOptions.language
            let client = try connection.client(language: l)
            defer { Task { await client.close() } }
            let answer: JSONValue
            do { answer = try await client.call("gov_state", params: [:], timeout: .seconds(30)) } catch {
                throw CommandFailure("gov_state: \(error)")
            }
            for line in GovernanceListing.lines(answer, language: l) { print(line) }
        }
    }
}

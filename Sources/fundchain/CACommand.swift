import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import Workflow

/// `fundchain ca`: the consortium certificate authority that admits nodes to the peer network.
struct CACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca", abstract: "Create the consortium CA and issue node certificates (mutual TLS between nodes).",
        subcommands: [Init.self, Issue.self])

    /// `fundchain ca init`.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a consortium CA: DIR/ca-key.pem (0600, keep it offline) and DIR/ca.pem (goes into genesis as caCertificate).")

        @Option(name: .long, help: "Directory to write the CA into (the files must not exist).")
        var dir: String
        @Option(name: .long, help: "The CA's name (its certificate's common name).")
        var name = "FundChain consortium CA"
        @Option(name: .long, help: "Validity in days.")
        var days = ConsortiumCA.validityDaysDefault
        @OptionGroup var languageOptions: LanguageOptions

        func run() throws {
            let language = languageOptions.language
            guard (1...36_500).contains(days) else { throw ValidationError("--days must be 1...36500") }
            do {
                let ca = try ConsortiumCA.create(name: name, validityDays: days)
                try CertificateFiles.save(ca, in: URL(fileURLWithPath: dir))
            } catch {
                throw CommandFailure(error.message(chinese: language == .chinese))
            }
            print(language.pick("已创建联盟证书颁发机构：\(dir)/ca.pem（私钥 \(dir)/ca-key.pem，仅本人可读）",
                                "consortium CA created: \(dir)/ca.pem (key \(dir)/ca-key.pem, owner-only)"))
        }
    }

    /// `fundchain ca issue`.
    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a node certificate for an organisation: OUT/node.pem and OUT/node-key.pem (0600); prints the node key for genesis.")

        @Option(name: .long, help: "The CA directory (from `ca init`).")
        var ca: String
        @Option(name: .long, help: "The organisation identifier, as in genesis.")
        var org: String
        @Option(name: .long, help: "Directory to write the node's certificate and key into (the files must not exist).")
        var out: String
        @Option(name: .long, help: "Validity in days.")
        var days = ConsortiumCA.validityDaysDefault
        @OptionGroup var languageOptions: LanguageOptions

        func run() throws {
            let language = languageOptions.language
            guard (1...36_500).contains(days) else { throw ValidationError("--days must be 1...36500") }
            let node: NodeCertificate
            do {
                let authority = try CertificateFiles.loadCA(from: URL(fileURLWithPath: ca))
                node = try authority.issue(organisationID: org, validityDays: days)
                try CertificateFiles.save(node, in: URL(fileURLWithPath: out))
            } catch {
                throw CommandFailure(error.message(chinese: language == .chinese))
            }
            print(language.pick("已为 \(org) 签发节点证书：\(out)/node.pem", "node certificate issued for \(org): \(out)/node.pem"))
            print("nodeKey \(Hex.encode(node.nodeKey))")
        }
    }
}

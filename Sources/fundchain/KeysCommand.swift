import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import Workflow

/// `fundchain keys`: an organisation's signing keys in passphrase-protected keystore files.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and re-protect organisation keystores.",
        subcommands: [Create.self, List.self, Passphrase.self])

    /// `fundchain keys create`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a signing key in a new keystore file.")

        @Option(name: .long, help: "The organisation identifier, as in genesis.")
        var org: String
        @Option(name: .long, help: "Crypto suite: p256-sha256 or sm2-sm3.")
        var suite = "p256-sha256"
        @Option(name: .long, help: "The keystore file to write (refuses to overwrite).")
        var out: String
        @Flag(name: .long, help: "Mark the key as a demo key (short passphrases allowed).")
        var demo = false
        @OptionGroup var passphraseOptions: PassphraseOptions
        @OptionGroup var languageOptions: LanguageOptions

        func run() throws {
            let l = languageOptions.language
            guard let suiteID = CryptoSuiteID(rawValue: suite) else { throw GenesisCommand.badSuite(language: l) }
            guard !FileManager.default.fileExists(atPath: out) else { throw GenesisCommand.exists(out, language: l) }
            let passphrase = try passphraseOptions.passphrase(prompt: "Passphrase for \(org): ")
            let key = try SigningKey(generating: suiteID)
            let data: Data
            do { data = try Keystore.create(key: key, organisation: org, passphrase: passphrase, demo: demo) } catch {
                throw CommandFailure(error.message(l == .chinese))
            }
            try KeystoreFiles.write(data, to: out)
            print("\(org)  \(suite)  \(Hex.encode(key.publicKey.rawBytes))")
        }
    }

    /// `fundchain keys list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show each keystore's organisation, suite and public key (no passphrase needed).")

        @Argument(help: "Keystore files, or directories holding *.keystore files.")
        var paths: [String]
        @OptionGroup var languageOptions: LanguageOptions

        func run() throws {
            let l = languageOptions.language
            for file in KeystoreFiles.expand(paths) {
                guard let data = FileManager.default.contents(atPath: file) else { print(l.pick("\(file)：无法读取", "\(file): cannot read")); continue }
                do {
                    let header = try Keystore.header(data)
                    print("\(file)  \(header.organisation)  \(header.suite.rawValue)  \(Hex.encode(header.publicKey.rawBytes))\(header.demo ? l.pick("  演示", "  DEMO") : "")")
                } catch {
                    print("\(file): \(error.message(l == .chinese))")
                }
            }
        }
    }

    /// `fundchain keys passphrase`.
    struct Passphrase: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a keystore's passphrase.")

        @Argument(help: "The keystore file.")
        var file: String
        @Option(name: .long, help: "File whose first line is the current passphrase.")
        var fromFile: String?
        @Option(name: .long, help: "File whose first line is the new passphrase.")
        var toFile: String?
        @OptionGroup var languageOptions: LanguageOptions

        func run() throws {
            let l = languageOptions.language
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure(l.pick("无法读取 \(file)", "cannot read \(file)")) }
            let current = try PassphraseOptions(passphraseFile: fromFile).passphrase(prompt: "Current passphrase: ")
            let new = try PassphraseOptions(passphraseFile: toFile).passphrase(prompt: "New passphrase: ")
            do {
                try KeystoreFiles.write(try Keystore.changePassphrase(data, from: current, to: new), to: file, replacing: true)
            } catch let error as KeystoreError {
                throw CommandFailure(error.message(l == .chinese))
            }
            print(l.pick("口令已更改：\(file)", "passphrase changed: \(file)"))
        }
    }
}

/// Keystore files on disk: written owner-only (0600), atomically.
enum KeystoreFiles {
    static func write(_ data: Data, to path: String, replacing: Bool = false) throws {
        let url = URL(fileURLWithPath: path)
        try data.write(to: url, options: replacing ? [.atomic] : [.withoutOverwriting])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// Files as given, and *.keystore files of given directories, sorted.
    static func expand(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.filter { $0.hasSuffix(".keystore") }.sorted().map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
        }
    }
}

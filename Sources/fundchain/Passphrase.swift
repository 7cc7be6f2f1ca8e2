import ArgumentParser
import Foundation
import Glibc

/// Where a command gets a keystore passphrase: `--passphrase-file`, else the
/// FUNDCHAIN_PASSPHRASE environment variable, else a prompt on the terminal (not echoed).
/// Never a command-line argument, which other users could read from the process list.
struct PassphraseOptions: ParsableArguments {
    @Option(name: .long, help: "File whose first line is the keystore passphrase.")
    var passphraseFile: String?

    init() {}

    /// Options reading the passphrase from `passphraseFile` (or the environment, or the terminal).
    init(passphraseFile: String?) { self.passphraseFile = passphraseFile }

    /// The passphrase, asking with `prompt` when neither the file nor the variable gives one.
    func passphrase(prompt: String) throws -> String {
        if let passphraseFile {
            guard let text = try? String(contentsOfFile: passphraseFile, encoding: .utf8) else {
                throw ValidationError("cannot read --passphrase-file \(passphraseFile)")
            }
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment["FUNDCHAIN_PASSPHRASE"] { return fromEnvironment }
        guard isatty(STDIN_FILENO) == 1, let typed = getpass(prompt) else {
            throw ValidationError("no passphrase: give --passphrase-file or FUNDCHAIN_PASSPHRASE")
        }
        return String(cString: typed)
    }
}

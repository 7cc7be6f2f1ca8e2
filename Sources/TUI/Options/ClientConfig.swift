import EmbeddedNode
import Foundation
import Workflow

/// The terminal application's config file (`fundchain --config FILE`, docs/CONFIG-CLIENT.md):
/// a TOML subset of "key = value" lines, strings quoted or bare, `#` comments. Every key is
/// optional; command-line flags override the file, and the file overrides the defaults.
/// Relative paths are relative to the file's folder.
///
/// ```toml
/// node_url = "http://127.0.0.1:7545"
/// token_file = "node.token"
/// keystore_dir = "/home/clerk/fundchain/keys"
/// language = "zh"
/// color = false
/// ```
public struct ClientConfig: Sendable, Equatable {
    /// The node's JSON-RPC URL; set, the application attaches to that node (like `--connect`).
    public var nodeURL: String?
    /// The file holding the node's bearer token.
    public var tokenFile: String?
    /// Where the organisations' keystores are.
    public var keystoreDirectory: String?
    /// The embedded default's data directory.
    public var dataDirectory: String?
    /// The language.
    public var language: Language?
    /// Whether to use colour (false as `--no-color`).
    public var usesColor: Bool?
    /// Whether to draw ASCII only (as `--ascii`).
    public var isASCII: Bool?
    /// A keys file rebinding actions (docs/KEYS.md).
    public var keysFile: String?

    /// The keys a file may set, as they are written.
    public static let keyNames = ["node_url", "token_file", "keystore_dir", "data_dir", "language", "color", "ascii", "keys_file"]

    /// Creates a config with nothing set.
    public init() {}

    /// Reads a config file's text; `directory` is the file's folder, for relative paths. An
    /// unknown key, a key given twice, a bad value or a line without "=" is refused naming
    /// the key and line.
    public static func parse(_ text: String, path: String, directory: URL) throws(SettingsFileError) -> ClientConfig {
        try parse(try SettingsLines.entries(text, path: path), path: path, directory: directory)
    }

    /// Reads a config file's entries (see `parse(_:path:directory:)`).
    public static func parse(_ entries: [SettingsLines.Entry], path: String, directory: URL) throws(SettingsFileError) -> ClientConfig {
        var config = ClientConfig()
        try SettingsLines.checkNames(entries, known: keyNames, path: path)
        for entry in entries {
            func refuse(_ problem: Bilingual) -> SettingsFileError { entry.refusal(path: path, problem) }
            let value = try entry.text(path: path)
            func resolvedPath() -> String { SettingsLines.resolvedPath(value, directory: directory) }
            func flag() throws(SettingsFileError) -> Bool {
                switch value {
                case "true": return true
                case "false": return false
                default: throw refuse(Bilingual("「\(entry.name)」须为 true 或 false，而不是「\(value)」",
                                                "\(entry.name) must be true or false, not \"\(value)\""))
                }
            }
            switch entry.name {
            case "node_url":
                guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
                    throw refuse(Bilingual("node_url 须形如 http://127.0.0.1:7545", "node_url must look like http://127.0.0.1:7545"))
                }
                config.nodeURL = value
            case "token_file": config.tokenFile = resolvedPath()
            case "keystore_dir": config.keystoreDirectory = resolvedPath()
            case "data_dir": config.dataDirectory = resolvedPath()
            case "keys_file": config.keysFile = resolvedPath()
            case "language":
                guard let language = Language(rawValue: value) else {
                    throw refuse(Bilingual("language 须为 zh 或 en，而不是「\(value)」", "language must be zh or en, not \"\(value)\""))
                }
                config.language = language
            case "color": config.usesColor = try flag()
            case "ascii": config.isASCII = try flag()
            default: preconditionFailure("keyNames lists every key handled here")
            }
        }
        return config
    }
}

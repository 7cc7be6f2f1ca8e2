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
        var config = ClientConfig()
        var seen: [String: Int] = [:]
        for entry in try SettingsLines.entries(text, path: path) {
            func refuse(_ problem: Bilingual) -> SettingsFileError { SettingsFileError(path: path, line: entry.line, problem: problem) }
            guard keyNames.contains(entry.name) else {
                throw refuse(Bilingual("未知的设置项「\(entry.name)」（可用：\(keyNames.joined(separator: ", "))）",
                                       "unknown key \"\(entry.name)\" (known: \(keyNames.joined(separator: ", ")))"))
            }
            if let earlier = seen[entry.name] {
                throw refuse(Bilingual("「\(entry.name)」已在第 \(earlier) 行设定", "\(entry.name) is already set on line \(earlier)"))
            }
            seen[entry.name] = entry.line
            guard let value = unquoted(entry.value), !value.isEmpty else {
                throw refuse(Bilingual("「\(entry.name)」的值为空或引号不成对", "\(entry.name): the value is empty or its quotes do not pair"))
            }
            func resolvedPath() -> String {
                value.hasPrefix("/") ? value : directory.appendingPathComponent(value).standardizedFileURL.path
            }
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

    /// A bare value, or a double-quoted one without its quotes (\" and \\ unescaped); nil when
    /// the quotes do not pair.
    static func unquoted(_ value: String) -> String? {
        guard value.hasPrefix("\"") else { return value.contains("\"") ? nil : value }
        guard value.count >= 2, value.hasSuffix("\""), !value.hasSuffix("\\\"") || value.hasSuffix("\\\\\"") else { return nil }
        var result = ""
        var isEscaped = false
        for character in value.dropFirst().dropLast() {
            if isEscaped {
                result.append(character)
                isEscaped = false
            } else if character == "\\" {
                isEscaped = true
            } else if character == "\"" {
                return nil
            } else {
                result.append(character)
            }
        }
        return isEscaped ? nil : result
    }
}

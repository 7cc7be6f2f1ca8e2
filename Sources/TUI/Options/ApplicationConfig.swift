import EmbeddedNode
import Foundation
import Workflow

/// What `fundchain --config FILE` reads (docs/CONFIG-CLIENT.md): a client config, or, when
/// the file sets `genesis`, a node config (docs/CONFIG-NODE.md) whose node the application
/// runs in its own process, with the client keys that make sense beside it.
public struct ApplicationConfig: Sendable, Equatable {
    /// The client settings.
    public var client: ClientConfig
    /// The organisation's node, when the file is a node config.
    public var node: NodeConfig?

    /// The client keys a node config may also set (the others name a node elsewhere, or the
    /// demo's data directory, which `data_dir` then means the node's).
    public static let clientKeyNamesBesideNode = ["keystore_dir", "language", "color", "ascii", "keys_file"]

    /// Creates a config of `client` settings and, for a node config, the `node`.
    public init(client: ClientConfig = ClientConfig(), node: NodeConfig? = nil) {
        self.client = client
        self.node = node
    }

    /// Reads the file's text: a node config when it sets `genesis`, else a client config.
    /// Refusals name the file, the line and the key; the known keys listed are those of the
    /// file's kind.
    public static func parse(_ text: String, path: String, directory: URL) throws(SettingsFileError) -> ApplicationConfig {
        let entries = try SettingsLines.entries(text, path: path)
        guard entries.contains(where: { $0.name == "genesis" }) else {
            return ApplicationConfig(client: try ClientConfig.parse(entries, path: path, directory: directory))
        }
        try SettingsLines.checkNames(entries, known: NodeConfig.keyNames + clientKeyNamesBesideNode,
                                     repeatable: NodeConfig.repeatableKeyNames, path: path)
        let nodeEntries = entries.filter { NodeConfig.keyNames.contains($0.name) }
        let clientEntries = entries.filter { !NodeConfig.keyNames.contains($0.name) }
        return ApplicationConfig(client: try ClientConfig.parse(clientEntries, path: path, directory: directory),
                                 node: try NodeConfig.parse(nodeEntries, path: path, directory: directory))
    }
}

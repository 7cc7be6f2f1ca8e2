import ArgumentParser
import EmbeddedNode
import Foundation
import Workflow

/// Where a command finds a node: its JSON-RPC URL and, off loopback, a bearer token.
struct NodeConnectionOptions: ParsableArguments {
    @Option(name: .long, help: "The node's JSON-RPC URL.")
    var url = "http://127.0.0.1:7545"
    @Option(name: .long, help: "File holding the node's bearer token.")
    var tokenFile: String?

    /// A client for the node; a bad `--url` or unreadable `--token-file` is refused in `l`.
    func client(language l: Language) throws -> JSONRPCClient {
        guard let endpoint = RPCEndpoint(url: url) else {
            throw ValidationError(l.pick("--url 须形如 http://127.0.0.1:7545", "--url must look like http://127.0.0.1:7545"))
        }
        let token = try tokenFile.map { path -> String in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CommandFailure(l.pick("无法读取 --token-file \(path)", "cannot read --token-file \(path)"))
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return JSONRPCClient(endpoint: endpoint, bearerToken: token)
    }
}

/// `fundchain rpc METHOD [PARAMS]`: calls any JSON-RPC method of a node and pretty-prints the
/// answer (docs/RPC.md lists the methods).
struct RPCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc", abstract: "Call a node's JSON-RPC method and print the result (see docs/RPC.md).")

    @Argument(help: "The method, e.g. fc_health or ff_project.")
    var method: String
    @Argument(help: "Params as a JSON object, e.g. '{\"id\":\"XM2026000001\"}'.")
    var params: String?
    @OptionGroup var connection: NodeConnectionOptions
    @Option(name: .long, help: "Seconds to wait for the answer.")
    var timeoutSeconds = 30
    @OptionGroup var languageOptions: LanguageOptions

    func run() async throws {
        let l = languageOptions.language
        let parsed: JSONValue?
        do {
            parsed = try params.map { try JSONValue(parsing: $0) }
        } catch {
            throw ValidationError(l.pick("参数不是 JSON：\(error)", "params are not JSON: \(error)"))
        }
        let client = try connection.client(language: l)
        defer { Task { await client.close() } }
        do {
            let result = try await client.call(method, params: parsed, timeout: .seconds(timeoutSeconds))
            print(result.prettyPrinted())
        } catch {
            throw CommandFailure("\(method): \(error)")
        }
    }
}

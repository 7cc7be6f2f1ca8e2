import Canonical
import Foundation
import Glibc
import Workflow

/// How another terminal attaches to the running embedded default, through files beside the
/// demo in its data directory:
/// - `rpc-token` (owner-only, made on first run and kept): the bearer token every validator's
///   JSON-RPC requires, so only this user's terminals attach;
/// - `connect.txt`, written once the validators serve and removed when they stop: each
///   validator's JSON-RPC URL, one `ID URL` line each, under a comment with the command.
enum EmbeddedAttachment {
    /// The token file's name inside the demo directory.
    static let tokenFileName = "rpc-token"
    /// The connect file's name inside the demo directory.
    static let connectFileName = "connect.txt"
    /// Random bytes in a new token (written as hex).
    static let tokenBytes = 32

    /// The token file of `directory`, created owner-only with a fresh random token when missing.
    static func ensureToken(in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(tokenFileName)
        guard !FileManager.default.fileExists(atPath: url.path) else { return url }
        var generator = SystemRandomNumberGenerator()
        let token = Hex.encode((0..<tokenBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }) + "\n"
        // Created 0600 by open itself, so the token is never readable by others, even briefly.
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CommandFailure("cannot create \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(token.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else {
            throw CommandFailure("cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
        return url
    }

    /// The command another terminal runs to attach to the validator at `url`; `--data-dir`
    /// (where `--connect` finds the demo's keystores) only when it is not the default.
    static func command(url: String, directory: URL, defaultDirectory: URL) -> String {
        let token = shellWord(directory.appendingPathComponent(tokenFileName).path)
        let place = directory.standardizedFileURL == defaultDirectory.standardizedFileURL ? "" : " --data-dir \(shellWord(directory.path))"
        return "fundchain --connect \(url) --token-file \(token)\(place)"
    }

    /// `path` as one shell word: as it is when it holds only characters no shell treats
    /// specially, else in single quotes.
    static func shellWord(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-+~,:@".unicodeScalars.contains($0) }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Writes the connect file: every validator's URL, after a comment with `command`.
    static func writeConnectFile(in directory: URL, urls: [(id: String, url: String)], command: String) throws {
        var lines = ["# FundChain 演示联盟正在运行（进程 \(getpid())）；另一终端接入：",
                     "# The FundChain demo consortium is running (process \(getpid())); attach another terminal:",
                     "#   \(command)"]
        lines += urls.map { "\($0.id) \($0.url)" }
        let url = directory.appendingPathComponent(connectFileName)
        do { try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8) } catch {
            throw CommandFailure("cannot write \(url.path): \(error)")
        }
    }

    /// Removes the connect file (the validators stopped).
    static func removeConnectFile(in directory: URL) {
        try? FileManager.default.removeItem(at: directory.appendingPathComponent(connectFileName))
    }

    /// The validators' URLs from the connect file of `directory`, by identifier; empty when
    /// there is none (the demo is not running, or is still starting).
    static func urls(in directory: URL) -> [String: String] {
        guard let text = try? String(contentsOf: directory.appendingPathComponent(connectFileName), encoding: .utf8) else { return [:] }
        var urls: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            if fields.count == 2 { urls[String(fields[0])] = String(fields[1]) }
        }
        return urls
    }
}

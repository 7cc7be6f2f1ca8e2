import ArgumentParser
import EmbeddedNode
import Foundation
import Workflow

/// `fundchain node status`: what an operator checks on a running node, from its `fc_health`:
/// height, view and the age of the newest block, whether it validates, peers connected of
/// expected with each link's state, mempool, sync status and version.
struct NodeStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Print a running node's health: height, view, last commit age, peers, mempool, sync, version.")

    @OptionGroup var connection: NodeConnectionOptions
    @OptionGroup var languageOptions: LanguageOptions

    func run() async throws {
        let client = try connection.client(language: languageOptions.language)
        defer { Task { await client.close() } }
        let health: JSONValue
        do {
            health = try await client.call("fc_health", timeout: .seconds(10))
        } catch {
            throw CommandFailure("fc_health at \(connection.url): \(error)")
        }
        print(Self.lines(health, language: languageOptions.language).joined(separator: "\n"))
    }

    /// The report, one fact per line, from an `fc_health` answer.
    static func lines(_ health: JSONValue, language l: Language) -> [String] {
        let number = { (key: String) in health[key]?.int64Value.map(String.init) ?? "-" }
        let validator = health["validatorID"]?.stringValue
        let validating = health["validating"]?.boolValue == true
        let age = health["lastCommitAgeMs"]?.int64Value.map { l.pick("\($0) 毫秒前", "\($0) ms ago") } ?? l.pick("尚无区块", "no block yet")
        var lines = [
            l.pick("链 ", "chain ") + (health["chainID"]?.stringValue ?? "-") + l.pick(" · 版本 ", " · version ") + (health["version"]?.stringValue ?? "-"),
            l.pick("高度 \(number("tipHeight")) · 视图 \(number("view")) · 最新区块 \(age)",
                   "height \(number("tipHeight")) · view \(number("view")) · last commit \(age)"),
            validating ? l.pick("参与共识：是（验证节点 \(validator ?? "-")）", "validating: yes (validator \(validator ?? "-"))")
                : l.pick("参与共识：否", "validating: no"),
            l.pick("待打包交易 \(number("mempoolCount")) 笔 · ", "mempool \(number("mempoolCount")) · ")
                + (health["syncing"]?.boolValue == true ? l.pick("同步中", "syncing") : l.pick("已同步", "in sync")),
            l.pick("对等节点：已连接 \(number("peersConnected"))/\(number("peersExpected"))",
                   "peers: \(number("peersConnected")) of \(number("peersExpected")) connected"),
        ]
        for link in health["peerLinks"]?.arrayValue ?? [] {
            let id = link["organisationID"]?.stringValue ?? "?"
            let state = link["connected"]?.boolValue == true ? l.pick("已连接", "connected") : l.pick("未连接", "disconnected")
            let queued = link["queuedFrames"]?.int64Value ?? 0, dropped = link["droppedFrames"]?.int64Value ?? 0
            lines.append("  \(id)  \(state)  " + l.pick("待发 \(queued) 帧 · 丢弃 \(dropped) 帧", "queued \(queued) · dropped \(dropped) frames"))
        }
        return lines
    }
}

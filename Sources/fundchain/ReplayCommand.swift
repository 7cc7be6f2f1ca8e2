import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import Workflow

/// `fundchain replay LOG`: rebuilds the fund-flow state from a canonical command log and
/// prints its state hash, so two machines or processes can compare.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a canonical command log and print the resulting state hash.")

    @Argument(help: "Path of a command log in canonical binary form.")
    var log: String

    @Option(name: .long, help: "Also write the final state's canonical snapshot to this file.")
    var snapshotOut: String?
    @OptionGroup var languageOptions: LanguageOptions

    func run() throws {
        let l = languageOptions.language
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: log))
        } catch {
            throw CommandFailure(l.pick("无法读取 \(log)：\(error.localizedDescription)", "cannot read \(log): \(error.localizedDescription)"))
        }
        let commandLog: CommandLog
        do {
            commandLog = try CommandLog(canonicalBytes: Array(data))
        } catch {
            throw CommandFailure(l.pick("\(log) 不是命令日志：\(error)", "\(log) is not a command log: \(error)"))
        }
        let outcome = try commandLog.replay()
        print("entries: \(commandLog.entries.count)")
        print("accepted: \(outcome.acceptedCount)")
        print("refused: \(outcome.refusedCount)")
        print("state-sha256: \(outcome.state.stateHashHex)")
        if let snapshotOut {
            try Data(outcome.state.canonicalBytes).write(to: URL(fileURLWithPath: snapshotOut))
        }
    }
}

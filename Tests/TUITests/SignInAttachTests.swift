import LedgerClient
import Testing
@testable import TUI
import Workflow

/// The embedded default's sign-in screen says how another terminal attaches (the command with
/// the validator's URL and the token file), in both languages at 80x24; other sessions show
/// no such line.
@Suite struct SignInAttachTests {
    static let command = "fundchain --connect http://127.0.0.1:41234 --token-file /d/rpc-token"
    static let longCommand = "fundchain --connect http://127.0.0.1:41234 --token-file /tmp/fundchain-e2e-0123456789abcdef/demo/rpc-token"
        + " --data-dir /tmp/fundchain-e2e-0123456789abcdef/demo"

    static func screen(_ language: Language, attachCommand: String?) -> [String] {
        let choices = DemoConsortium.organisations.map { SignedInOrganisation(organisation: $0, isDemo: true) }
        var shell = Shell(language: language, header: Header(),
                          root: SignInScreen(language: language, choices: choices, attachCommand: attachCommand))
        _ = shell.update(.resize(columns: 80, rows: 24))
        var buffer = ScreenBuffer(columns: 80, rows: 24)
        shell.render(into: &buffer)
        return buffer.text.components(separatedBy: "\n")
    }

    @Test(arguments: [(Language.chinese, "另一终端接入本演示联盟"), (Language.english, "Attach another terminal")])
    func theAttachCommandIsShownBelowThePassphrase(_ language: Language, label: String) {
        let lines = Self.screen(language, attachCommand: Self.command)
        let labelRow = lines.firstIndex { $0.contains(label) }
        let passphraseRow = lines.firstIndex { $0.contains(language.pick("口令：", "Passphrase: ")) }
        #expect(labelRow != nil && passphraseRow != nil && labelRow! > passphraseRow!, "\(lines.joined(separator: "\n"))")
        #expect(labelRow.map { lines[$0 + 1].contains(Self.command) } == true, "the whole command on the next row")
        #expect(lines.contains { $0.contains("省审计厅") }, "every organisation still listed:\n\(lines.joined(separator: "\n"))")
    }

    @Test func aCommandWiderThanTheScreenIsContinuedAsAShellReadsIt() throws {
        let lines = Self.screen(.english, attachCommand: Self.longCommand)
        let labelRow = try #require(lines.firstIndex { $0.contains("Attach another terminal") })
        let commandLines = lines[(labelRow + 1)...(labelRow + 3)].map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(commandLines.allSatisfy { !$0.contains("…") }, "no part cut: \(commandLines)")
        #expect(commandLines.joined(separator: "\n").replacingOccurrences(of: " \\\n", with: " ") == Self.longCommand, "\(commandLines)")
    }

    @Test func withoutACommandNothingIsSaid() {
        let text = Self.screen(.english, attachCommand: nil).joined(separator: "\n")
        #expect(!text.contains("Attach another terminal"))
        #expect(!text.contains("--connect"))
    }
}

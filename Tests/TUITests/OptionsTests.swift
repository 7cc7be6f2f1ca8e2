import EmbeddedNode
import Foundation
import LedgerClient
import Testing
@testable import TUI
import Workflow

/// The application's options: keys files, the client config file, colour and ASCII.
@Suite struct OptionsTests {
    static func keyMap(_ text: String) throws -> KeyMap { try KeyMap.parse(text, path: "keys.conf") }

    static func refusal(_ text: String) -> SettingsFileError? {
        do {
            _ = try KeyMap.parse(text, path: "keys.conf")
            return nil
        } catch {
            return error
        }
    }

    @Test func everyKeyLabelReadsBackAsItsKey() {
        let keys: [Key] = [.escape, .enter, .tab, .backTab, .backspace, .delete, .up, .down, .left, .right, .home, .end,
                           .pageUp, .pageDown, .text(" "), .text("j"), .text("G"), .text("/"), .function(1), .function(12), .control("r")]
        for key in keys { #expect(Key(label: key.label) == key, "\(key.label)") }
        for name in ["F13", "F0", "Ctrl-", "Ctrl-1", "jj", "刷", "", "Shift-F1"] { #expect(Key(label: name) == nil, "\(name)") }
    }

    @Test func aKeysFileRebindsDispatchAndHelpAlike() throws {
        let map = try Self.keyMap("# my keys\ninbox.refresh = F11, Ctrl-R   # F5 is taken by tmux\n\n")
        #expect(map.keys(for: "inbox.refresh") == [.function(11), .control("r")])
        KeyMap.$current.withValue(map) {
            #expect(InboxScreen.keyTable.action(for: .function(11)) == .refresh)
            #expect(InboxScreen.keyTable.action(for: .control("r")) == .refresh)
            #expect(InboxScreen.keyTable.action(for: .function(5)) == nil, "the file's keys replace the defaults")
            #expect(InboxScreen.keyTable.action(for: .enter) == .open, "other actions keep theirs")
            #expect(InboxScreen.keyTable.help.contains { $0.keys == "F11/Ctrl-R" && $0.description(.english) == "refresh" })
        }
        #expect(InboxScreen.keyTable.action(for: .function(5)) == .refresh, "outside the binding the defaults apply")
    }

    @Test func aKeysFileIsRefusedNamingTheLine() {
        let cases: [(text: String, line: Int, english: String)] = [
            ("inbox.refresh = F9\ninbox.refesh = F8", 2, "unknown action \"inbox.refesh\""),
            ("inbox.refresh = F13", 1, "inbox.refresh: no key is called \"F13\""),
            ("\ninbox.refresh = F9\ninbox.refresh = F8", 3, "action inbox.refresh is already set on line 2"),
            ("inbox.refresh = j", 1, "key j would trigger both inbox.refresh and list.down"),
            ("list.search = F1", 1, "key F1 would trigger both list.search and shell.help"),
            ("# comment\ndecision.approve = x", 2, "decision.approve: this screen has text fields"),
            ("inbox.refresh", 1, "expected \"name = value\""),
            ("inbox.refresh = ", 1, "inbox.refresh: no keys given"),
        ]
        for (text, line, english) in cases {
            let error = Self.refusal(text)
            #expect(error?.line == line, "\(text)")
            #expect(error?.problem.english.hasPrefix(english) == true, "\(String(describing: error?.problem.english))")
            #expect(error?.message(.chinese).hasPrefix("keys.conf 第 \(line) 行：") == true)
        }
    }

    @Test func swappingTwoKeysOfOneScreenIsAccepted() throws {
        let map = try Self.keyMap("list.down = k, Down\nlist.up = j, Up")
        KeyMap.$current.withValue(map) {
            #expect(ListView.keyTable.action(for: .text("k")) == .down)
            #expect(ListView.keyTable.action(for: .text("j")) == .up)
        }
    }

    @Test func theHintBarAndHelpFollowARemap() throws {
        let map = try Self.keyMap("signIn.fillDemoPassphrase = F6\nshell.help = F1, Ctrl-Y\n")
        for language in Language.allCases {
            KeyMap.$current.withValue(map) {
                var shell = RoleScreenTests.signInShell(language)
                #expect(KeyHelp.hintBar(shell.keyHelp, language).contains(language.pick("F6 填入演示口令", "F6 fill in the demo passphrase")))
                _ = shell.update(.key(.control("y")))
                #expect(shell.isShowingHelp)
                Snapshot.check(shell, "help-remapped.\(language.rawValue)")
            }
        }
    }

    @Test func aConfigFileSetsEveryKey() throws {
        let text = """
        # FundChain client
        node_url = "http://127.0.0.1:7545"   # the county's node
        token_file = node.token
        keystore_dir = "keys # not a comment"
        data_dir = /var/lib/fundchain
        language = zh
        color = false
        ascii = true
        keys_file = "../keys.conf"
        """
        let config = try ClientConfig.parse(text, path: "client.toml", directory: URL(fileURLWithPath: "/etc/fundchain"))
        #expect(config.nodeURL == "http://127.0.0.1:7545")
        #expect(config.tokenFile == "/etc/fundchain/node.token")
        #expect(config.keystoreDirectory == "/etc/fundchain/keys # not a comment")
        #expect(config.dataDirectory == "/var/lib/fundchain")
        #expect(config.language == .chinese)
        #expect(config.usesColor == false)
        #expect(config.isASCII == true)
        #expect(config.keysFile == "/etc/keys.conf")
        #expect(try ClientConfig.parse("\n# nothing\n", path: "c", directory: URL(fileURLWithPath: "/")) == ClientConfig())
    }

    @Test func aBadConfigFileIsRefusedNamingKeyAndLine() {
        let cases: [(text: String, line: Int, english: String)] = [
            ("language = en\nlangage = zh", 2, "unknown key \"langage\""),
            ("color = no", 1, "color must be true or false, not \"no\""),
            ("language = fr", 1, "language must be zh or en, not \"fr\""),
            ("node_url = 127.0.0.1:7545", 1, "node_url must look like http://"),
            ("ascii = true\nascii = false", 2, "ascii is already set on line 1"),
            ("token_file = \"node.token", 1, "token_file: the value is empty or its quotes do not pair"),
            ("\n\nkeystore_dir", 3, "expected \"name = value\""),
        ]
        for (text, line, english) in cases {
            do {
                _ = try ClientConfig.parse(text, path: "client.toml", directory: URL(fileURLWithPath: "/"))
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.line == line, "\(text)")
                #expect(error.problem.english.hasPrefix(english), "\(error.problem.english)")
                #expect(error.message(.english).hasPrefix("client.toml line \(line): "))
            }
        }
    }

    @Test func aFileThatSetsGenesisIsANodeConfigWithClientKeysBeside() throws {
        let text = """
        genesis = genesis.json
        data_dir = chain
        keystore_dir = keys
        language = en
        ascii = true
        """
        let config = try ApplicationConfig.parse(text, path: "node.toml", directory: URL(fileURLWithPath: "/etc/fundchain"))
        #expect(config.node?.genesis == "/etc/fundchain/genesis.json")
        #expect(config.node?.dataDirectory == "/etc/fundchain/chain")
        #expect(config.client.keystoreDirectory == "/etc/fundchain/keys")
        #expect(config.client.language == .english)
        #expect(config.client.isASCII == true)
        #expect(config.client.dataDirectory == nil, "data_dir is the node's")
        let client = try ApplicationConfig.parse("data_dir = demo\nlanguage = zh", path: "client.toml", directory: URL(fileURLWithPath: "/etc"))
        #expect(client.node == nil)
        #expect(client.client.dataDirectory == "/etc/demo")
    }

    @Test func aNodeConfigRefusesClientKeysThatNameAnotherNode() {
        let cases: [(text: String, line: Int, english: String)] = [
            ("genesis = g\nnode_url = \"http://127.0.0.1:7545\"", 2, "unknown key \"node_url\""),
            ("language = en\ngenesis = g\ntoken_file = t", 3, "unknown key \"token_file\""),
            ("genesis = g\ncolor = maybe", 2, "color must be true or false"),
            ("genesis = g\ntick_ms = 0", 2, "tick_ms must be a whole number"),
        ]
        for (text, line, english) in cases {
            do {
                _ = try ApplicationConfig.parse(text, path: "node.toml", directory: URL(fileURLWithPath: "/"))
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.line == line, "\(text)")
                #expect(error.problem.english.hasPrefix(english), "\(error.problem.english)")
            }
        }
    }

    @Test func colourFollowsFlagsFileAndEnvironment() {
        var config = ClientConfig()
        let plain = ["TERM": "xterm-256color"]
        #expect(DisplayOptions.resolve(noColorFlag: false, asciiFlag: false, config: config, environment: plain) == DisplayOptions(usesColor: true, isASCII: false))
        #expect(!DisplayOptions.resolve(noColorFlag: true, asciiFlag: false, config: config, environment: plain).usesColor)
        #expect(!DisplayOptions.resolve(noColorFlag: false, asciiFlag: false, config: config, environment: ["NO_COLOR": "1"]).usesColor)
        #expect(DisplayOptions.resolve(noColorFlag: false, asciiFlag: false, config: config, environment: ["NO_COLOR": ""]).usesColor,
                "NO_COLOR counts only when not empty")
        #expect(!DisplayOptions.resolve(noColorFlag: false, asciiFlag: false, config: config, environment: ["TERM": "dumb"]).usesColor)
        config.usesColor = false
        config.isASCII = true
        #expect(DisplayOptions.resolve(noColorFlag: false, asciiFlag: false, config: config, environment: plain) == DisplayOptions(usesColor: false, isASCII: true))
    }

    @Test func asciiReplacesAmbiguousGlyphsColumnForColumn() {
        var buffer = ScreenBuffer(columns: 30, rows: 1)
        buffer.write("待办 › 审批 · “项目名称很长…”", row: 0, column: 0)
        let ascii = buffer.asciiOnly()
        #expect(ascii.text == "待办 > 审批 | \"项目名称很长~\"")
        #expect(ascii.text.unicodeScalars.filter { !$0.isASCII }.allSatisfy { DisplayWidth.of(Character($0)) == 2 })
        #expect(ascii.cells.count == buffer.cells.count)
    }
}

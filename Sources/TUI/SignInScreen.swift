import LedgerClient
import Workflow

/// Sign-in: choose the organisation among the keystores found, type its passphrase (masked),
/// Enter signs in. A wrong passphrase is said in words and the passphrase is cleared.
public struct SignInScreen: Screen {
    /// Which part has the keys.
    public enum Focus: Sendable, Equatable {
        /// The list of organisations.
        case organisations
        /// The passphrase field.
        case passphrase
    }

    /// What the screen's keys do.
    public enum Action: Sendable {
        /// Sign in with the chosen organisation and the typed passphrase.
        case signIn
        /// Move between the list and the passphrase.
        case switchFocus
        /// Fill in the documented demo passphrase (demo keys only).
        case fillDemoPassphrase
        /// Show the consortium's organisations and how a draft splits into tranches.
        case showConsortium
        /// Back from the passphrase to the list.
        case back
        /// Open help.
        case help
        /// Quit (after a confirmation).
        case quit
    }

    /// The keys; the letters only act while the list has the focus.
    public static let keyTable = KeyTable<Action>(scope: "signIn", [
        KeyBinding([.enter, .function(2)], .signIn, Bilingual("登录", "sign in")),
        KeyBinding([.tab, .backTab], .switchFocus, Bilingual("机构/口令", "organisation/passphrase"), hinted: false),
        KeyBinding([.function(4)], .fillDemoPassphrase, Bilingual("填入演示口令", "fill in the demo passphrase")),
        KeyBinding([.function(5)], .showConsortium, Bilingual("参与机构与拨付比例", "organisations and tranches")),
        KeyBinding([.escape], .back, Bilingual("返回机构列表", "back to the list"), hinted: false),
        KeyBinding([.text("?")], .help, Bilingual("帮助", "help"), hinted: false),
        KeyBinding([.text("q"), .function(10)], .quit, Bilingual("退出", "quit")),
    ])

    /// The language to speak.
    public let language: Language
    /// The organisations whose keystores were found.
    public let choices: [SignedInOrganisation]
    /// The organisation list.
    public private(set) var list: ListView
    /// The passphrase being typed.
    public private(set) var passphrase = LineEditor(charactersMax: 128, widthColumns: 40)
    /// Which part has the keys.
    public private(set) var focus = Focus.organisations
    /// Whether a sign-in was sent and its reply has not come back.
    public private(set) var isSigningIn = false
    /// The message line.
    public private(set) var message: Bilingual?
    /// How another terminal attaches to this node, shown below the passphrase.
    public let attachCommand: String?

    /// Creates the screen listing `choices`, with `attachCommand` shown when given.
    public init(language: Language, choices: [SignedInOrganisation], attachCommand: String? = nil) {
        self.language = language
        self.choices = choices
        self.attachCommand = attachCommand
        self.list = ListView(items: choices.map { Self.label($0, language) }, pageRows: 10)
    }

    /// A choice as the list shows it: "省扶贫开发领导小组办公室（省领导小组办公室）［演示］".
    static func label(_ choice: SignedInOrganisation, _ l: Language) -> String {
        let kind = l.pick("（\(choice.organisation.kind.name(l))）", " (\(choice.organisation.kind.name(l)))")
        return choice.organisation.name + kind + (choice.isDemo ? l.pick("［演示］", " [demo]") : "")
    }

    /// The chosen organisation, nil when no keystore was found.
    public var chosen: SignedInOrganisation? { choices.isEmpty ? nil : choices[list.selectedIndex] }

    public var breadcrumb: Bilingual { Bilingual("登录", "Sign in") }
    public var keyHelp: [KeyHelp] { Self.keyTable.help + ListView.keyTable.help }
    public var hasUnsavedInput: Bool { false }

    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .key(let key): return handle(key)
        case .refused(let reason):
            isSigningIn = false
            passphrase.setText("")
            focus = .passphrase
            message = Bilingual("登录失败：\(reason.chinese)", "Sign-in failed: \(reason.english)")
        case .resize(_, let rows): list.resize(rows: max(2, rows - reservedRows))
        default: break
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        let action = Self.keyTable.action(for: key)
        let lettersAct = focus == .organisations || !Self.isLetterKey(key)
        switch lettersAct ? action : nil {
        case .signIn where focus == .organisations: focus = .passphrase
        case .signIn: return signIn()
        case .switchFocus: focus = focus == .organisations ? .passphrase : .organisations
        case .fillDemoPassphrase where chosen?.isDemo == true:
            passphrase.setText(DemoConsortium.demoPassphrase)
            focus = .passphrase
        case .fillDemoPassphrase: message = Bilingual("只有演示密钥才有公开的演示口令", "Only demo keys have the public demo passphrase")
        case .back: focus = .organisations
        case .showConsortium: return [.open(WelcomeScreen(language: language))]
        case .help: return [.showHelp]
        case .quit: return [.requestQuit]
        case nil:
            if focus == .organisations { _ = list.update(key) } else { _ = passphrase.update(key) }
        }
        return []
    }

    private static func isLetterKey(_ key: Key) -> Bool {
        if case .text = key { return true }
        return false
    }

    private mutating func signIn() -> [TUIEffect] {
        guard let chosen, !isSigningIn else { return [] }
        guard !passphrase.text.isEmpty else {
            message = Bilingual("请输入口令", "Type the passphrase")
            return []
        }
        isSigningIn = true
        message = Bilingual("正在打开密钥…", "Opening the keystore…")
        return [.signIn(organisationID: chosen.organisation.id, passphrase: passphrase.text)]
    }

    /// Draws the list, the masked passphrase and the demo hint.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        buffer.write(l.pick("选择机构，输入口令后按 Enter 登录", "Choose the organisation, type its passphrase, press Enter"),
                     row: 0, column: 2, style: .bold)
        guard !choices.isEmpty else {
            buffer.write(l.pick("未找到密钥文件", "No keystore found"), row: 2, column: 2)
            return
        }
        var area = ScreenBuffer(columns: buffer.columns - 2, rows: max(2, buffer.rows - reservedRows))
        list.render(into: &area, language: l)
        buffer.paste(area, row: 2, column: 2)
        let row = 2 + area.rows + 1
        let labelEnd = buffer.write(l.pick("口令：", "Passphrase: "), row: row, column: 2, style: focus == .passphrase ? .bold : [])
        let masked = String(repeating: "*", count: passphrase.text.count)
        buffer.write("[" + masked + String(repeating: " ", count: max(0, 40 - masked.count)) + "]", row: row, column: labelEnd)
        buffer.cursor = focus == .passphrase ? .init(row: row, column: labelEnd + 1 + min(passphrase.cursorIndex, 40)) : nil
        if chosen?.isDemo == true {
            buffer.write(l.pick("演示密钥的口令为 \(DemoConsortium.demoPassphrase)（F4 填入）；演示密钥不保护任何资金",
                                "Demo keys' passphrase: \(DemoConsortium.demoPassphrase) (F4 fills it in); demo keys protect nothing"),
                         row: row + 1, column: 2)
        }
        guard let attachCommand else { return }
        buffer.write(l.pick("另一终端接入本演示联盟（四个验证节点）：", "Attach another terminal to this demo consortium (four validators):"),
                     row: row + 2, column: 2)
        for (offset, line) in Self.commandLines(attachCommand, columns: buffer.columns - 4).enumerated() where row + 3 + offset < buffer.rows {
            buffer.write(line, row: row + 3 + offset, column: 4)
        }
    }

    /// Rows of the screen not given to the list; with an attach command, one more, so that its
    /// label and up to three lines fit below the demo hint at 80x24 with all nine
    /// organisations of the demo still listed.
    private var reservedRows: Int { attachCommand == nil ? 8 : 9 }

    /// `command` on one line when it fits in `columns`, else the program with its first
    /// option, then one option per line, each continued with a backslash as a shell reads it, so
    /// the lines paste whole into another terminal.
    static func commandLines(_ command: String, columns: Int) -> [String] {
        guard DisplayWidth.of(command) > columns else { return [command] }
        var parts = command.components(separatedBy: " --")
        if parts.count > 1 { parts[0] += " --" + parts.remove(at: 1) }
        return parts.enumerated().map { index, part in
            let line = (index == 0 ? "" : "  --") + part + (index == parts.count - 1 ? "" : " \\")
            return DisplayWidth.truncate(line, toColumns: columns)
        }
    }
}

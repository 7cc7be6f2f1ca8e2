import Workflow

/// The app shell: a stack of screens framed by the header, breadcrumb, message line and
/// key-hint bar. It handles the keys that mean the same everywhere (F1 help, Ctrl-C quit, Esc
/// back through the screens' `.back`), confirmations, resize and the too-small notice, and
/// passes out the effects only the outside can run (quit, ledger work).
public struct Shell: Sendable {
    /// What the shell's own keys do.
    public enum Action: Sendable {
        /// Show help for the current screen.
        case help
        /// Quit, confirming when a form has unsaved input.
        case interrupt
        /// Show or hide the key-hint bar.
        case toggleHints
    }

    /// What a confirmation does when confirmed.
    enum Confirmed: Sendable {
        /// Quit.
        case quit
        /// Leave the current screen, dropping what was typed.
        case leave
    }

    /// The smallest terminal the screens lay out in.
    public static let minimumColumns = 80
    /// The smallest terminal the screens lay out in.
    public static let minimumRows = 24
    /// Rows the frame takes: header, breadcrumb, message line, key-hint bar.
    public static let frameRows = 4

    /// The shell's keys.
    public static let keyTable = KeyTable<Action>(scope: "shell", [
        KeyBinding([.function(1)], .help, Bilingual("帮助", "help")),
        KeyBinding([.interrupt], .interrupt, Bilingual("退出程序", "quit the program"), hinted: false),
        KeyBinding([.function(12)], .toggleHints, Bilingual("显示/隐藏按键提示", "show/hide key hints"), hinted: false),
    ])

    /// The language to speak.
    public let language: Language
    /// The top row's facts.
    public var header: Header
    /// The screens, the current one last; never empty.
    public private(set) var stack: [any Screen]
    /// The terminal's size.
    public private(set) var columns = Shell.minimumColumns
    /// The terminal's size.
    public private(set) var rows = Shell.minimumRows
    /// Whether help covers the screen.
    public private(set) var isShowingHelp = false
    /// Whether the key-hint bar is shown.
    public private(set) var showsHints = true
    /// Why the last read of the ledger failed, until a read succeeds (shown in the message line).
    public private(set) var readProblem: Bilingual?
    /// The open confirmation and what it does when confirmed.
    private(set) var confirmation: (dialog: Dialog, action: Confirmed)?

    /// Creates a shell showing `root`.
    public init(language: Language, header: Header, root: any Screen) {
        self.language = language
        self.header = header
        self.stack = [root]
    }

    /// The open confirmation dialog, if any.
    public var dialog: Dialog? { confirmation?.dialog }

    /// Whether the terminal is below 80x24.
    public var isTooSmall: Bool { columns < Self.minimumColumns || rows < Self.minimumRows }

    /// Help entries for the current screen: its keys, then the shell's.
    public var keyHelp: [KeyHelp] { stack[stack.count - 1].keyHelp + Self.keyTable.help }

    /// Applies an event; returns the effects the outside must run (`.quit`, ledger work),
    /// whose replies come back as events.
    public mutating func update(_ event: TUIEvent) -> [TUIEffect] {
        switch event {
        case .resize(let newColumns, let newRows):
            columns = newColumns
            rows = newRows
            for index in stack.indices { _ = stack[index].update(contentResize) }
            return []
        case .key(let key):
            return handle(key)
        case .refused, .succeeded:
            return perform(stack[stack.count - 1].update(event))
        case .signedIn(let signedIn):
            header.organisation = signedIn.organisation
            header.isDemo = signedIn.isDemo
            var home: any Screen = InboxScreen(language: language, signedIn: signedIn)
            _ = home.update(contentResize)
            stack = [home]
            confirmation = nil
            return [.loadConsortium, .loadInbox]
        case .blockCommitted(let height):
            header.height = height
            guard header.organisation != nil else { return [] }
            var effects: [TUIEffect] = [.loadInbox]
            for index in stack.indices { effects += stack[index].update(event) }
            return perform(effects)
        case .statementRead, .blockFound, .primaryExplained, .fileHashed, .documentAnchored, .documentChecked:
            return perform(stack[stack.count - 1].update(event))
        case .readFailed(let why):
            readProblem = why
            return []
        case .inboxLoaded, .consortiumLoaded, .tranchesLoaded, .draftLoaded, .reconciliationLoaded, .chainStatusLoaded:
            readProblem = nil
            var effects: [TUIEffect] = []
            for index in stack.indices { effects += stack[index].update(event) }
            return perform(effects)
        }
    }

    private var contentResize: TUIEvent { .resize(columns: columns, rows: max(0, rows - Self.frameRows)) }

    private mutating func handle(_ key: Key) -> [TUIEffect] {
        if var open = confirmation {
            let pressed = open.dialog.update(key)
            confirmation = pressed == nil ? open : nil
            guard pressed == .confirm else { return [] }
            return confirmed(open.action)
        }
        if isShowingHelp {
            isShowingHelp = false
            return []
        }
        switch Self.keyTable.action(for: key) {
        case .help: isShowingHelp = true
        case .interrupt:
            guard stack.contains(where: \.hasUnsavedInput) else { return [.quit] }
            confirmation = (Dialog.quit(hasUnsavedInput: true), .quit)
        case .toggleHints: showsHints.toggle()
        case nil:
            guard !isTooSmall else { return [] }
            return perform(stack[stack.count - 1].update(.key(key)))
        }
        return []
    }

    private mutating func confirmed(_ action: Confirmed) -> [TUIEffect] {
        switch action {
        case .quit: return [.quit]
        case .leave:
            stack.removeLast()
            return []
        }
    }

    private mutating func perform(_ effects: [TUIEffect]) -> [TUIEffect] {
        var outside: [TUIEffect] = []
        for effect in effects {
            switch effect {
            case .back where stack.count > 1:
                if stack[stack.count - 1].hasUnsavedInput {
                    confirmation = (Self.leaveDialog, .leave)
                } else {
                    stack.removeLast()
                }
            case .back: break
            case .open(var screen):
                _ = screen.update(contentResize)
                stack.append(screen)
            case .requestQuit where stack.count == 1: confirmation = (Dialog.quit(hasUnsavedInput: false), .quit)
            case .requestQuit: break
            case .showHelp: isShowingHelp = true
            case .quit, .fileApplication, .signIn, .loadInbox, .submit, .loadConsortium, .loadTranches, .loadDraft,
                 .readStatement, .publishStatement, .loadReconciliation, .loadChainStatus, .findBlock, .explainPrimary, .hashFile,
                 .anchorDocument, .verifyDocument, .exportProof:
                outside.append(effect)
            }
        }
        return outside
    }

    private static let leaveDialog = Dialog(
        title: Bilingual("离开此页？", "Leave this screen?"), facts: [],
        note: Bilingual("已输入的内容尚未提交，离开后将丢失", "What you typed has not been submitted and will be lost"),
        confirmLabel: Bilingual("放弃并离开", "Discard and leave"), cancelLabel: Bilingual("留在此页", "Stay"))
}

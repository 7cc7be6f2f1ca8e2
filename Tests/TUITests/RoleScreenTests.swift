import EmbeddedNode
import LedgerClient
import Glibc
import Testing
@testable import TUI
import Workflow
import WorkflowTestSupport

/// Sign-in, the inbox and the Step 2 decision through the shell, with effects run by
/// `EffectRunner` against a `FakeLedger` on a real fund-flow state; 80x24 in both languages.
@Suite struct RoleScreenTests {
    static let provincial = SignedInOrganisation(organisation: DemoConsortium.organisations[1], isDemo: true)
    static let projectName = "黔东县高山冷水鱼养殖基地建设项目"

    static func signInShell(_ language: Language) -> Shell {
        let choices = DemoConsortium.organisations.map { SignedInOrganisation(organisation: $0, isDemo: true) }
        var shell = Shell(language: language, header: Header(), root: SignInScreen(language: language, choices: choices))
        _ = shell.update(.resize(columns: 80, rows: 24))
        return shell
    }

    static func lines(_ shell: Shell) -> [String] {
        var buffer = ScreenBuffer(columns: shell.columns, rows: shell.rows)
        shell.render(into: &buffer)
        return buffer.text.components(separatedBy: "\n")
    }

    static func press(_ keys: [Key], _ shell: inout Shell) -> [TUIEffect] {
        keys.flatMap { shell.update(.key($0)) }
    }

    /// A chain where the county HQ filed the standard application (XM2026000001), and the
    /// provincial office's shell signed in with its inbox loaded.
    static func provincialShell(_ language: Language) async throws -> (Shell, FakeLedger) {
        let chain = FakeChain()
        try await chain.must(.fileApplication(TestConsortium.application()), by: "county-hq")
        let ledger = FakeLedger(chain: chain, organisationID: "provincial-office")
        var shell = signInShell(language)
        let effects = shell.update(.signedIn(provincial))
        #expect(effects.count == 2, "the consortium and the inbox are read")
        try await run(effects, on: ledger, &shell)
        return (shell, ledger)
    }

    /// Runs `effects` with the runner and feeds the replies back, until none remain.
    static func run(_ effects: [TUIEffect], on ledger: FakeLedger, _ shell: inout Shell) async throws {
        var pending = effects
        while !pending.isEmpty {
            let effect = pending.removeFirst()
            let reply = try #require(await EffectRunner.run(effect, on: ledger))
            pending += shell.update(reply)
        }
    }

    @Test func signInChineseAt80x24() {
        let lines = Self.lines(Self.signInShell(.chinese))
        #expect(lines[0].hasPrefix(" FundChain 扶贫资金链 · 未登录"))
        #expect(lines[1] == " 登录")
        #expect(lines[2] == "  选择机构，输入口令后按 Enter 登录")
        #expect(lines[4] == "  > 黔东县脱贫攻坚指挥部（县脱贫攻坚指挥部）［演示］")
        #expect(lines[5] == "    省扶贫开发领导小组办公室（省领导小组办公室）［演示］")
        #expect(lines[15] == "  1/9")
        #expect(lines[17] == "  口令：[" + String(repeating: " ", count: 40) + "]")
        #expect(lines[18] == "  演示密钥的口令为 fundchain-demo（F4 填入）；演示密钥不保护任何资金")
        #expect(lines[23] == " Enter/F2 登录  F4 填入演示口令  F5 参与机构与拨付比例  q/F10 退出  F1 帮助")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test func f5ShowsTheConsortiumAndEscReturnsToSignIn() {
        var shell = Self.signInShell(.chinese)
        _ = Self.press([.function(5)], &shell)
        let consortium = Self.lines(shell)
        #expect(consortium.contains { $0.contains("参与机构") })
        #expect(consortium.contains { $0.contains("县财政局 -> 县脱贫基金公司") && $0.hasSuffix("¥60,000.00") })
        _ = Self.press([.escape], &shell)
        #expect(Self.lines(shell)[1] == " 登录")
    }

    @Test func signInEnglishShowsKindsAndDemoMarks() {
        let lines = Self.lines(Self.signInShell(.english))
        #expect(lines[1] == " Sign in")
        #expect(lines[5] == "    省扶贫开发领导小组办公室 (Provincial leading-group office) [demo]")
        #expect(lines[17] == "  Passphrase: [" + String(repeating: " ", count: 40) + "]")
    }

    @Test func passphraseIsMaskedTakesLettersAndSaysWhyItFailed() {
        var shell = Self.signInShell(.chinese)
        #expect(Self.press([.down, .enter, .text("x"), .text("q")], &shell).isEmpty, "q in the passphrase is text, not quit")
        #expect(shell.dialog == nil)
        #expect(Self.lines(shell)[17].hasPrefix("  口令：[**"))
        #expect(!Self.lines(shell).joined().contains("xq"))
        let effects = Self.press([.enter], &shell)
        guard case .signIn(let organisationID, let passphrase) = effects.first else {
            Issue.record("Enter in the passphrase signs in")
            return
        }
        #expect(organisationID == "provincial-office")
        #expect(passphrase == "xq")
        _ = shell.update(.refused(Bilingual(rendering: { KeystoreError.wrongPassphrase.message($0 == .chinese) })))
        #expect(Self.lines(shell)[22] == " 登录失败：口令错误，或密钥文件已被改动。")
        #expect(Self.lines(shell)[17] == "  口令：[" + String(repeating: " ", count: 40) + "]", "the passphrase is cleared")
        #expect((shell.stack.last as? SignInScreen)?.passphrase.text == "")
        _ = Self.press([.function(4)], &shell)
        #expect((shell.stack.last as? SignInScreen)?.passphrase.text == DemoConsortium.demoPassphrase)
    }

    @Test func inboxChineseAt80x24CountsAndSums() async throws {
        let (shell, _) = try await Self.provincialShell(.chinese)
        #expect(shell.stack.count == 1)
        #expect(shell.header.organisation?.id == "provincial-office")
        let lines = Self.lines(shell)
        #expect(lines[0].hasPrefix(" FundChain 扶贫资金链 · ［演示］省扶贫开发领导小组办公室（省领导小组"), "a demo key is marked before the name")
        #expect(lines[1] == " 待办")
        #expect(lines[2] == "  待办事项：共 1 项")
        #expect(lines[3].hasPrefix("    待审批申请  1 项 "))
        #expect(lines[3].hasSuffix(" ¥1,000,000.00"))
        #expect(DisplayWidth.of(lines[3]) == 78)
        #expect(lines[5].hasPrefix(" > 待审批申请    \(Self.projectName) "))
        #expect(lines[5].hasSuffix(" ¥1,000,000.00"))
        #expect(DisplayWidth.of(lines[5]) == 79)
        #expect(lines[23].hasPrefix(" Enter 处理  "))
        #expect(!lines[23].contains("F3/a"), "no new-application key for the provincial office")
        #expect(!lines[23].contains("F4/t"), "no tranches key for the provincial office")
        #expect(lines[23].hasSuffix("  q/F10 退出  F1 帮助"), "the way out and help stay visible at 80 columns")
    }

    @Test func inboxEnglishAt80x24() async throws {
        let (shell, _) = try await Self.provincialShell(.english)
        let lines = Self.lines(shell)
        #expect(lines[1] == " Inbox")
        #expect(lines[2] == "  Waiting for you: 1 item")
        #expect(lines[3].hasPrefix("    Applications to decide    1 "))
        #expect(lines[3].hasSuffix(" ¥1,000,000.00"))
        #expect(lines[5].hasPrefix(" > Applications to decide      \(Self.projectName) "))
        #expect(lines[23].hasPrefix(" Enter open  "))
        #expect(lines[23].hasSuffix("  q/F10 quit  F1 help"), "the way out and help stay visible at 80 columns")
    }

    @Test func aCommittedBlockRefreshesTheInboxWithoutAKey() async throws {
        var (shell, _) = try await Self.provincialShell(.chinese)
        let effects = shell.update(.blockCommitted(height: 7))
        #expect(shell.header.height == 7)
        #expect(effects.count == 1)
        if case .loadInbox = effects.first {} else { Issue.record("a committed block reloads the inbox") }
        #expect(Self.lines(shell)[0].hasSuffix("本机节点 · 高度 7 · 已同步"))
    }

    @Test func approveRestatesTheAmountWithCancelFocusedThenFilesOnChain() async throws {
        var (shell, ledger) = try await Self.provincialShell(.chinese)
        #expect(Self.press([.enter], &shell).isEmpty)
        #expect(shell.stack.last is DecisionScreen)
        var lines = Self.lines(shell)
        #expect(lines[1] == " 待办 › 审批：\(Self.projectName)")
        #expect(lines[2] == "  第一步 项目申请  ->  [第二步 审批签发]  ->  第三步 资金拨付")
        #expect(lines[4] == "  项目名称  \(Self.projectName)")
        #expect(lines[7] == "  申请预算  ¥1,000,000.00")
        #expect(lines[8] == "  预算大写  壹佰万元整")
        #expect(lines[15].hasPrefix("  预留金额（元）：") && lines[15].hasSuffix("1,000,000.00"))
        #expect(Self.press([.function(2)], &shell).isEmpty)
        let decision = try #require(shell.stack.last as? DecisionScreen)
        #expect(decision.pending?.dialog.focus == .cancel)
        lines = Self.lines(shell)
        #expect(lines.contains { $0.contains("批准并签发数字汇票？") })
        #expect(lines.contains { $0.contains("预留金额  ¥1,000,000.00") })
        #expect(lines.contains { $0.contains("大写      壹佰万元整") })
        #expect(lines.contains { $0.contains("[ 批准 ¥1,000,000.00 ]   [>取消<]") })
        #expect(Self.press([.enter], &shell).isEmpty, "Enter on the focused Cancel does nothing")
        let effects = Self.press([.function(2), .tab, .enter], &shell)
        guard case .submit(.approveApplication("XM2026000001", Fen(100_000_000), nil), _) = effects.first else {
            Issue.record("confirming submits the approval: \(effects)")
            return
        }
        try await Self.run(effects, on: ledger, &shell)
        #expect(Self.lines(shell)[22] == " 已批准「\(Self.projectName)」并签发汇票 ¥1,000,000.00（区块 2）")
        #expect(try await ledger.project("XM2026000001")?.status == .approved)
        _ = Self.press([.escape], &shell)
        try await Self.run([.loadInbox], on: ledger, &shell)
        #expect(Self.lines(shell)[2] == "  待办事项：共 0 项")
    }

    @Test func rejectAndReturnNeedAReasonAndTheChainsRefusalIsShownInWords() async throws {
        var (shell, ledger) = try await Self.provincialShell(.english)
        _ = Self.press([.enter, .function(7)], &shell)
        #expect(Self.lines(shell)[22] == " Type the reason first")
        _ = Self.press([.text("预算依据不足")], &shell)
        _ = Self.press([.function(7)], &shell)
        #expect(Self.lines(shell).contains { $0.contains("Return this application for revision?") })
        let effects = Self.press([.right, .enter], &shell)
        guard case .submit(.returnApplication("XM2026000001", "预算依据不足"), _) = effects.first else {
            Issue.record("confirming returns the application: \(effects)")
            return
        }
        // The county HQ returns it first: the office's decision now meets the chain's refusal.
        try await ledger.chain.must(.returnApplication(projectID: "XM2026000001", reason: "先退回"), by: "provincial-office")
        try await Self.run(effects, on: ledger, &shell)
        let message = Self.lines(shell)[22]
        #expect(message.hasPrefix(" Not done: "))
        #expect(message.hasSuffix("(what you typed is kept)") || message.hasSuffix("…"))
        #expect((shell.stack.last as? DecisionScreen)?.reason.text == "预算依据不足")
        let hq = FakeLedger(chain: ledger.chain, organisationID: "county-hq")
        #expect(try await hq.inbox().map(\.kind) == [.reviseApplication])
    }

    @Test func theDecisionNamesTheImplementingUnitAsTheChainDoes() async throws {
        let chain = FakeChain()
        try await chain.must(.fileApplication(TestConsortium.application()), by: "county-hq")
        let project = try #require(await chain.state.project("XM2026000001"))
        let renamed = Organisation(id: "builder", kind: .implementingUnit, name: "链上登记的合作社名称", accountNumber: "6222020100000000808", county: "qiandong")
        let consortium = Consortium(organisations: [renamed], settings: WorkflowSettings())
        var buffer = ScreenBuffer(columns: 80, rows: 20)
        DecisionScreen(language: .chinese, project: project, consortium: consortium).render(into: &buffer)
        #expect(buffer.text.contains("实施单位  链上登记的合作社名称"), "the name from the chain's genesis, not the demo consortium")
    }

    @Test func approvalAboveTheBudgetIsRefusedBeforeAsking() async throws {
        var (shell, _) = try await Self.provincialShell(.chinese)
        _ = Self.press([.enter], &shell)
        _ = Self.press(Array(repeating: Key.backspace, count: 20) + [.text("2000000"), .function(2)], &shell)
        #expect((shell.stack.last as? DecisionScreen)?.pending == nil)
        #expect(Self.lines(shell)[22] == " 预留金额须大于零且不超过预算 ¥1,000,000.00")
    }

    @Test func theCountyHQFilesThroughTheLedger() async throws {
        let chain = FakeChain()
        let ledger = FakeLedger(chain: chain, organisationID: "county-hq")
        let reply = await EffectRunner.run(.fileApplication(TestConsortium.application()), on: ledger)
        guard case .succeeded(let words) = reply else {
            Issue.record("filing succeeds: \(String(describing: reply))")
            return
        }
        #expect(words.chinese == "申请「\(Self.projectName)」已上链，等待省办审批（区块 1）")
        await chain.refuseAdmission(.rejected(code: "nonceUsed", message: "The nonce was used", messageZh: "随机数已使用"))
        guard case .refused(let why) = await EffectRunner.run(.fileApplication(TestConsortium.application()), on: ledger) else {
            Issue.record("an admission refusal comes back in words")
            return
        }
        #expect(why == Bilingual("随机数已使用", "The nonce was used"))
    }

    @Test func anEventWakesTheLoopAndComesOutInOrder() {
        let queue = EventQueue()
        queue.post(.blockCommitted(height: 1))
        queue.post(.blockCommitted(height: 2))
        var descriptor = pollfd(fd: queue.wakeDescriptor, events: Int16(POLLIN), revents: 0)
        #expect(poll(&descriptor, 1, 0) == 1)
        let heights = queue.take().compactMap { event -> Int64? in
            if case .blockCommitted(let height) = event { height } else { nil }
        }
        #expect(heights == [1, 2])
        #expect(poll(&descriptor, 1, 0) == 0, "taking the events empties the pipe")
    }
}

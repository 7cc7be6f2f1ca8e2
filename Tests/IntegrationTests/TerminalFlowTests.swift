import Foundation
import Glibc
import Testing
import WorkflowTestSupport

/// The real `fundchain` terminal application in tmux on its embedded demo consortium, walked
/// as four organisations in turn (each a fresh process on the same data directory): the county
/// HQ files an application, the provincial office approves it, county finance pays its
/// tranche with a fund serial number, the county fund company confirms receipt and tracks the
/// draft. Every step is read back with capture-pane, polling for text with a deadline.
@Suite(.serialized) struct TerminalFlowTests {
    @Test func fileApprovePayConfirmAndTrackInChinese() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-terminal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let executable = try #require(BuiltProducts.executable(named: "fundchain"))
        let command = "LANG=C.UTF-8 \(executable.path) open --data-dir \(directory.path) --lang zh"

        var hq = try await Tmux.start(command)
        try await hq.signIn(listPosition: 0)
        try await hq.keys("F3")
        try await hq.waitFor("项目名称")
        for (text, then) in [("农村种植产业扶贫项目", ["Tab", "Right", "Tab"]), ("县农业农村局", ["Tab"]), ("500000", ["Tab"]),
                             ("建设蔬菜大棚二十座", ["Tab", "Right", "Tab"]), ("三年大棚经验", ["Tab"]), ("2027-03-01", ["Tab"]),
                             ("2027-12-31", ["Tab"]), ("张三", ["Tab"]), ("6222020100000000808", ["F2", "Left", "Enter"])] {
            try await hq.text(text)
            try await hq.keys(then)
        }
        try await hq.waitFor("申请「农村种植产业扶贫项目」已上链")
        try await hq.quit()

        var office = try await Tmux.start(command)
        try await office.signIn(listPosition: 1)
        try await office.waitFor("待审批申请")
        try await office.keys(["Enter"])
        try await office.waitFor("[第二步 审批签发]")
        try await office.keys(["F2"])
        try await office.waitFor("[>取消<]")
        try await office.keys(["Tab", "Enter"])
        try await office.waitFor("已批准「农村种植产业扶贫项目」并签发汇票 ¥500,000.00")
        try await office.quit()

        var finance = try await Tmux.start(command)
        try await finance.signIn(listPosition: 2)
        try await finance.waitFor("待拨付")
        try await finance.keys(["Enter"])
        try await finance.waitFor("[第三步 资金拨付]")
        try await finance.keys(["F2"])
        try await finance.waitFor("资金流水号：")
        try await finance.text("FS2026112100001")
        try await finance.keys(["F2"])
        try await finance.waitFor("确认拨付 ¥30,000.00")
        try await finance.keys(["Tab", "Enter"])
        try await finance.waitFor("已记录拨付 HP")
        try await finance.quit()

        var fund = try await Tmux.start(command)
        try await fund.signIn(listPosition: 6)
        try await fund.waitFor("待确认到账")
        try await fund.keys(["Enter"])
        try await fund.waitFor("待确认到账 1 笔 ¥30,000.00")
        try await fund.keys(["F3"])
        try await fund.waitFor("FS2026112100001")
        try await fund.keys(["Tab", "Enter"])
        try await fund.waitFor("已确认收到")
        try await fund.keys(["d"])
        try await fund.waitFor("|¥30,000.00")
        let screen = try await fund.capture()
        #expect(screen.contains("+持有"), "the fund company holds the tranche: \(screen)")
        #expect(screen.contains("已确认"))
        try await fund.quit()
    }
}

/// One tmux server of our own (its own socket) running one session of the application.
struct Tmux {
    let socket: String

    /// Starts `command` in a new 100x30 session on a new server.
    static func start(_ command: String) async throws -> Tmux {
        let tmux = Tmux(socket: "fundchain-test-\(UUID().uuidString.prefix(8))")
        try await tmux.run(["new-session", "-d", "-s", "app", "-x", "100", "-y", "30", command])
        try await tmux.waitFor("选择机构")
        return tmux
    }

    /// Signs in as the organisation at `listPosition` of the sign-in list with the demo passphrase.
    func signIn(listPosition: Int) async throws {
        try await keys(Array(repeating: "Down", count: listPosition) + ["Enter", "F4", "Enter"])
        try await waitFor("待办事项")
    }

    /// Quits from the current screen (Esc back to the inbox, q, confirm) and waits for the
    /// server to end with its only session.
    func quit() async throws {
        try await keys(["Escape", "Escape", "Escape", "q"])
        try await waitFor("退出 FundChain")
        try await keys(["Tab", "Enter"])
        let deadline = ContinuousClock.now + TestDeadline.seconds(30)
        while (try? await run(["has-session", "-t", "app"])) != nil {
            guard ContinuousClock.now < deadline else {
                _ = try? await run(["kill-server"])
                throw TmuxFailure("the application did not exit")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends named keys ("Enter", "F2", "Down").
    func keys(_ names: [String]) async throws { try await run(["send-keys", "-t", "app"] + names) }

    /// Sends one named key.
    func keys(_ name: String) async throws { try await keys([name]) }

    /// Types `text` literally (Chinese included, as an input method commits it).
    func text(_ text: String) async throws { try await run(["send-keys", "-t", "app", "-l", text]) }

    /// The screen's text.
    func capture() async throws -> String { try await run(["capture-pane", "-p", "-t", "app"], capturing: true) }

    /// Polls the screen until it shows `text`, failing with the screen after the deadline.
    func waitFor(_ text: String) async throws {
        let deadline = ContinuousClock.now + TestDeadline.seconds(30)
        var screen = ""
        while ContinuousClock.now < deadline {
            screen = try await capture()
            if screen.contains(text) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TmuxFailure("no \"\(text)\" within the deadline; the screen:\n\(screen)")
    }

    /// Runs `tmux -L socket ARGUMENTS` and returns its standard output; throws on a failing
    /// status. Spawned directly with default signal handling and the output in a file: the
    /// server `new-session` starts inherits whatever the client had, so it must be neither a
    /// pipe someone waits on nor a blocked signal mask.
    @discardableResult
    func run(_ arguments: [String], capturing: Bool = false) async throws -> String {
        let all = ["tmux", "-L", socket] + arguments
        return try await BlockingWork.run {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-tmux-\(UUID().uuidString)").path
            defer { unlink(output) }
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var none = sigset_t(), every = sigset_t()
            sigemptyset(&none)
            sigfillset(&every)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setsigdefault(&attributes, &every)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let argv = all.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawnp(&pid, "tmux", &actions, &attributes, argv, environ) == 0 else { throw TmuxFailure("tmux could not be started") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            guard status == 0 else { throw TmuxFailure("tmux \(arguments.first ?? "") exited with status \(status)") }
            return capturing ? ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "") : ""
        }
    }
}

/// A tmux step that did not happen.
struct TmuxFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

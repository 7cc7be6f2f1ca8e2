import Foundation
import WorkflowTestSupport

/// A tmux server of the test's own (a private socket, no user configuration) running one
/// command in a pane of a fixed size: the end-to-end tests drive the real `fundchain` binary
/// through it with `send-keys` and read the screen back with `capture-pane`.
///
/// tmux forks its server from the first client, and the server keeps every descriptor that
/// client inherited. Started through Foundation's `Process`, the server would hold the socket
/// Foundation watches to learn that the client exited (so `waitUntilExit` never returns) or a
/// test's pipe (so reading it never ends). The first client is therefore spawned directly with
/// only /dev/null as its standard descriptors and every other descriptor closed.
final class TmuxTerminal: Sendable {
    /// Why a wait ended without the expected screen.
    struct ScreenTimeout: Error, CustomStringConvertible {
        let expected: String
        let lastScreen: String
        var description: String { "no \"\(expected)\" on the screen before the deadline; last screen:\n\(lastScreen)" }
    }

    /// Why a tmux command failed.
    struct TmuxFailure: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let output: String
        var description: String { "tmux \(arguments.joined(separator: " ")) exited \(status): \(output)" }
    }

    let socketName: String
    private let sessionName = "e2e"
    /// Where the pane's shell writes the command's exit status when it ends (128 + the
    /// signal's number when a signal ended it). tmux 3.3 may lose both `pane_dead_status` and
    /// the pane's last output when the child's exit is seen before its terminal's end of file.
    private var statusFile: String { Self.statusFile(socketName: socketName) }
    /// The tmux server's process, ended by `stop` even if it ignores `kill-server`.
    private let serverPID: Int32

    private init(socketName: String, serverPID: Int32) {
        self.socketName = socketName
        self.serverPID = serverPID
    }

    /// Starts `command` in a new pane of `columns` x `rows` with `environment` added to a
    /// UTF-8 locale.
    static func start(_ command: [String], columns: Int = 100, rows: Int = 30,
                      environment: [String: String] = [:]) async throws -> TmuxTerminal {
        let starter = TmuxTerminal(socketName: "fundchain-e2e-\(UUID().uuidString.prefix(8))", serverPID: 0)
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = "C.UTF-8"
        env["TERM"] = env["TERM"].flatMap { $0.isEmpty || $0 == "dumb" ? nil : $0 } ?? "xterm-256color"
        env.removeValue(forKey: "TMUX")
        // A crash prints its backtrace and exits instead of waiting for a key on the pane.
        env["SWIFT_BACKTRACE"] = env["SWIFT_BACKTRACE"] ?? "interactive=no"
        for (name, value) in environment { env[name] = value }
        let shellCommand = command.map(Self.shellQuoted).joined(separator: " ")
            + "; echo $? > " + Self.shellQuoted(Self.statusFile(socketName: starter.socketName))
        try await starter.tmux(["-f", "/dev/null", "new-session", "-d", "-s", starter.sessionName,
                                "-x", "\(columns)", "-y", "\(rows)", shellCommand],
                               environment: env, detachedServer: true)
        let pidText = try await starter.tmux(["display-message", "-p", "-t", starter.sessionName, "#{pid}"])
        let terminal = TmuxTerminal(socketName: starter.socketName, serverPID: Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0)
        // Keep the pane after the command exits so its exit status and last screen stay readable.
        try await terminal.tmux(["set-option", "-t", terminal.sessionName, "remain-on-exit", "on"])
        return terminal
    }

    /// Sends tmux key names (`Enter`, `Tab`, `BTab`, `Escape`, `F2`, `Down`...), one key each.
    func press(_ keys: String...) async throws {
        for key in keys { try await tmux(["send-keys", "-t", sessionName, key]) }
    }

    /// Types `text` literally in one write, as an input method commits several characters at once.
    func type(_ text: String) async throws {
        try await tmux(["send-keys", "-t", sessionName, "-l", text])
    }

    /// The pane's text now.
    func screen() async throws -> String {
        try await tmux(["capture-pane", "-p", "-t", sessionName])
    }

    /// Polls the screen until it contains every one of `texts`, or throws with the last screen.
    @discardableResult
    func waitFor(_ texts: String..., seconds: Double = 30) async throws -> String {
        let deadline = ContinuousClock.now + TestDeadline.seconds(seconds)
        var last = ""
        while ContinuousClock.now < deadline {
            last = try await screen()
            if texts.allSatisfy({ last.contains($0) }) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ScreenTimeout(expected: texts.joined(separator: "\", \""), lastScreen: last)
    }

    private static func statusFile(socketName: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(socketName).status").path
    }

    /// Polls until the pane's command has exited and returns its exit status.
    func waitForExit(seconds: Double = 30) async throws -> Int32 {
        let deadline = ContinuousClock.now + TestDeadline.seconds(seconds)
        while ContinuousClock.now < deadline {
            // The shell writes "STATUS\n" in one write; a file without its newline is still being written.
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8), text.hasSuffix("\n"),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ScreenTimeout(expected: "the program to exit", lastScreen: (try? await screen()) ?? "")
    }

    /// Ends the tmux server and everything running in it, and removes its socket.
    func stop() async {
        _ = try? await tmux(["kill-server"])
        if serverPID > 0, kill(serverPID, 0) == 0 { kill(serverPID, SIGKILL) }
        let socketDirectory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(socketDirectory)/tmux-\(getuid())/\(socketName)")
        try? FileManager.default.removeItem(atPath: statusFile)
    }

    @discardableResult
    private func tmux(_ arguments: [String], environment: [String: String]? = nil, detachedServer: Bool = false) async throws -> String {
        let socket = socketName
        let fullArguments = ["-L", socket] + arguments
        return try await BlockingWork.run {
            if detachedServer {
                let status = try Self.spawnDetached(["tmux"] + fullArguments, environment: environment ?? [:])
                guard status == 0 else { throw TmuxFailure(arguments: arguments, status: status, output: "(output discarded)") }
                return ""
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["tmux"] + fullArguments
            if let environment { process.environment = environment }
            process.standardInput = FileHandle.nullDevice
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let output = String(decoding: data, as: UTF8.self)
            guard process.terminationStatus == 0 else {
                throw TmuxFailure(arguments: arguments, status: process.terminationStatus, output: output)
            }
            return output
        }
    }

    private static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc
    /// module does not import.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Runs `arguments` (found on PATH) with standard input, output and error on /dev/null and
    /// no other descriptor inherited, waits for it and returns its exit status.
    private static func spawnDetached(_ arguments: [String], environment: [String: String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        guard let closeFrom = Self.addCloseFrom else { throw POSIXError(.ENOSYS) }
        _ = closeFrom(&actions, 3)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // The test process blocks or ignores some signals (SIGCHLD among them); tmux needs
        // them as a fresh process has them to learn how its pane's program exited.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGCHLD, SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : -1
    }
}

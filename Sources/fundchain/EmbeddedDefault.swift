import EmbeddedNode
import Foundation
import LedgerClient
import Logging
import TUI
import Workflow

/// The embedded default: the demo consortium in a per-user data directory (created on first
/// run with its keys, consortium CA and node certificates, kept between runs), its four
/// validators running in this process over mutual TLS on loopback (`EmbeddedConsortium`),
/// and the terminal application on one of them. The others' terminals attach over JSON-RPC
/// (`EmbeddedAttachment`); quitting stops all four.
enum EmbeddedDefault {
    /// The validator the terminal application opens on.
    static let validatorID = "provincial-office"

    /// The data directory: `--data-dir`, else `$XDG_DATA_HOME/fundchain/demo`, else
    /// `~/.local/share/fundchain/demo`.
    static func dataDirectory(explicit: String?, environment: [String: String]) -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("fundchain/demo")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/fundchain/demo")
    }

    /// Creates the demo in `directory` on first run, starts its validators, runs the
    /// application, and stops the validators when the person quits. A directory another
    /// terminal already runs is refused with the command that attaches to it.
    static func run(directory: URL, language: Language, display: DisplayOptions, keyMap: KeyMap) async throws {
        var logger = Logger(label: "fundchain.embedded")
        logger.logLevel = .critical   // the terminal is the application's; log lines would garble it
        let running = try await start(directory: directory, language: language, logger: logger)
        defer { running.lock.release() }
        let home = running.consortium.validator(validatorID)
        let command = EmbeddedAttachment.command(url: url(of: home), directory: directory,
                                                 defaultDirectory: dataDirectory(explicit: nil, environment: ProcessInfo.processInfo.environment))
        do {
            try EmbeddedAttachment.writeConnectFile(in: directory, urls: running.consortium.validators.map { ($0.validatorID ?? "", url(of: $0)) },
                                                    command: command)
        } catch {
            await running.consortium.stop()
            throw error
        }
        let keys = directory.appendingPathComponent(DemoConsortium.keysFolderName)
        await App.run(language: language, session: session(node: home.node, genesis: running.genesis, keys: keys, attachCommand: command),
                      display: display, keyMap: keyMap)
        EmbeddedAttachment.removeConnectFile(in: directory)
        await running.consortium.stop()
    }

    /// Takes `directory` (a directory another terminal runs is refused), creates the demo there
    /// on first run, and starts its validators. The caller stops them and releases the lock.
    static func start(directory: URL, language: Language,
                      logger: Logger) async throws -> (lock: EmbeddedLock, genesis: Genesis, consortium: EmbeddedConsortium) {
        let lock = try acquire(directory, language: language)
        do {
            let genesis = try prepare(directory, language: language)
            let tokenFile = try EmbeddedAttachment.ensureToken(in: directory)
            let consortium = try await EmbeddedConsortium.start(directory: directory, genesis: genesis, tokenFile: tokenFile,
                                                                language: language, logger: logger)
            return (lock, genesis, consortium)
        } catch {
            lock.release()
            throw error
        }
    }

    /// The JSON-RPC URL of a running validator.
    static func url(of validator: NodeServices) -> String {
        "http://\(EmbeddedConsortium.loopbackHost):\(validator.rpcPort)"
    }

    /// The lock of `directory` (created if missing), or a failure saying how to attach to the
    /// terminal that holds it.
    private static func acquire(_ directory: URL, language: Language) throws -> EmbeddedLock {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw CommandFailure(language.pick("无法创建数据目录 \(directory.path)：\(error)", "Cannot create the data directory \(directory.path): \(error)"))
        }
        if let lock = try EmbeddedLock.acquire(in: directory) { return lock }
        let holder = EmbeddedLock.holder(in: directory).map { language.pick("（进程 \($0)）", " (process \($0))") } ?? ""
        let running = language.pick("演示联盟已在另一终端运行\(holder)：\(directory.path)。",
                                    "The demo consortium in \(directory.path) is already running in another terminal\(holder). ")
        guard let url = EmbeddedAttachment.urls(in: directory)[validatorID] else {
            throw CommandFailure(running + language.pick("待其启动后，按 \(directory.path)/\(EmbeddedAttachment.connectFileName) 所示接入。",
                                                         "Once it has started, attach as \(directory.path)/\(EmbeddedAttachment.connectFileName) says."))
        }
        let command = EmbeddedAttachment.command(url: url, directory: directory,
                                                 defaultDirectory: dataDirectory(explicit: nil, environment: ProcessInfo.processInfo.environment))
        throw CommandFailure(running + language.pick("接入：", "Attach to it: ") + command)
    }

    /// The demo's genesis in `directory`, created with the four validators, the consortium CA
    /// and their node certificates on first run. A directory from an earlier release (one
    /// validator, no CA) is refused: its chain cannot gain validators.
    private static func prepare(_ directory: URL, language: Language) throws -> Genesis {
        let genesisURL = directory.appendingPathComponent(DemoConsortium.genesisFileName)
        let genesis: Genesis
        do {
            if !FileManager.default.fileExists(atPath: genesisURL.path) {
                _ = try DemoConsortium.create(at: directory, validators: DemoConsortium.validators, withNodeCertificates: true)
            }
            genesis = try DemoConsortium.loadGenesis(at: genesisURL)
        } catch {
            throw CommandFailure(error.message(language))
        }
        guard genesis.caCertificateDER != nil, genesis.validatorIDs.contains(validatorID) else {
            throw CommandFailure(language.pick(
                "\(directory.path) 中的演示链只有一个验证节点（旧版本创建），不能在进程内运行四个验证节点；请移走该目录或用 --data-dir 另选目录",
                "The demo chain in \(directory.path) has one validator (made by an earlier release) and cannot run four in process; move it away or choose another --data-dir"))
        }
        return genesis
    }

    /// The session: every keystore in `keys` whose organisation the genesis knows, signing in
    /// through an `InProcessLedger` on `node`; `attachCommand` is shown at sign-in.
    static func session(node: Node, genesis: Genesis, keys: URL, attachCommand: String? = nil) -> AppSession {
        KeystoreSession.make(node: .local, keys: keys, organisations: genesis.organisations.map(\.organisation),
                             attachCommand: attachCommand) { identity in
            InProcessLedger(node: node, identity: identity)
        }
    }
}

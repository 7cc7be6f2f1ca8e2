import Foundation
import LedgerClient
import Workflow

/// The terminal application's loop: draw, wait for keys or ledger events, update the shell,
/// run the effects it passes out and feed their replies back as events, until it says quit.
public enum App {
    /// Runs the shell on the sign-in screen of `session`, on a thread of its own (the loop
    /// blocks on the terminal), drawn as `display` says with `keyMap`'s keys; ledger work runs
    /// in tasks whose replies wake the loop. Returns when the person quits.
    public static func run(language: Language, session: AppSession, display: DisplayOptions, keyMap: KeyMap) async {
        let queue = EventQueue()
        let controller = LedgerController(events: queue)
        let work = EffectTasks()
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                KeyMap.$current.withValue(keyMap) {
                    loop(language: language, session: session, display: display, queue: queue, controller: controller, work: work)
                }
                finished.resume()
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        await controller.stop()
        await work.cancelAndWait()
    }

    private static func loop(language: Language, session: AppSession, display: DisplayOptions, queue: EventQueue, controller: LedgerController,
                             work: EffectTasks) {
        let terminal = Terminal(usesColor: display.usesColor)
        defer { terminal.end() }
        var shell = Shell(language: language, header: Header(node: session.node),
                          root: SignInScreen(language: language, choices: session.choices, attachCommand: session.attachCommand))
        var events: [TUIEvent] = [resizeEvent(terminal)]
        while true {
            events += queue.take()
            while !events.isEmpty {
                for effect in shell.update(events.removeFirst()) {
                    if case .quit = effect { return }
                    perform(effect, session: session, queue: queue, controller: controller, work: work)
                }
            }
            draw(shell, on: terminal, display: display)
            events = terminal.readKeys(wakingOn: queue.wakeDescriptor).map { $0 == .resize ? resizeEvent(terminal) : .key($0) }
        }
    }

    /// Starts the ledger work of `effect` among `work`; its reply is posted to `queue`.
    private static func perform(_ effect: TUIEffect, session: AppSession, queue: EventQueue, controller: LedgerController, work: EffectTasks) {
        work.start {
            if case .signIn(let organisationID, let passphrase) = effect {
                switch await session.openLedger(organisationID, passphrase) {
                case .success(let ledger):
                    let choice = session.choices.first { $0.organisation.id == organisationID }
                    guard let choice else { return queue.post(.refused(Bilingual("未知机构", "Unknown organisation"))) }
                    await controller.use(ledger, announcing: .signedIn(choice))
                case .failure(let error):
                    queue.post(.refused(Bilingual(rendering: error.message)))
                }
                return
            }
            guard let ledger = await controller.ledger else { return queue.post(offlineReply) }
            if let reply = await EffectRunner.run(effect, on: ledger) { queue.post(reply) }
        }
    }

    /// The reply to ledger work when no node is connected.
    static let offlineReply = TUIEvent.refused(Bilingual("未连接节点", "no node is connected"))

    private static func draw(_ shell: Shell, on terminal: Terminal, display: DisplayOptions) {
        let (columns, rows) = terminal.size
        var buffer = ScreenBuffer(columns: columns, rows: rows)
        shell.render(into: &buffer)
        terminal.draw(display.isASCII ? buffer.asciiOnly() : buffer)
    }

    private static func resizeEvent(_ terminal: Terminal) -> TUIEvent {
        let (columns, rows) = terminal.size
        return .resize(columns: columns, rows: rows)
    }
}

import LedgerClient
import Workflow

/// What the terminal application runs on: where the node is, the organisations that can
/// sign in here, and how a sign-in opens a ledger. The embedded default, `--config` and
/// `--connect` each make one; the screens see only the `Ledger` it opens.
public struct AppSession: Sendable {
    /// Where the node runs, for the header.
    public let node: Header.Node
    /// The organisations whose keystores were found.
    public let choices: [SignedInOrganisation]
    /// The command another terminal runs to attach to this one's node, shown at sign-in
    /// (the embedded default's); nil when there is none to show.
    public let attachCommand: String?
    /// Opens the organisation's keystore with the passphrase and returns a ledger signing for
    /// it, or why not.
    public let openLedger: @Sendable (_ organisationID: String, _ passphrase: String) async -> Result<any Ledger, LedgerIdentityError>

    /// Creates a session.
    public init(node: Header.Node, choices: [SignedInOrganisation], attachCommand: String? = nil,
                openLedger: @escaping @Sendable (String, String) async -> Result<any Ledger, LedgerIdentityError>) {
        self.node = node
        self.choices = choices
        self.attachCommand = attachCommand
        self.openLedger = openLedger
    }
}

/// The signed-in ledger and its block subscription, which turns every committed block into a
/// `.blockCommitted` event (so screens refresh without a key press).
actor LedgerController {
    private let events: EventQueue
    private(set) var ledger: (any Ledger)?
    private var subscription: Task<Void, Never>?

    init(events: EventQueue) { self.events = events }

    /// Switches to `ledger`, then posts `signedIn` (so the screens it opens find the ledger
    /// in place), the tip height, and every block committed after it.
    func use(_ newLedger: any Ledger, announcing signedIn: TUIEvent) async {
        subscription?.cancel()
        ledger = newLedger
        events.post(signedIn)
        let tip = (try? await newLedger.blockCount()) ?? 0
        events.post(.blockCommitted(height: tip))
        let events = self.events
        subscription = Task {
            for await block in newLedger.committedBlocks(after: tip) {
                events.post(.blockCommitted(height: block.height))
            }
        }
    }

    /// Stops the subscription and waits for it to end (a cancelled stream iteration ends), so
    /// it reads nothing after the caller closes the node.
    func stop() async {
        let ending = subscription
        subscription = nil
        ending?.cancel()
        await ending?.value
    }
}

import EmbeddedNode
import LedgerClient
import Workflow

/// What a screen reacts to: keys, the size of its area, and replies to effects it asked for.
public enum TUIEvent: Sendable {
    /// A key press.
    case key(Key)
    /// The screen's area now has this size (sent at start and after every resize).
    case resize(columns: Int, rows: Int)
    /// A ledger request the screen asked for was refused; its reason, in words.
    case refused(Bilingual)
    /// A ledger request the screen asked for succeeded; what happened, in words.
    case succeeded(Bilingual)
    /// Sign-in succeeded: the organisation now signing (its screens follow its kind).
    case signedIn(SignedInOrganisation)
    /// What waits for the signed-in organisation, freshly read from the ledger.
    case inboxLoaded(InboxSnapshot)
    /// "Why this primary" for a block or the next height, freshly read.
    case primaryExplained(HeightPrimaryExplanation)
    /// A block was committed at this height (sent without a key press).
    case blockCommitted(height: Int64)
    /// A bank statement file was read and checked (nothing published yet).
    case statementRead(StatementReading)
    /// The reconciliation book, freshly read from the ledger.
    case reconciliationLoaded(ReconciliationSnapshot)
    /// The node's health and its newest blocks, freshly read.
    case chainStatusLoaded(ChainStatus)
    /// The block a search asked for.
    case blockFound(BlockDetail)
    /// A file was read and hashed (SHA-256), for anchoring.
    case fileHashed(path: String, sha256: [UInt8])
    /// A document's hash was anchored under `key` by the transaction with this hash.
    case documentAnchored(key: String, transactionHash: [UInt8], height: Int64)
    /// A file was checked against the chain.
    case documentChecked(DocumentCheck)

    /// The chain's organisations and settings, read once after sign-in.
    case consortiumLoaded(Consortium)
    /// The drafts the organisation pays or receives in, with their projects, freshly read.
    case tranchesLoaded(TranchesSnapshot)
    /// One draft with its project, freshly read.
    case draftLoaded(DraftSnapshot)
    /// A read of the ledger (inbox, drafts, organisations) failed; why, in words. The shell
    /// shows it in the message line; it is never taken for a refused submission.
    case readFailed(Bilingual)
}

/// What a screen asks the shell to do. Navigation is handled by the shell; ledger work runs
/// outside the model and comes back as a `TUIEvent`.
public enum TUIEffect: Sendable {
    /// Go back to the previous screen (nothing at top level: Esc never quits).
    case back
    /// Open a screen on top of this one.
    case open(any Screen)
    /// Quit, after a confirmation; only honoured at top level.
    case requestQuit
    /// Quit now (the shell sends this out when a quit is confirmed).
    case quit
    /// Show help generated from the current screen's key table.
    case showHelp
    /// File a project application on the ledger; the reply comes back as an event.
    case fileApplication(ProjectApplication)
    /// Open the organisation's keystore with a passphrase; `.signedIn` or `.refused` comes back.
    case signIn(organisationID: String, passphrase: String)
    /// Read the signed-in organisation's inbox; `.inboxLoaded` or `.refused` comes back.
    case loadInbox
    /// Submit a fund-flow command and wait for its receipt; `.succeeded(success)` or
    /// `.refused` with the receipt's reason comes back.
    case submit(WorkflowCommand, success: Bilingual)
    /// Read and check a bank statement file with a layout (nil: detect) and an account (nil:
    /// from the file); `.statementRead` comes back.
    case readStatement(path: String, bankID: String?, account: String?)
    /// Publish a checked statement's records, part after part in order; `.succeeded` or
    /// `.refused` comes back.
    case publishStatement(StatementReading)
    /// Read the reconciliation book; `.reconciliationLoaded` or `.refused` comes back.
    case loadReconciliation
    /// Read the node's health and newest blocks; `.chainStatusLoaded` or `.refused` comes back.
    case loadChainStatus
    /// Find a block by height (digits) or hash (64 hex digits); `.blockFound` or `.refused`
    /// comes back.
    case findBlock(String)
    /// Read and hash a file; `.fileHashed` or `.refused` comes back.
    case hashFile(path: String)
    /// Anchor a document's SHA-256 under `key`; `.documentAnchored` or `.refused` comes back.
    case anchorDocument(key: String, sha256: [UInt8])
    /// Check a file against what is anchored under `key`; `.documentChecked` or `.refused`
    /// comes back.
    case verifyDocument(path: String, key: String)
    /// Write the proof of a committed transaction to a new file at `path`; `.succeeded` or
    /// `.refused` comes back.
    case exportProof(transactionHash: [UInt8], path: String)

    /// Read why the block at `height` (nil: the next height) has its primary;
    /// `.primaryExplained` or `.refused` comes back.
    case explainPrimary(height: Int64?)
    /// Read the chain's organisations and settings; `.consortiumLoaded` or `.refused` comes back.
    case loadConsortium
    /// Read the drafts the organisation takes part in; `.tranchesLoaded` or `.refused` comes back.
    case loadTranches
    /// Read the draft with this number; `.draftLoaded` or `.refused` comes back.
    case loadDraft(String)
}

/// A screen: plain state, updated by events, drawn by a pure render into its area (the rows
/// between the breadcrumb and the message line).
public protocol Screen: Sendable {
    /// Where this screen is, for the breadcrumb (项目 › 数字汇票 › 拨付).
    var breadcrumb: Bilingual { get }
    /// The screen's keys, for help and the key-hint bar.
    var keyHelp: [KeyHelp] { get }
    /// What the message line says for this screen (the last error or result), if anything.
    var message: Bilingual? { get }
    /// Whether leaving now would lose what the person typed.
    var hasUnsavedInput: Bool { get }
    /// Applies an event; returns what the shell should do.
    mutating func update(_ event: TUIEvent) -> [TUIEffect]
    /// Draws the screen into a buffer the size of its area.
    func render(into buffer: inout ScreenBuffer)
}

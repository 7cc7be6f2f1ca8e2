import Workflow

/// One draft with its project, as read at one moment (`asOf`, what waiting times are
/// measured to).
public struct DraftSnapshot: Sendable, Equatable {
    /// The draft.
    public let draft: DigitalDraft
    /// Its project, nil if the chain did not answer with it.
    public let project: Project?
    /// When it was read.
    public let asOf: Timestamp

    /// Creates a snapshot.
    public init(draft: DigitalDraft, project: Project?, asOf: Timestamp) {
        self.draft = draft
        self.project = project
        self.asOf = asOf
    }
}

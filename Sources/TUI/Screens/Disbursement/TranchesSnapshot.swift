import Workflow

/// The drafts an organisation pays or receives in, with their projects, as read at one moment
/// (`asOf`, what waiting times are measured to).
public struct TranchesSnapshot: Sendable, Equatable {
    /// The drafts, in issue order.
    public let drafts: [DigitalDraft]
    /// The drafts' projects.
    public let projects: [Project]
    /// When it was read.
    public let asOf: Timestamp

    /// Creates a snapshot.
    public init(drafts: [DigitalDraft], projects: [Project], asOf: Timestamp) {
        self.drafts = drafts
        self.projects = projects
        self.asOf = asOf
    }

    /// The legs `organisationID` pays or receives, in draft then leg order.
    public func legs(of organisationID: String) -> [Leg] {
        drafts.flatMap { $0.legs.filter { $0.payerID == organisationID || $0.payeeID == organisationID } }
    }

    /// The name of the project whose draft has this number (the project's identifier if unread).
    public func projectName(ofDraft number: String) -> String {
        guard let draft = drafts.first(where: { $0.number == number }) else { return number }
        return projects.first { $0.id == draft.projectID }?.application.projectName ?? draft.projectID
    }
}

import Workflow

/// The chain's organisations and fund-flow rules, as its genesis set them: what screens need
/// to name organisations, offer project types and implementing units, and check forms the way
/// the chain will.
public struct Consortium: Hashable, Sendable {
    /// The organisations, sorted by identifier.
    public let organisations: [Organisation]
    /// The fund-flow rules (project types, budget maximum, tranche table, limits).
    public let settings: WorkflowSettings

    /// Creates the value.
    public init(organisations: [Organisation], settings: WorkflowSettings) {
        self.organisations = organisations
        self.settings = settings
    }

    /// The organisation with this identifier, if the chain has it.
    public func organisation(_ id: String) -> Organisation? {
        organisations.first { $0.id == id }
    }

    /// The organisation's name, or its identifier when the chain does not know it.
    public func name(of id: String) -> String {
        organisation(id)?.name ?? id
    }
}

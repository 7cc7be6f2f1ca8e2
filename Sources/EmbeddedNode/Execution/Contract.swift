import Workflow

/// What a contract sees of the transaction it executes.
public struct ExecutionContext: Sendable {
    /// The sending organisation (already authenticated by signature).
    public let sender: Organisation
    /// Block height, block time and transaction hash.
    public let provenance: Provenance
}

/// A contract: executes payloads of its kind against the execution state. A refusal must leave
/// the state unchanged: a contract checks everything before it writes anything.
public protocol Contract: Sendable {
    /// Which contract this is.
    var id: ContractID { get }
    /// Executes `payload`, returning the fund flow's events (empty for other contracts) or the
    /// reason for refusal.
    func execute(_ payload: TransactionPayload, context: ExecutionContext, state: inout ExecutionState)
        -> Result<[WorkflowEvent], RejectionReason>
}

import Workflow

/// Adapts the fund flow (`WorkflowState.apply`) to a contract.
public struct FundFlowContract: Contract {
    public let id = ContractID.fundFlow

    /// Creates the contract.
    public init() {}

    /// Applies the command as the sender at the block's provenance.
    public func execute(_ payload: TransactionPayload, context: ExecutionContext, state: inout ExecutionState)
        -> Result<[WorkflowEvent], RejectionReason>
    {
        guard case .workflow(let command) = payload else { preconditionFailure("fund-flow contract given \(payload.contract)") }
        return state.workflow.apply(command, by: context.sender.id, at: context.provenance).mapError { .workflow($0) }
    }
}

import Canonical
import Workflow

/// The thesis's benchmark contract (pressureMeasureCC): one account that starts at 100; every
/// `add` adds 1. Its value equals 100 plus the number of committed adds, which the pressure
/// benchmark checks on every validator.
public struct PressureContract: Contract {
    public let id = ContractID.pressure
    /// The account's value before any add.
    public static let initialValue: Int64 = 100

    /// Creates the contract.
    public init() {}

    /// Adds 1 to the account.
    public func execute(_ payload: TransactionPayload, context: ExecutionContext, state: inout ExecutionState)
        -> Result<[WorkflowEvent], RejectionReason>
    {
        guard case .pressureAdd = payload else { preconditionFailure("pressure contract given \(payload.contract)") }
        let value = Self.value(in: state)
        precondition(value < Int64.max, "pressure account overflow")
        state.set(StateKey.pressureAccount, (value + 1).canonicalBytes)
        return .success([])
    }

    /// The account's current value.
    public static func value(in state: ExecutionState) -> Int64 {
        guard let bytes = state.value(StateKey.pressureAccount) else { return initialValue }
        guard let value = try? Int64(canonicalBytes: bytes) else { preconditionFailure("pressure account is not an Int64") }
        return value
    }
}

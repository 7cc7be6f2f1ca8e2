import Workflow

/// The generic anchor contract of the voucher case study (SPEC section 5): `store(key,
/// valueHash)` succeeds once per key and otherwise fails with "key exists"; `query(key)`
/// returns the value or "key does not exist". Documents are anchored by their SHA-256.
public struct AnchorContract: Contract {
    public let id = ContractID.anchor

    /// Creates the contract.
    public init() {}

    /// Stores the value hash under the key, once.
    public func execute(_ payload: TransactionPayload, context: ExecutionContext, state: inout ExecutionState)
        -> Result<[WorkflowEvent], RejectionReason>
    {
        guard case .anchorStore(let key, let valueHash) = payload else { preconditionFailure("anchor contract given \(payload.contract)") }
        guard !key.isEmpty, key.utf8.count <= TransactionPayload.anchorKeyBytesMax, valueHash.count == 32 else {
            return .failure(.anchorMalformed)
        }
        let stateKey = StateKey.anchor(key)
        guard state.value(stateKey) == nil else { return .failure(.anchorKeyExists(key)) }
        state.set(stateKey, valueHash)
        return .success([])
    }

    /// The value stored under `key`, or nil ("key does not exist").
    public static func query(_ key: String, in state: ExecutionState) -> [UInt8]? {
        state.value(StateKey.anchor(key))
    }
}

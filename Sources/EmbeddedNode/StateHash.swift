import Canonical
import Workflow

extension WorkflowState {
    /// SHA-256 of the state's canonical snapshot: what honest nodes compare after each block.
    public var stateHashHex: String { SHA256Digest.hex(canonicalBytes) }
}

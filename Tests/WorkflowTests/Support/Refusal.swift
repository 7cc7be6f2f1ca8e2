import Canonical
import Testing
import Workflow
import WorkflowTestSupport

extension WorkflowState {
    /// Applies and returns the refusal, checking that the state bytes did not change.
    mutating func refusal(_ command: WorkflowCommand, by actor: String, _ clock: inout ChainClock) -> WorkflowError? {
        let before = canonicalBytes
        switch apply(command, by: actor, at: clock.next()) {
        case .success: return nil
        case .failure(let error):
            #expect(canonicalBytes == before, "a refused command changed state")
            return error
        }
    }
}

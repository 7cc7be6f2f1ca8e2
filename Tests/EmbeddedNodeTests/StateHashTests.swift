import EmbeddedNode
import Testing
import Workflow

/// The fund flow's state hash follows its state.
@Suite struct StateHashTests {
    @Test func stateHashesDifferWhenStateDiffers() throws {
        let empty = try WorkflowState(organisations: [], settings: WorkflowSettings())
        let other = try WorkflowState(organisations: [], settings: WorkflowSettings(stallLimitSeconds: 7))
        #expect(empty.stateHashHex.count == 64)
        #expect(empty.stateHashHex != other.stateHashHex)
    }
}

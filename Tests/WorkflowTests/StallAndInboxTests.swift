import Testing
@testable import Workflow
import WorkflowTestSupport

/// Money waiting at a holder that should pass it on is reported stalled at block time, never
/// earlier, and inboxes show each organisation what waits for it.
@Suite struct StallAndInboxTests {
    let draftNumber = TestConsortium.firstDraftNumber
    func leg(_ index: Int) -> LegID { TestConsortium.leg(index) }

    func approved() throws -> (WorkflowState, ChainClock) { try TestConsortium.approvedProject() }

    @Test func legsStallAfterTheLimitAtBlockTimeAndRecoverWhenPaid() throws {
        var (state, clock) = try approved()
        let approvedAt = clock.time
        let limit = state.settings.stallLimitSeconds
        #expect(state.endBlock(at: Provenance(height: 50, time: approvedAt.adding(seconds: limit - 1), transactionHash: [])).isEmpty)
        let due = Provenance(height: 51, time: approvedAt.adding(seconds: limit), transactionHash: [])
        // The three funders could pay since approval; the LP and the fund company hold nothing yet.
        #expect(state.endBlock(at: due) == [.legStalled(leg(0)), .legStalled(leg(1)), .legStalled(leg(2))])
        #expect(state.stalledLegs().map(\.id) == [leg(0), leg(1), leg(2)])
        #expect(state.inbox(for: "auditor").filter { $0.kind == .stalledLeg }.count == 3)
        #expect(state.endBlock(at: Provenance(height: 52, time: due.time.adding(seconds: 60), transactionHash: [])).isEmpty, "reported once")
        var later = ChainClock()
        while later.time < due.time { _ = later.next(after: 86_400) }
        try state.must(.recordPayment(legID: leg(0), fundSerial: "FS2026000001"), by: "county-finance", &later)
        #expect(state.stalledLegs().map(\.id) == [leg(1), leg(2)])
        #expect(state.leg(leg(0))!.history.map(\.action) == [.created, .stalled, .paid])
    }

    @Test func inboxesShowWhatWaitsForEachOrganisation() throws {
        var (state, clock) = try approved()
        #expect(state.inbox(for: "county-finance").map(\.kind) == [.payLeg])
        #expect(state.inbox(for: "county-finance").first?.amountFen == Fen(6_000_000))
        #expect(state.inbox(for: "fund-lp").isEmpty, "the LP holds nothing to pass on yet")
        #expect(state.inbox(for: "builder").map(\.kind) == [.completeStage])
        try state.must(.recordPayment(legID: leg(1), fundSerial: "FS2026000002"), by: "provincial-finance", &clock)
        try state.must(.recordPayment(legID: leg(2), fundSerial: "FS2026000003"), by: "commercial-bank", &clock)
        let lpInbox = state.inbox(for: "fund-lp")
        #expect(lpInbox.map(\.kind) == [.payLeg, .confirmReceipt, .confirmReceipt])
        #expect(lpInbox.map(\.legID) == [leg(3), leg(1), leg(2)])
        #expect(state.inbox(for: "nobody").isEmpty)
        #expect(state.drafts(involving: "builder").map(\.number) == [draftNumber])
        #expect(state.drafts(involving: "other-hq").isEmpty)
    }
}

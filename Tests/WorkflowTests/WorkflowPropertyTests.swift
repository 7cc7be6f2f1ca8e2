import Canonical
import PropertyBased
import Testing
@testable import Workflow
import WorkflowTestSupport

/// Random command sequences from random organisations never break an invariant: money is
/// conserved per draft, no holder is negative, a fund serial is used once, refused commands
/// change nothing, and only permitted kinds change state. The generator aims most commands at
/// the organisation that should issue them, so the invariants are exercised, not only the
/// refusals; the ratio of accepted commands is printed and must be at least one half.
@Suite(.serialized) struct WorkflowPropertyTests {
    final class Counters: @unchecked Sendable {
        var accepted = 0
        var refused = 0
    }

    @Test func randomSequencesKeepEveryInvariant() async throws {
        let counters = Counters()
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000).array(of: 50...250)) { decisions in
            var generator = CommandGenerator(decisions: decisions)
            var state = TestConsortium.newState()
            var clock = ChainClock()
            for _ in 0..<decisions.count {
                switch generator.next(state) {
                case .endBlock(let seconds):
                    _ = state.endBlock(at: clock.next(after: seconds))
                case .command(let actorID, let command):
                    let before = state.canonicalBytes
                    switch state.apply(command, by: actorID, at: clock.next()) {
                    case .success:
                        counters.accepted += 1
                        let kind = state.organisation(actorID)!.kind
                        #expect(command.name.permittedKinds.contains(kind))
                    case .failure:
                        counters.refused += 1
                        #expect(state.canonicalBytes == before, "refused \(command.name) changed state")
                    }
                }
                checkInvariants(state)
                await Task.yield()
            }
            let reloaded = try WorkflowState(canonicalBytes: state.canonicalBytes)
            #expect(reloaded.canonicalBytes == state.canonicalBytes)
        }
        let ratio = Double(counters.accepted) / Double(max(1, counters.accepted + counters.refused))
        print("workflow property test: \(counters.accepted) accepted, \(counters.refused) refused, ratio \(ratio)")
        #expect(ratio >= 0.5)
    }

    func checkInvariants(_ state: WorkflowState) {
        var serialOwners: [String: LegID] = [:]
        for draft in state.drafts {
            var held: [String: Int64] = [:]
            for leg in draft.legs {
                if draft.isSource(leg) { held[leg.payerID, default: 0] += leg.amountFen.value }
                if leg.status.hasMoved {
                    held[leg.payerID, default: 0] -= leg.amountFen.value
                    held[leg.payeeID, default: 0] += leg.amountFen.value
                }
                #expect((leg.fundSerial != nil) == leg.status.hasMoved)
                for entry in leg.history where entry.action == .paid {
                    let serial = entry.fundSerial!
                    #expect(serialOwners[serial] == nil || serialOwners[serial] == leg.id, "serial \(serial) used twice")
                    serialOwners[serial] = leg.id
                }
            }
            #expect(held.values.reduce(0, +) == draft.amountFen.value, "draft \(draft.number) does not conserve money")
            #expect(held.values.allSatisfy { $0 >= 0 }, "a holder of \(draft.number) is negative")
            if draft.status == .completed {
                let unit = state.project(draft.projectID)!.application.implementingUnitID
                #expect(held[unit] == draft.amountFen.value)
            }
        }
    }
}

import EmbeddedNode
import Foundation
import LedgerClient
import Workflow

/// The reconciliation benchmark's input: a fund-flow state holding `legCount` paid legs (whole
/// project lifecycles of `WorkflowWorkload`, without their bank statements) and bank records
/// against them with differences in known proportions, as the commercial bank's
/// `publishBankRecords` commands (one statement per paying account, in parts of
/// `WorkflowCommand.bankRecordsPerCommandMax`).
///
/// Out of every 50 legs, in order: one has no bank record, one is booked with a different
/// amount, one with a different payee account, one appears twice on its payer's statement
/// (two bank serials), one has no record while the statement carries a record whose fund
/// serial matches no leg, and the other 45 match. Records beyond one per leg are more such
/// orphans; with fewer records than legs the last legs go without.
struct ReconcileWorkload {
    /// How many legs and records should end in each outcome, counted while injecting them.
    struct Expected: Equatable {
        var legs: [ReconciliationOutcome: Int] = [:]
        var records: [ReconciliationOutcome: Int] = [:]
    }

    /// The state with every leg paid and no bank record published.
    let state: WorkflowState
    /// The legs measured, in draft order.
    let legs: [Leg]
    /// The publications, in order, each by the commercial bank.
    let publications: [WorkflowCommand]
    /// The outcomes the injected differences must produce.
    let expected: Expected
    /// The bank records in `publications`.
    let recordCount: Int
    /// Who publishes.
    let bankID: String
    /// Where the publications go on chain: one block after the legs' last.
    let provenance: Provenance
    /// Commands applied to build the state.
    let setupCommandCount: Int

    /// Legs each project of `WorkflowWorkload` pays: four tranches and three stages.
    static let legsPerProject = 7
    /// An account no organisation holds, for the records whose payee differs.
    static let strangerAccount = "6222020199999999999"

    /// Builds the state and the records; throws if the workload's own commands are refused.
    init(legCount: Int, recordCount: Int) throws {
        let organisations = DemoConsortium.organisations
        let projects = (legCount + Self.legsPerProject - 1) / Self.legsPerProject
        let workload = WorkflowWorkload(projectCount: projects, organisations: organisations, commandsPerBlock: 10_000, statements: false)
        var state = try WorkflowState(organisations: organisations, settings: DemoConsortium.settings)
        var lastProvenance = Provenance(height: 0, time: Timestamp(millisecondsSinceEpoch: 1_800_000_000_000), transactionHash: [])
        for entry in workload.entries {
            switch entry {
            case .command(let actor, let provenance, let command):
                if case .failure(let error) = state.apply(command, by: actor, at: provenance) {
                    throw CommandFailure("the leg workload's \(command.name) was refused: \(error)")
                }
                lastProvenance = provenance
            case .endBlock(let provenance):
                _ = state.endBlock(at: provenance)
            }
        }
        let legs = Array(state.drafts.lazy.flatMap(\.legs).filter { $0.fundSerial != nil }.prefix(legCount))
        precondition(legs.count == legCount, "the workload paid fewer legs than asked")
        bankID = organisations.first { $0.kind == .commercialBank }!.id
        provenance = Provenance(height: lastProvenance.height + 1, time: lastProvenance.time.adding(seconds: 60), transactionHash: [])
        setupCommandCount = workload.commandCount
        self.state = state
        self.legs = legs
        self.recordCount = recordCount

        let names = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0.name) })
        var generator = BankRecordGenerator(time: provenance.time, names: names)
        var expected = Expected()
        let orphanAccount = organisations.first { $0.kind == .countyFundCompany }!.accountNumber
        for (index, leg) in legs.enumerated() {
            let kind = index % 50
            let wanted = kind == 3 ? 2 : (kind == 0 || kind == 4 ? 0 : 1)
            guard generator.count + max(1, wanted) <= recordCount else {
                expected.legs[.legWithoutBankRecord, default: 0] += 1
                continue
            }
            switch kind {
            case 0:
                expected.legs[.legWithoutBankRecord, default: 0] += 1
            case 1:
                generator.add(leg, amountFen: Fen(leg.amountFen.value + 100), payeeAccount: leg.payeeAccount)
                expected.legs[.amountMismatch, default: 0] += 1
                expected.records[.amountMismatch, default: 0] += 1
            case 2:
                generator.add(leg, amountFen: leg.amountFen, payeeAccount: Self.strangerAccount)
                expected.legs[.accountMismatch, default: 0] += 1
                expected.records[.accountMismatch, default: 0] += 1
            case 3:
                generator.add(leg, amountFen: leg.amountFen, payeeAccount: leg.payeeAccount)
                generator.add(leg, amountFen: leg.amountFen, payeeAccount: leg.payeeAccount)
                expected.legs[.duplicateSerial, default: 0] += 1
                expected.records[.duplicateSerial, default: 0] += 2
            case 4:
                generator.addOrphan(account: orphanAccount)
                expected.legs[.legWithoutBankRecord, default: 0] += 1
                expected.records[.bankRecordWithoutLeg, default: 0] += 1
            default:
                generator.add(leg, amountFen: leg.amountFen, payeeAccount: leg.payeeAccount)
                expected.legs[.matched, default: 0] += 1
                expected.records[.matched, default: 0] += 1
            }
        }
        while generator.count < recordCount {
            generator.addOrphan(account: orphanAccount)
            expected.records[.bankRecordWithoutLeg, default: 0] += 1
        }
        self.expected = expected
        publications = generator.publications()
    }
}

import Canonical

/// Everything an organisation can ask the fund flow to do. Each is one transaction's payload;
/// `WorkflowState.apply` executes it or refuses it with a `WorkflowError`.
public enum WorkflowCommand: Hashable, Sendable {
    /// Step 1: a county HQ files a project application.
    case fileApplication(ProjectApplication)
    /// The county HQ resubmits an application returned for revision.
    case resubmitApplication(projectID: String, application: ProjectApplication)
    /// Step 2: the provincial office approves, reserving `reservedFen` (at most the budget) and
    /// issuing the digital draft. Below the budget a plan summing to the reserved amount is
    /// required; at the budget the application's plan is used unless one is given.
    case approveApplication(projectID: String, reservedFen: Fen, fundPlan: [FundPlanStage]?)
    /// The provincial office rejects an application, with a reason.
    case rejectApplication(projectID: String, reason: String)
    /// The provincial office returns an application for revision, with a reason.
    case returnApplication(projectID: String, reason: String)
    /// Step 3: a leg's payer records the payment with its fund serial number (资金流水号).
    case recordPayment(legID: LegID, fundSerial: String)
    /// A leg's payee confirms the money arrived.
    case confirmReceipt(legID: LegID)
    /// A payment recorded in error is reversed by a compensating entry: by the payer before the
    /// payee confirms, by the provincial office after.
    case reversePayment(legID: LegID, reason: String)
    /// The provincial office cancels a draft: unpaid legs are released and money already paid is
    /// refunded to the funders by new legs.
    case cancelDraft(draftNumber: String, reason: String)
    /// The implementing unit posts progress (0-100%), a description and document hashes.
    case postProgress(projectID: String, percent: Int, description: String, documentHashes: [String])
    /// The implementing unit completes a stage with a note and, optionally, a revised plan for
    /// the remaining stages that redistributes exactly what is still unpaid.
    case completeStage(projectID: String, stageIndex: Int, note: String, revisedPlan: [FundPlanStage]?)
    /// The county HQ's opinion on a completed stage: release the next stage's payment, or hold.
    case giveOpinion(projectID: String, stageIndex: Int, release: Bool, text: String)
    /// A bank publishes the records of one statement, identified by the file's SHA-256 hex,
    /// whole or in ordered parts of at most `bankRecordsPerCommandMax` records.
    case publishBankRecords(statementHash: String, accountNumber: String, part: StatementPart, records: [BankRecord])
    /// The provincial office resolves a reconciliation difference with an explanation.
    case resolveDifference(itemID: Int, explanation: String)

    /// The command's name (for permission checks and messages).
    public var name: CommandName {
        switch self {
        case .fileApplication: .fileApplication
        case .resubmitApplication: .resubmitApplication
        case .approveApplication: .approveApplication
        case .rejectApplication: .rejectApplication
        case .returnApplication: .returnApplication
        case .recordPayment: .recordPayment
        case .confirmReceipt: .confirmReceipt
        case .reversePayment: .reversePayment
        case .cancelDraft: .cancelDraft
        case .postProgress: .postProgress
        case .completeStage: .completeStage
        case .giveOpinion: .giveOpinion
        case .publishBankRecords: .publishBankRecords
        case .resolveDifference: .resolveDifference
        }
    }

    /// The most bank records one command may publish.
    public static let bankRecordsPerCommandMax = 10_000
    /// The most characters of a reason, note, description, opinion or explanation.
    public static let textCharactersMax = 500
    /// The most document hashes on one progress update.
    public static let documentHashesMax = 16
}

extension WorkflowCommand: CanonicalCodable {
    /// The command name's tag, then the parameters in declaration order.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(name)
        switch self {
        case .fileApplication(let application): writer.write(application)
        case .resubmitApplication(let id, let application): writer.write(id); writer.write(application)
        case .approveApplication(let id, let reserved, let plan):
            writer.write(id); writer.write(reserved); writer.write(plan.map(FundPlan.init))
        case .rejectApplication(let id, let reason), .returnApplication(let id, let reason):
            writer.write(id); writer.write(reason)
        case .recordPayment(let leg, let serial): writer.write(leg); writer.write(serial)
        case .confirmReceipt(let leg): writer.write(leg)
        case .reversePayment(let leg, let reason): writer.write(leg); writer.write(reason)
        case .cancelDraft(let number, let reason): writer.write(number); writer.write(reason)
        case .postProgress(let id, let percent, let description, let hashes):
            writer.write(id); writer.write(percent); writer.write(description); writer.write(hashes)
        case .completeStage(let id, let stage, let note, let plan):
            writer.write(id); writer.write(stage); writer.write(note); writer.write(plan.map(FundPlan.init))
        case .giveOpinion(let id, let stage, let release, let text):
            writer.write(id); writer.write(stage); writer.write(release); writer.write(text)
        case .publishBankRecords(let hash, let account, let part, let records):
            writer.write(hash); writer.write(account); writer.write(part); writer.write(records)
        case .resolveDifference(let item, let explanation): writer.write(item); writer.write(explanation)
        }
    }

    /// Reads a command, refusing unknown tags and oversized fields.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let textLimit = 4 * WorkflowCommand.textCharactersMax + 64
        switch try reader.read(CommandName.self) {
        case .fileApplication: self = .fileApplication(try reader.read())
        case .resubmitApplication: self = .resubmitApplication(projectID: try reader.readString(limit: 64), application: try reader.read())
        case .approveApplication:
            self = .approveApplication(
                projectID: try reader.readString(limit: 64), reservedFen: try reader.read(),
                fundPlan: (try reader.readOptional(FundPlan.self))?.stages)
        case .rejectApplication: self = .rejectApplication(projectID: try reader.readString(limit: 64), reason: try reader.readString(limit: textLimit))
        case .returnApplication: self = .returnApplication(projectID: try reader.readString(limit: 64), reason: try reader.readString(limit: textLimit))
        case .recordPayment: self = .recordPayment(legID: try reader.read(), fundSerial: try reader.readString(limit: 128))
        case .confirmReceipt: self = .confirmReceipt(legID: try reader.read())
        case .reversePayment: self = .reversePayment(legID: try reader.read(), reason: try reader.readString(limit: textLimit))
        case .cancelDraft: self = .cancelDraft(draftNumber: try reader.readString(limit: 64), reason: try reader.readString(limit: textLimit))
        case .postProgress:
            self = .postProgress(
                projectID: try reader.readString(limit: 64), percent: try reader.readInt(limit: 1000),
                description: try reader.readString(limit: textLimit),
                documentHashes: try reader.readStringArray(limit: WorkflowCommand.documentHashesMax, stringLimit: 128))
        case .completeStage:
            self = .completeStage(
                projectID: try reader.readString(limit: 64), stageIndex: try reader.readInt(limit: DigitalDraft.legsMax),
                note: try reader.readString(limit: textLimit), revisedPlan: (try reader.readOptional(FundPlan.self))?.stages)
        case .giveOpinion:
            self = .giveOpinion(
                projectID: try reader.readString(limit: 64), stageIndex: try reader.readInt(limit: DigitalDraft.legsMax),
                release: try reader.readBool(), text: try reader.readString(limit: textLimit))
        case .publishBankRecords:
            self = .publishBankRecords(
                statementHash: try reader.readString(limit: 128), accountNumber: try reader.readString(limit: 64),
                part: try reader.read(), records: try reader.readArray(limit: WorkflowCommand.bankRecordsPerCommandMax))
        case .resolveDifference:
            self = .resolveDifference(itemID: try reader.readInt(), explanation: try reader.readString(limit: textLimit))
        }
    }
}

/// A fund plan as one canonical value (so an optional plan encodes with one presence tag).
struct FundPlan: CanonicalCodable {
    let stages: [FundPlanStage]

    init(_ stages: [FundPlanStage]) { self.stages = stages }

    func encode(to writer: inout CanonicalWriter) { writer.write(stages) }

    init(from reader: inout CanonicalReader) throws(CanonicalError) {
        stages = try reader.readArray(limit: FundPlanStage.stagesMax)
    }
}

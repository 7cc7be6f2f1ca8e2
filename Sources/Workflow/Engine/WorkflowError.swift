import Canonical

/// Why the fund flow refused a command: a typed code with parameters, never text. Receipts
/// and state hold these; `message(_:)` renders them for people in Chinese or English.
public enum WorkflowError: Error, Hashable, Sendable {
    /// This kind of organisation may not issue this command.
    case notPermitted(command: CommandName, kind: OrgKind)
    /// No organisation with this identifier is in genesis.
    case unknownOrganisation(String)
    /// Only the organisation `expected` may do this (the leg's payer, the project's HQ...).
    case actingOrganisationMismatch(expected: String)
    /// Form fields are wrong; each problem names its field.
    case invalidFields([FieldProblem])
    /// No project with this identifier.
    case unknownProject(String)
    /// The project's status does not allow the command.
    case wrongProjectStatus(projectID: String, status: ProjectStatus)
    /// No draft with this number.
    case unknownDraft(String)
    /// The draft is completed or cancelled.
    case draftNotActive(draftNumber: String, status: DraftStatus)
    /// No leg with this identifier.
    case unknownLeg(String)
    /// The leg's status does not allow the command.
    case wrongLegStatus(legID: String, status: LegStatus)
    /// This fund serial number was already recorded (each is used once, reversed ones too).
    case fundSerialAlreadyUsed(String)
    /// The payer does not hold enough of this draft to pay the leg.
    case insufficientHolding(organisationID: String, heldFen: Fen, neededFen: Fen)
    /// The stage's payment has not been released by the county HQ's opinion.
    case stageNotReleased(projectID: String, stageIndex: Int)
    /// No stage with this index.
    case unknownStage(projectID: String, stageIndex: Int)
    /// The stage has no completion note yet.
    case stageNotCompleted(projectID: String, stageIndex: Int)
    /// The stage already has a completion note.
    case stageAlreadyCompleted(projectID: String, stageIndex: Int)
    /// A statement with this SHA-256 was already imported.
    case statementAlreadyImported(String)
    /// No reconciliation item with this number.
    case unknownReconciliationItem(Int)
    /// The item is matched or already resolved.
    case reconciliationItemNotOpen(Int)
    /// A genesis organisation identifier is malformed.
    case malformedOrganisationID(String)
    /// A genesis organisation name is empty or too long.
    case malformedOrganisationName(String)
    /// An account number is not 8-32 digits.
    case malformedAccountNumber(String)
    /// A published bank record (0-based index) does not belong to the statement's account.
    case bankRecordOutsideStatement(index: Int)
    /// An amount computation would overflow.
    case amountOverflow
    /// A published bank record (0-based index) has an empty bank serial, a non-positive amount
    /// or a malformed fund serial.
    case malformedBankRecord(index: Int)
    /// No single organisation of this kind can take part in the project's draft (none in its
    /// county or at province level, or several).
    case unresolvedParticipant(OrgKind)
    /// Genesis lists this organisation identifier twice.
    case duplicateOrganisation(String)
    /// The draft already has `DigitalDraft.legsMax` legs.
    case legLimitReached(draftNumber: String)
    /// A statement part arrived out of order (or with another account or part count); the
    /// statement expects part `expectedPart` next.
    case statementPartOutOfOrder(statementHash: String, expectedPart: Int)
}

extension WorkflowError: CanonicalCodable {
    /// A tag byte for the case, then its parameters in declaration order.
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .notPermitted(let command, let kind): writer.write(UInt8(1)); writer.write(command); writer.write(kind)
        case .unknownOrganisation(let id): writer.write(UInt8(2)); writer.write(id)
        case .actingOrganisationMismatch(let expected): writer.write(UInt8(3)); writer.write(expected)
        case .invalidFields(let problems): writer.write(UInt8(4)); writer.write(problems)
        case .unknownProject(let id): writer.write(UInt8(5)); writer.write(id)
        case .wrongProjectStatus(let id, let status): writer.write(UInt8(6)); writer.write(id); writer.write(status)
        case .unknownDraft(let number): writer.write(UInt8(7)); writer.write(number)
        case .draftNotActive(let number, let status): writer.write(UInt8(8)); writer.write(number); writer.write(status)
        case .unknownLeg(let id): writer.write(UInt8(9)); writer.write(id)
        case .wrongLegStatus(let id, let status): writer.write(UInt8(10)); writer.write(id); writer.write(status)
        case .fundSerialAlreadyUsed(let serial): writer.write(UInt8(11)); writer.write(serial)
        case .insufficientHolding(let id, let held, let needed):
            writer.write(UInt8(12)); writer.write(id); writer.write(held); writer.write(needed)
        case .stageNotReleased(let id, let stage): writer.write(UInt8(13)); writer.write(id); writer.write(stage)
        case .unknownStage(let id, let stage): writer.write(UInt8(14)); writer.write(id); writer.write(stage)
        case .stageNotCompleted(let id, let stage): writer.write(UInt8(15)); writer.write(id); writer.write(stage)
        case .stageAlreadyCompleted(let id, let stage): writer.write(UInt8(16)); writer.write(id); writer.write(stage)
        case .statementAlreadyImported(let hash): writer.write(UInt8(17)); writer.write(hash)
        case .unknownReconciliationItem(let item): writer.write(UInt8(18)); writer.write(item)
        case .reconciliationItemNotOpen(let item): writer.write(UInt8(19)); writer.write(item)
        case .malformedOrganisationID(let id): writer.write(UInt8(20)); writer.write(id)
        case .malformedOrganisationName(let id): writer.write(UInt8(21)); writer.write(id)
        case .malformedAccountNumber(let account): writer.write(UInt8(22)); writer.write(account)
        case .bankRecordOutsideStatement(let index): writer.write(UInt8(23)); writer.write(index)
        case .amountOverflow: writer.write(UInt8(24))
        case .malformedBankRecord(let index): writer.write(UInt8(25)); writer.write(index)
        case .unresolvedParticipant(let kind): writer.write(UInt8(26)); writer.write(kind)
        case .duplicateOrganisation(let id): writer.write(UInt8(27)); writer.write(id)
        case .legLimitReached(let number): writer.write(UInt8(28)); writer.write(number)
        case .statementPartOutOfOrder(let hash, let part): writer.write(UInt8(29)); writer.write(hash); writer.write(part)
        }
    }

    /// Reads a tag and the parameters of its case.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let tag = try reader.readUInt8()
        switch tag {
        case 1: self = .notPermitted(command: try reader.read(), kind: try reader.read())
        case 2: self = .unknownOrganisation(try reader.readString(limit: 256))
        case 3: self = .actingOrganisationMismatch(expected: try reader.readString(limit: 256))
        case 4: self = .invalidFields(try reader.readArray(limit: 256))
        case 5: self = .unknownProject(try reader.readString(limit: 256))
        case 6: self = .wrongProjectStatus(projectID: try reader.readString(limit: 256), status: try reader.read())
        case 7: self = .unknownDraft(try reader.readString(limit: 256))
        case 8: self = .draftNotActive(draftNumber: try reader.readString(limit: 256), status: try reader.read())
        case 9: self = .unknownLeg(try reader.readString(limit: 256))
        case 10: self = .wrongLegStatus(legID: try reader.readString(limit: 256), status: try reader.read())
        case 11: self = .fundSerialAlreadyUsed(try reader.readString(limit: 256))
        case 12:
            self = .insufficientHolding(
                organisationID: try reader.readString(limit: 256), heldFen: try reader.read(), neededFen: try reader.read())
        case 13: self = .stageNotReleased(projectID: try reader.readString(limit: 256), stageIndex: try reader.readInt())
        case 14: self = .unknownStage(projectID: try reader.readString(limit: 256), stageIndex: try reader.readInt())
        case 15: self = .stageNotCompleted(projectID: try reader.readString(limit: 256), stageIndex: try reader.readInt())
        case 16: self = .stageAlreadyCompleted(projectID: try reader.readString(limit: 256), stageIndex: try reader.readInt())
        case 17: self = .statementAlreadyImported(try reader.readString(limit: 256))
        case 18: self = .unknownReconciliationItem(try reader.readInt())
        case 19: self = .reconciliationItemNotOpen(try reader.readInt())
        case 20: self = .malformedOrganisationID(try reader.readString(limit: 256))
        case 21: self = .malformedOrganisationName(try reader.readString(limit: 256))
        case 22: self = .malformedAccountNumber(try reader.readString(limit: 256))
        case 23: self = .bankRecordOutsideStatement(index: try reader.readInt())
        case 24: self = .amountOverflow
        case 25: self = .malformedBankRecord(index: try reader.readInt())
        case 26: self = .unresolvedParticipant(try reader.read())
        case 27: self = .duplicateOrganisation(try reader.readString(limit: 256))
        case 28: self = .legLimitReached(draftNumber: try reader.readString(limit: 256))
        case 29: self = .statementPartOutOfOrder(statementHash: try reader.readString(limit: 256), expectedPart: try reader.readInt())
        default: throw .invalidTag(offset: start, tag: UInt64(tag), type: "WorkflowError")
        }
    }
}

extension FieldProblem: CanonicalCodable {
    /// Field order: field, stageIndex?, issue (tag then parameters).
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(field)
        writer.write(stageIndex.map { UInt64($0) })
        switch issue {
        case .required: writer.write(UInt8(1))
        case .tooLong(let maximum): writer.write(UInt8(2)); writer.write(maximum)
        case .notInList: writer.write(UInt8(3))
        case .malformedDate: writer.write(UInt8(4))
        case .completionNotAfterStart: writer.write(UInt8(5))
        case .dateOutsideProject: writer.write(UInt8(6))
        case .amountOutOfRange(let maximum): writer.write(UInt8(7)); writer.write(maximum)
        case .sumMismatch(let expected, let actual): writer.write(UInt8(8)); writer.write(expected); writer.write(actual)
        case .countOutOfRange(let minimum, let maximum): writer.write(UInt8(9)); writer.write(minimum); writer.write(maximum)
        case .malformedAccountNumber: writer.write(UInt8(10))
        case .malformed: writer.write(UInt8(11))
        case .percentOutOfRange: writer.write(UInt8(12))
        case .unknownOrganisation: writer.write(UInt8(13))
        }
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let field: FormField = try reader.read()
        let stage: UInt64? = try reader.readOptional()
        let start = reader.offset
        let issue: FieldIssue
        switch try reader.readUInt8() {
        case 1: issue = .required
        case 2: issue = .tooLong(charactersMax: try reader.readInt())
        case 3: issue = .notInList
        case 4: issue = .malformedDate
        case 5: issue = .completionNotAfterStart
        case 6: issue = .dateOutsideProject
        case 7: issue = .amountOutOfRange(maximum: try reader.read())
        case 8: issue = .sumMismatch(expected: try reader.read(), actual: try reader.read())
        case 9: issue = .countOutOfRange(minimum: try reader.readInt(), maximum: try reader.readInt())
        case 10: issue = .malformedAccountNumber
        case 11: issue = .malformed
        case 12: issue = .percentOutOfRange
        case 13: issue = .unknownOrganisation
        case let tag: throw .invalidTag(offset: start, tag: UInt64(tag), type: "FieldIssue")
        }
        guard stage.map({ $0 <= UInt64(FundPlanStage.stagesMax) }) ?? true else {
            throw .invalidValue(offset: start, reason: "stage index out of range")
        }
        self.init(field, stage: stage.map { Int($0) }, issue)
    }
}

import Canonical

/// What a command (or a block's time step) did, for receipts, live screens and notifications.
/// The state itself is the source of truth; events say what changed.
public enum WorkflowEvent: Hashable, Sendable {
    case applicationFiled(projectID: String)
    case applicationResubmitted(projectID: String)
    case applicationRejected(projectID: String)
    case applicationReturned(projectID: String)
    case draftIssued(projectID: String, draftNumber: String, amountFen: Fen)
    case legCreated(LegID)
    case legPaid(LegID, fundSerial: String)
    case legConfirmed(LegID)
    case legReversed(LegID)
    case legCancelled(LegID)
    case legStalled(LegID)
    case stageReleased(projectID: String, stageIndex: Int)
    case progressPosted(projectID: String, percent: Int)
    case stageCompleted(projectID: String, stageIndex: Int)
    case stageHeld(projectID: String, stageIndex: Int)
    case planRevised(projectID: String)
    case projectCompleted(projectID: String)
    case draftCompleted(draftNumber: String)
    case draftCancelled(draftNumber: String)
    case bankRecordsPublished(accepted: Int, alreadyKnown: Int)
    case reconciliationChanged(itemID: Int, outcome: ReconciliationOutcome)
    case differenceResolved(itemID: Int)
}

extension WorkflowEvent: CanonicalCodable {
    /// A tag byte, then the parameters in declaration order.
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .applicationFiled(let id): writer.write(UInt8(1)); writer.write(id)
        case .applicationResubmitted(let id): writer.write(UInt8(2)); writer.write(id)
        case .applicationRejected(let id): writer.write(UInt8(3)); writer.write(id)
        case .applicationReturned(let id): writer.write(UInt8(4)); writer.write(id)
        case .draftIssued(let id, let number, let amount): writer.write(UInt8(5)); writer.write(id); writer.write(number); writer.write(amount)
        case .legCreated(let leg): writer.write(UInt8(6)); writer.write(leg)
        case .legPaid(let leg, let serial): writer.write(UInt8(7)); writer.write(leg); writer.write(serial)
        case .legConfirmed(let leg): writer.write(UInt8(8)); writer.write(leg)
        case .legReversed(let leg): writer.write(UInt8(9)); writer.write(leg)
        case .legCancelled(let leg): writer.write(UInt8(10)); writer.write(leg)
        case .legStalled(let leg): writer.write(UInt8(11)); writer.write(leg)
        case .stageReleased(let id, let stage): writer.write(UInt8(12)); writer.write(id); writer.write(stage)
        case .progressPosted(let id, let percent): writer.write(UInt8(13)); writer.write(id); writer.write(percent)
        case .stageCompleted(let id, let stage): writer.write(UInt8(14)); writer.write(id); writer.write(stage)
        case .stageHeld(let id, let stage): writer.write(UInt8(15)); writer.write(id); writer.write(stage)
        case .planRevised(let id): writer.write(UInt8(16)); writer.write(id)
        case .projectCompleted(let id): writer.write(UInt8(17)); writer.write(id)
        case .draftCompleted(let number): writer.write(UInt8(18)); writer.write(number)
        case .draftCancelled(let number): writer.write(UInt8(19)); writer.write(number)
        case .bankRecordsPublished(let accepted, let known): writer.write(UInt8(20)); writer.write(accepted); writer.write(known)
        case .reconciliationChanged(let item, let outcome): writer.write(UInt8(21)); writer.write(item); writer.write(outcome)
        case .differenceResolved(let item): writer.write(UInt8(22)); writer.write(item)
        }
    }

    /// Reads a tag and its parameters.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let tag = try reader.readUInt8()
        switch tag {
        case 1: self = .applicationFiled(projectID: try reader.readString(limit: 64))
        case 2: self = .applicationResubmitted(projectID: try reader.readString(limit: 64))
        case 3: self = .applicationRejected(projectID: try reader.readString(limit: 64))
        case 4: self = .applicationReturned(projectID: try reader.readString(limit: 64))
        case 5: self = .draftIssued(projectID: try reader.readString(limit: 64), draftNumber: try reader.readString(limit: 64), amountFen: try reader.read())
        case 6: self = .legCreated(try reader.read())
        case 7: self = .legPaid(try reader.read(), fundSerial: try reader.readString(limit: 128))
        case 8: self = .legConfirmed(try reader.read())
        case 9: self = .legReversed(try reader.read())
        case 10: self = .legCancelled(try reader.read())
        case 11: self = .legStalled(try reader.read())
        case 12: self = .stageReleased(projectID: try reader.readString(limit: 64), stageIndex: try reader.readInt())
        case 13: self = .progressPosted(projectID: try reader.readString(limit: 64), percent: try reader.readInt())
        case 14: self = .stageCompleted(projectID: try reader.readString(limit: 64), stageIndex: try reader.readInt())
        case 15: self = .stageHeld(projectID: try reader.readString(limit: 64), stageIndex: try reader.readInt())
        case 16: self = .planRevised(projectID: try reader.readString(limit: 64))
        case 17: self = .projectCompleted(projectID: try reader.readString(limit: 64))
        case 18: self = .draftCompleted(draftNumber: try reader.readString(limit: 64))
        case 19: self = .draftCancelled(draftNumber: try reader.readString(limit: 64))
        case 20: self = .bankRecordsPublished(accepted: try reader.readInt(), alreadyKnown: try reader.readInt())
        case 21: self = .reconciliationChanged(itemID: try reader.readInt(), outcome: try reader.read())
        case 22: self = .differenceResolved(itemID: try reader.readInt())
        default: throw .invalidTag(offset: start, tag: UInt64(tag), type: "WorkflowEvent")
        }
    }
}

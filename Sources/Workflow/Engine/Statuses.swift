import Canonical

/// Where a project stands.
public enum ProjectStatus: UInt8, CaseIterable, Sendable, CanonicalCodable {
    /// Filed (or resubmitted); waiting for the provincial office.
    case submitted = 1
    /// Returned for revision; the county HQ may resubmit.
    case returned = 2
    /// Rejected with a reason; final.
    case rejected = 3
    /// Approved; its digital draft is being paid out and the project is being built.
    case approved = 4
    /// The last stage's completion was accepted by the county HQ.
    case completed = 5
    /// Its draft was cancelled.
    case cancelled = 6

    /// The status for a person.
    public func name(_ language: Language) -> String {
        switch self {
        case .submitted: language.pick("待审批", "Submitted")
        case .returned: language.pick("退回修改", "Returned for revision")
        case .rejected: language.pick("已驳回", "Rejected")
        case .approved: language.pick("已批准", "Approved")
        case .completed: language.pick("已完工", "Completed")
        case .cancelled: language.pick("已撤销", "Cancelled")
        }
    }

    /// Writes the tag.
    public func encode(to writer: inout CanonicalWriter) { writer.write(rawValue) }
    /// Reads a tag, refusing unknown ones.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) { self = try readTag(&reader, "ProjectStatus") }
}

/// Where a digital draft stands.
public enum DraftStatus: UInt8, CaseIterable, Sendable, CanonicalCodable {
    /// Issued; tranches and stages are being paid.
    case active = 1
    /// Every leg that was not cancelled is confirmed: the implementing unit holds all of A.
    case completed = 2
    /// Cancelled: unpaid legs released, paid money being refunded.
    case cancelled = 3

    /// The status for a person.
    public func name(_ language: Language) -> String {
        switch self {
        case .active: language.pick("流转中", "Active")
        case .completed: language.pick("已完成", "Completed")
        case .cancelled: language.pick("已撤销", "Cancelled")
        }
    }

    /// Writes the tag.
    public func encode(to writer: inout CanonicalWriter) { writer.write(rawValue) }
    /// Reads a tag, refusing unknown ones.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) { self = try readTag(&reader, "DraftStatus") }
}

/// Where one leg (one payment from a payer to a payee) stands.
public enum LegStatus: UInt8, CaseIterable, Sendable, CanonicalCodable {
    /// Not yet paid.
    case pending = 1
    /// The payer recorded the payment with its fund serial number.
    case paid = 2
    /// The payee confirmed receipt.
    case confirmed = 3
    /// Released without payment (draft cancelled, or superseded by a revised plan).
    case cancelled = 4

    /// The status for a person.
    public func name(_ language: Language) -> String {
        switch self {
        case .pending: language.pick("待拨付", "Pending")
        case .paid: language.pick("已拨付", "Paid")
        case .confirmed: language.pick("已确认", "Confirmed")
        case .cancelled: language.pick("已取消", "Cancelled")
        }
    }

    /// Whether the money has moved from payer to payee.
    public var hasMoved: Bool { self == .paid || self == .confirmed }

    /// Writes the tag.
    public func encode(to writer: inout CanonicalWriter) { writer.write(rawValue) }
    /// Reads a tag, refusing unknown ones.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) { self = try readTag(&reader, "LegStatus") }
}

/// Reads a one-byte tag of a `RawRepresentable` enum, refusing unknown values.
func readTag<Value: RawRepresentable>(_ reader: inout CanonicalReader, _ type: String) throws(CanonicalError) -> Value
where Value.RawValue == UInt8 {
    let start = reader.offset
    let tag = try reader.readUInt8()
    guard let value = Value(rawValue: tag) else { throw .invalidTag(offset: start, tag: UInt64(tag), type: type) }
    return value
}

import Canonical

/// Which part of a statement a publication carries. A statement larger than
/// `WorkflowCommand.bankRecordsPerCommandMax` records is published in `count` parts, in order,
/// each in its own transaction; the statement's hash is claimed by part 0 and the statement is
/// complete when the last part arrives. A statement whose parts stop arriving stays visibly
/// pending (`ReconciliationBook.pendingStatements`).
public struct StatementPart: Hashable, Sendable, CanonicalCodable {
    /// 0-based position of this part.
    public let index: Int
    /// How many parts the statement has.
    public let count: Int

    /// The most parts one statement may have: 200 x 10,000 records covers the 1,000,000-row
    /// limit of a statement file twice.
    public static let countMax = 200

    /// A statement published in one part.
    public static let whole = StatementPart(index: 0, count: 1)

    /// Creates a part descriptor; `isValid` says whether it is usable.
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Whether `0 <= index < count <= countMax`.
    public var isValid: Bool { count >= 1 && count <= StatementPart.countMax && index >= 0 && index < count }

    /// Field order: index, count.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(index)
        writer.write(count)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        index = try reader.readInt(limit: StatementPart.countMax)
        count = try reader.readInt(limit: StatementPart.countMax)
    }
}

/// A statement whose first parts are published and whose remaining parts are awaited.
public struct PendingStatement: Hashable, Sendable, CanonicalCodable {
    /// SHA-256 (hex) of the statement file.
    public let statementHash: String
    /// The statement's account.
    public let accountNumber: String
    /// The part expected next.
    public internal(set) var nextIndex: Int
    /// How many parts the statement has.
    public let count: Int

    init(statementHash: String, accountNumber: String, nextIndex: Int, count: Int) {
        self.statementHash = statementHash
        self.accountNumber = accountNumber
        self.nextIndex = nextIndex
        self.count = count
    }

    /// Field order: statementHash, accountNumber, nextIndex, count.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(statementHash)
        writer.write(accountNumber)
        writer.write(nextIndex)
        writer.write(count)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        statementHash = try reader.readString(limit: 128)
        accountNumber = try reader.readString(limit: 64)
        nextIndex = try reader.readInt(limit: StatementPart.countMax)
        count = try reader.readInt(limit: StatementPart.countMax)
    }
}

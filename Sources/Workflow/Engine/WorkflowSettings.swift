import Canonical

/// The fund flow's settings, kept in genesis so every node applies the same rules: the tranche
/// table, the project types, the budget maximum, and the time limits evaluated at block time.
public struct WorkflowSettings: Hashable, Sendable, CanonicalCodable {
    /// Who pays whom, and how much of each draft.
    public var trancheTable: TrancheTable
    /// The project types applications may choose.
    public var projectTypes: [ProjectType]
    /// The largest budget an application may ask for.
    public var budgetMaxFen: Fen
    /// How long a paid leg may wait for its bank record before it is reported missing.
    public var reconciliationGraceSeconds: Int64
    /// How long money may wait at a holder who should pass it on before the draft is stalled.
    public var stallLimitSeconds: Int64

    /// Creates settings; `validate()` checks them.
    public init(
        trancheTable: TrancheTable = .standard, projectTypes: [ProjectType] = ProjectType.defaults,
        budgetMaxFen: Fen = WorkflowSettings.defaultBudgetMaxFen,
        reconciliationGraceSeconds: Int64 = 3 * 86_400, stallLimitSeconds: Int64 = 30 * 86_400
    ) {
        self.trancheTable = trancheTable
        self.projectTypes = projectTypes
        self.budgetMaxFen = budgetMaxFen
        self.reconciliationGraceSeconds = reconciliationGraceSeconds
        self.stallLimitSeconds = stallLimitSeconds
    }

    /// ¥10,000,000,000.00 (一百亿元): above any single poverty-relief project.
    public static let defaultBudgetMaxFen = Fen(1_000_000_000_000)

    /// The problems with these settings, empty when valid.
    public func validate() -> [String] {
        var problems: [String] = []
        if let problem = trancheTable.validate() { problems.append("tranche table: \(problem)") }
        if projectTypes.isEmpty { problems.append("project types: empty") }
        if Set(projectTypes.map(\.code)).count != projectTypes.count { problems.append("project types: duplicate code") }
        if !budgetMaxFen.isValidAmount || budgetMaxFen.value <= 0 { problems.append("budgetMaxFen: out of range") }
        if reconciliationGraceSeconds < 0 { problems.append("reconciliationGraceSeconds: negative") }
        if stallLimitSeconds <= 0 { problems.append("stallLimitSeconds: not positive") }
        return problems
    }

    /// Field order: as declared.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(trancheTable)
        writer.write(projectTypes)
        writer.write(budgetMaxFen)
        writer.write(reconciliationGraceSeconds)
        writer.write(stallLimitSeconds)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        trancheTable = try reader.read()
        projectTypes = try reader.readArray(limit: 256)
        budgetMaxFen = try reader.read()
        reconciliationGraceSeconds = try reader.readInt64()
        stallLimitSeconds = try reader.readInt64()
    }
}

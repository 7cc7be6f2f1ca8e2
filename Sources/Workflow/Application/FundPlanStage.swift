import Canonical

/// One stage of a fund plan: what it is, how much it pays the implementing unit, and when.
public struct FundPlanStage: Hashable, Sendable, CanonicalCodable {
    /// What the stage builds ("一期：大棚建设").
    public var title: String
    /// What the county fund company pays the implementing unit for this stage.
    public var amountFen: Fen
    /// When the stage's payment is planned.
    public var plannedDate: CalendarDate

    /// Creates a stage.
    public init(title: String, amountFen: Fen, plannedDate: CalendarDate) {
        self.title = title
        self.amountFen = amountFen
        self.plannedDate = plannedDate
    }

    /// The most characters a stage title may have.
    public static let titleCharactersMax = 40
    /// The most stages a plan may have.
    public static let stagesMax = 12

    /// Checks a plan: 1...stagesMax stages, titles present, amounts positive, dates inside
    /// `window` when given, and amounts summing exactly to `total`.
    public static func problems(in plan: [FundPlanStage], total: Fen, window: ClosedRange<CalendarDate>?) -> [FieldProblem] {
        guard (1...stagesMax).contains(plan.count) else {
            return [FieldProblem(.fundPlan, .countOutOfRange(minimum: 1, maximum: stagesMax))]
        }
        var problems: [FieldProblem] = []
        for (index, stage) in plan.enumerated() {
            if stage.title.trimmingWhitespace.isEmpty {
                problems.append(FieldProblem(.stageTitle, stage: index, .required))
            } else if stage.title.count > titleCharactersMax {
                problems.append(FieldProblem(.stageTitle, stage: index, .tooLong(charactersMax: titleCharactersMax)))
            }
            if stage.amountFen.value <= 0 || stage.amountFen > total {
                problems.append(FieldProblem(.stageAmount, stage: index, .amountOutOfRange(maximum: total)))
            }
            if let window, !window.contains(stage.plannedDate) {
                problems.append(FieldProblem(.stageDate, stage: index, .dateOutsideProject))
            }
        }
        // Each amount is at most `total`, and there are at most 12, so the sum cannot overflow.
        let sum = Fen(plan.reduce(Int64(0)) { $0 + max($1.amountFen.value, 0) })
        if problems.isEmpty, sum != total {
            problems.append(FieldProblem(.fundPlan, .sumMismatch(expected: total, actual: sum)))
        }
        return problems
    }

    /// Field order: title, amountFen, plannedDate.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(title)
        writer.write(amountFen)
        writer.write(plannedDate)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        title = try reader.readString(limit: 4 * Self.titleCharactersMax + 64)
        amountFen = try reader.read()
        plannedDate = try reader.read()
    }
}

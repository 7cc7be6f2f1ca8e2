import Workflow

/// A fund-plan editor: one row per stage (title, amount in yuan, planned date) whose amounts
/// must sum to a total (the reserved amount). Tab/Shift-Tab move between cells, Up/Down
/// between stages; F3 adds a stage, F8 removes one. Each stage's problem stands beside it in
/// words, the sum (and what it is off by) beneath, all checked by the chain's own
/// `FundPlanStage.problems`.
public struct PlanEditor: Sendable {
    /// One stage being edited.
    public struct Row: Sendable {
        /// The stage's title.
        public var title = LineEditor(charactersMax: FundPlanStage.titleCharactersMax, widthColumns: PlanEditor.titleColumns)
        /// Its amount in yuan.
        public var amount = LineEditor(charactersMax: 24, widthColumns: PlanEditor.amountColumns)
        /// Its planned date.
        public var date = LineEditor(charactersMax: 12, widthColumns: PlanEditor.dateColumns)
        /// What is wrong with it, as last checked.
        public var error: Bilingual?
    }

    /// What the editor's keys do.
    public enum Action: Sendable {
        /// Next cell (wrapping to the next stage).
        case nextCell
        /// Previous cell.
        case previousCell
        /// Stage above.
        case up
        /// Stage below.
        case down
        /// Add a stage below the focused one.
        case addStage
        /// Remove the focused stage.
        case removeStage
    }

    /// The keys, for dispatch and help.
    public static let keyTable = KeyTable<Action>(scope: "planEditor", [
        KeyBinding([.tab], .nextCell, Bilingual("下一格", "next cell"), hinted: false),
        KeyBinding([.backTab], .previousCell, Bilingual("上一格", "previous cell"), hinted: false),
        KeyBinding([.up], .up, Bilingual("上一阶段", "stage above"), hinted: false),
        KeyBinding([.down], .down, Bilingual("下一阶段", "stage below"), hinted: false),
        KeyBinding([.function(3), .control("n")], .addStage, Bilingual("加阶段", "add stage")),
        KeyBinding([.function(8), .control("d")], .removeStage, Bilingual("删阶段", "remove stage")),
    ])

    /// Width of the title cell's inside.
    public static let titleColumns = 20
    /// Width of the amount cell's inside.
    public static let amountColumns = 15
    /// Width of the date cell's inside.
    public static let dateColumns = 11

    /// The stages.
    public private(set) var rows: [Row]
    /// The focused stage.
    public private(set) var focusRow = 0
    /// The focused cell: 0 title, 1 amount, 2 date.
    public private(set) var focusColumn = 0
    /// What the stages must sum to.
    public private(set) var total: Fen
    /// The dates stages must fall in, if any.
    public let window: ClosedRange<CalendarDate>?
    /// The plan's own problem (count, sum), as last checked.
    public private(set) var planError: Bilingual?

    /// An editor holding `plan`, to sum to `total`.
    public init(plan: [FundPlanStage], total: Fen, window: ClosedRange<CalendarDate>?) {
        self.total = total
        self.window = window
        self.rows = plan.map { stage in
            var row = Row()
            row.title.setText(stage.title)
            row.amount.setText(stage.amountFen.yuanText)
            row.date.setText(stage.plannedDate.description)
            return row
        }
        if rows.isEmpty { rows = [Row()] }
    }

    /// Changes what the stages must sum to (the reserved amount was edited).
    public mutating func setTotal(_ newTotal: Fen) { total = newTotal }

    /// The sum of the amounts that parse.
    public var sum: Fen {
        Fen(rows.reduce(Int64(0)) { $0 + ((try? Fen(parsingYuan: $1.amount.text))?.value ?? 0) })
    }

    /// Applies a key; returns false when the editor has no use for it.
    public mutating func update(_ key: Key) -> Bool {
        switch Self.keyTable.action(for: key) {
        case .nextCell: move(by: 1)
        case .previousCell: move(by: -1)
        case .up: focus(row: focusRow - 1)
        case .down: focus(row: focusRow + 1)
        case .addStage:
            guard rows.count < FundPlanStage.stagesMax else {
                planError = Bilingual("最多 \(FundPlanStage.stagesMax) 个阶段", "at most \(FundPlanStage.stagesMax) stages")
                return true
            }
            rows.insert(Row(), at: focusRow + 1)
            focus(row: focusRow + 1)
            focusColumn = 0
        case .removeStage:
            guard rows.count > 1 else {
                planError = Bilingual("至少要有 1 个阶段", "a plan needs at least 1 stage")
                return true
            }
            rows.remove(at: focusRow)
            focus(row: min(focusRow, rows.count - 1))
        case nil:
            let outcome: LineEditor.Outcome
            switch focusColumn {
            case 0: outcome = rows[focusRow].title.update(key)
            case 1: outcome = rows[focusRow].amount.update(key)
            default: outcome = rows[focusRow].date.update(key)
            }
            if outcome == .ignored { return false }
            if rows[focusRow].error != nil || planError != nil { _ = check() }
        }
        return true
    }

    private mutating func move(by step: Int) {
        normalise(focusRow)
        let cell = focusRow * 3 + focusColumn + step
        let cells = rows.count * 3
        let wrapped = (cell % cells + cells) % cells
        focusRow = wrapped / 3
        focusColumn = wrapped % 3
        _ = check()
    }

    private mutating func focus(row: Int) {
        normalise(focusRow)
        focusRow = max(0, min(row, rows.count - 1))
        _ = check()
    }

    /// Rewrites a row's amount and date into their standard forms when they parse.
    private mutating func normalise(_ index: Int) {
        guard rows.indices.contains(index) else { return }
        if let amount = try? Fen(parsingYuan: rows[index].amount.text) { rows[index].amount.setText(amount.yuanText) }
        if let date = CalendarDate(parsing: rows[index].date.text) { rows[index].date.setText(date.description) }
    }

    /// Checks every stage and the sum; stores the errors and returns the plan when it is valid.
    public mutating func check() -> [FundPlanStage]? {
        var stages: [FundPlanStage] = []
        var parsed = true
        for index in rows.indices {
            rows[index].error = nil
            let amount: Fen
            do throws(MoneyTextError) {
                amount = try Fen(parsingYuan: rows[index].amount.text)
            } catch {
                rows[index].error = Bilingual(rendering: { l in l.pick("「\(FormField.stageAmount.label(l))」：", "\(FormField.stageAmount.label(l)): ") + error.message(l) })
                parsed = false
                continue
            }
            guard let date = CalendarDate(parsing: rows[index].date.text) else {
                rows[index].error = Bilingual(rendering: FieldProblem(.stageDate, .malformedDate).message)
                parsed = false
                continue
            }
            stages.append(FundPlanStage(title: rows[index].title.text, amountFen: amount, plannedDate: date))
        }
        planError = nil
        guard parsed else { return nil }
        let problems = FundPlanStage.problems(in: stages, total: total, window: window)
        for problem in problems {
            let words = Bilingual(rendering: FieldProblem(problem.field, problem.issue).message)
            if let index = problem.stageIndex, rows.indices.contains(index) {
                if rows[index].error == nil { rows[index].error = words }
            } else {
                planError = words
            }
        }
        return problems.isEmpty ? stages : nil
    }

    /// The first problem in words, naming the stage, for the message line.
    public var firstProblem: Bilingual? {
        if let index = rows.firstIndex(where: { $0.error != nil }), let error = rows[index].error {
            return Bilingual("第 \(index + 1) 阶段\(error.chinese)", "Stage \(index + 1): \(error.english)")
        }
        return planError
    }

    /// Column of a row's error.
    static let errorColumn = 5 + titleColumns + 2 + 1 + amountColumns + 2 + 1 + dateColumns + 2 + 1

    /// Draws the column titles, one row per stage (focused marked ">"), errors beside them
    /// after "!", and the sum beneath; the cursor goes to the focused cell when `isFocused`.
    public func render(into buffer: inout ScreenBuffer, language l: Language, isFocused: Bool) {
        let titles = [(l.pick("阶段名称", "Stage"), 5), (l.pick("金额（元）", "Amount (yuan)"), 8 + Self.titleColumns),
                      (l.pick("计划日期", "Planned"), 11 + Self.titleColumns + Self.amountColumns)]
        for (title, column) in titles { buffer.write(title, row: 0, column: column) }
        let visibleRows = max(1, buffer.rows - 3)
        let first = max(0, focusRow - visibleRows + 1)
        for (offset, index) in (first..<min(rows.count, first + visibleRows)).enumerated() {
            let row = rows[index]
            let y = 1 + offset
            let isRowFocused = isFocused && index == focusRow
            buffer.write((isRowFocused ? ">" : " ") + "\(index + 1)", row: y, column: 1, style: isRowFocused ? .bold : [])
            var column = 5
            for (cell, editor) in [row.title, row.amount, row.date].enumerated() {
                buffer.write("[", row: y, column: column - 1)
                editor.render(into: &buffer, row: y, column: column, isFocused: isRowFocused && focusColumn == cell,
                              alignment: cell == 1 ? .trailing : .leading)
                column = buffer.write("]", row: y, column: column + editor.widthColumns) + 2
            }
            if let error = row.error {
                buffer.write(DisplayWidth.truncate("! " + error(l), toColumns: max(0, buffer.columns - Self.errorColumn - 1)),
                             row: y, column: Self.errorColumn, style: .bold)
            }
        }
        let sumRow = 1 + min(rows.count, visibleRows) + 1
        let difference = total.value - sum.value
        let sumText = l.pick("合计 \(sum.yuanTextWithSymbol)，须等于 \(total.yuanTextWithSymbol)",
                             "Sum \(sum.yuanTextWithSymbol); must be \(total.yuanTextWithSymbol)")
        let gap = Fen(abs(difference)).yuanTextWithSymbol
        let state = difference == 0 ? l.pick("（相符）", " (matches)")
            : difference > 0 ? l.pick("  ! 还差 \(gap)", "  ! short by \(gap)") : l.pick("  ! 多出 \(gap)", "  ! over by \(gap)")
        buffer.write(DisplayWidth.truncate(sumText + state, toColumns: buffer.columns - 3), row: sumRow, column: 2,
                     style: difference == 0 ? [] : .bold)
        if let planError {
            buffer.write(DisplayWidth.truncate("! " + planError(l), toColumns: buffer.columns - 3), row: sumRow + 1, column: 2, style: .bold)
        }
    }
}

import Workflow

/// A project's plan in force as a small table: stage, title, amount, and where it stands in
/// words (released, completed, waiting for the HQ), the stage in question marked ">".
public enum StageTable {
    /// Where a stage stands.
    public static func status(_ stage: StageRecord, _ l: Language) -> String {
        if stage.completionNote != nil { return l.pick("已完工", "completed") }
        if stage.released { return l.pick("已放行，建设中", "released, building") }
        return l.pick("待放行", "not released")
    }

    /// Draws a title row and one row per stage of the plan in force from `row`; returns the
    /// row after the table.
    @discardableResult
    public static func render(_ project: Project, marking stageIndex: Int?, into buffer: inout ScreenBuffer, row: Int, language l: Language) -> Int {
        let amountTitle = l.pick("金额", "Amount")
        let titles = "    " + DisplayWidth.pad(l.pick("阶段", "Stage"), toColumns: 28)
            + String(repeating: " ", count: 14 - DisplayWidth.of(amountTitle)) + amountTitle + "  " + l.pick("状态", "Status")
        buffer.write(titles, row: row, column: 1)
        var y = row + 1
        for (index, stage) in project.currentStages {
            let title = DisplayWidth.pad(DisplayWidth.truncate("\(index + 1) \(stage.plan.title)", toColumns: 26), toColumns: 28)
            let amount = stage.plan.amountFen.yuanTextWithSymbol
            let amountCell = String(repeating: " ", count: max(0, 14 - DisplayWidth.of(amount))) + amount + "  "
            let line = (index == stageIndex ? "  > " : "    ") + title + amountCell + status(stage, l)
            buffer.write(DisplayWidth.truncate(line, toColumns: buffer.columns - 2), row: y, column: 1, style: index == stageIndex ? .bold : [])
            y += 1
        }
        return y
    }
}

import Workflow

/// Drawing the Step 2 decision: the application's facts, the reserved amount and the reason,
/// and the confirmation over them when one is open.
extension DecisionScreen {
    /// The application's facts as (label, value) lines.
    func facts(_ l: Language) -> [(String, String)] {
        let application = project.application
        let unit = consortium.name(of: application.implementingUnitID)
        let plan = application.fundPlan.map { "\($0.title) \($0.amountFen.yuanTextWithSymbol)" }.joined(separator: l.pick("；", "; "))
        return [
            (l.pick("项目名称", "Project"), application.projectName),
            (l.pick("状态", "Status"), project.status.name(l)),
            (l.pick("责任部门", "Department"), application.responsibleDepartment),
            (l.pick("申请预算", "Budget"), application.budgetFen.yuanTextWithSymbol),
            (l.pick("预算大写", "In words (大写)"), application.budgetFen.chineseCapital),
            (l.pick("实施单位", "Implementing unit"), unit),
            (l.pick("计划工期", "Planned"), "\(application.plannedStart)" + l.pick(" 至 ", " to ") + "\(application.plannedCompletion)"),
            (l.pick("项目简介", "Introduction"), application.introduction),
            (l.pick("资金计划", "Fund plan"), plan),
            (l.pick("申请人", "Applicant"), application.applicantName),
        ]
    }

    /// Draws the plan editor under a line restating the budget and the reserved amount.
    private func renderPlan(_ editor: PlanEditor, into buffer: inout ScreenBuffer) {
        let l = language
        let budget = project.application.budgetFen.yuanTextWithSymbol, reserved = editor.total.yuanTextWithSymbol
        buffer.write(DisplayWidth.truncate(l.pick("资金计划：预算 \(budget)，预留 \(reserved)，各阶段合计须等于预留金额",
                                                  "Fund plan: budget \(budget), reserved \(reserved); the stages must sum to the reserved amount"),
                                           toColumns: buffer.columns - 3), row: 2, column: 2, style: .bold)
        var area = ScreenBuffer(columns: buffer.columns, rows: max(0, buffer.rows - 4))
        editor.render(into: &area, language: l, isFocused: pending == nil)
        buffer.paste(area, row: 4, column: 0)
        if let pending {
            pending.dialog.render(into: &buffer, language: l)
            buffer.cursor = nil
        }
    }

    /// Draws the facts, the two fields and the open confirmation.
    public func render(into buffer: inout ScreenBuffer) {
        let l = language
        StepIndicator.render(current: .approval, into: &buffer, row: 0, language: l)
        if isEditingPlan, let planEditor {
            renderPlan(planEditor, into: &buffer)
            return
        }
        let lines = facts(l)
        let labelColumns = lines.map { DisplayWidth.of($0.0) }.max() ?? 0
        for (offset, (label, value)) in lines.enumerated() {
            let valueColumn = 2 + labelColumns + 2
            buffer.write(label, row: 2 + offset, column: 2)
            buffer.write(DisplayWidth.truncate(value, toColumns: buffer.columns - valueColumn - 1), row: 2 + offset, column: valueColumn)
        }
        let amountRow = 3 + lines.count
        let amountLabel = l.pick("预留金额（元）：", "Reserved (yuan): ")
        let amountColumn = buffer.write(amountLabel, row: amountRow, column: 2, style: isEditingReason ? [] : .bold)
        reservedYuan.render(into: &buffer, row: amountRow, column: amountColumn, isFocused: !isEditingReason && pending == nil, alignment: .trailing)
        let reasonRow = amountRow + 1
        let reasonColumn = buffer.write(l.pick("理由（驳回/退回）：", "Reason (reject/return): "), row: reasonRow, column: 2,
                                        style: isEditingReason ? .bold : [])
        reason.render(into: &buffer, row: reasonRow, column: reasonColumn, isFocused: isEditingReason && pending == nil)
        if let pending {
            pending.dialog.render(into: &buffer, language: l)
            buffer.cursor = nil
        }
    }
}

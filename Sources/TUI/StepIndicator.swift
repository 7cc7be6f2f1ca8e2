import Workflow

/// The three steps of the fund flow across the top of the Step 1, 2 and 3 screens:
/// application -> approval -> disbursement, the current step in brackets and reverse video
/// (so it reads without colour).
public enum StepIndicator {
    /// A step of the flow.
    public enum Step: Int, CaseIterable, Sendable {
        /// Step 1: the county HQ files the application.
        case application = 1
        /// Step 2: the provincial office approves and issues the draft.
        case approval
        /// Step 3: the funders pay the tranches and the stages.
        case disbursement

        /// The step's name with its number.
        public var title: Bilingual {
            switch self {
            case .application: Bilingual("第一步 项目申请", "Step 1 Application")
            case .approval: Bilingual("第二步 审批签发", "Step 2 Approval")
            case .disbursement: Bilingual("第三步 资金拨付", "Step 3 Disbursement")
            }
        }
    }

    /// Draws the steps on `row` from column 2, `current` as "[第二步 审批签发]".
    public static func render(current: Step, into buffer: inout ScreenBuffer, row: Int, language l: Language) {
        var column = 2
        for step in Step.allCases {
            if step != .application { column = buffer.write("  ->  ", row: row, column: column) }
            let isCurrent = step == current
            column = buffer.write(isCurrent ? "[\(step.title(l))]" : step.title(l), row: row, column: column,
                                  style: isCurrent ? [.bold, .reverse] : [])
        }
    }
}

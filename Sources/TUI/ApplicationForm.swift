import Workflow

/// The Step 1 application form (项目/资金申请) as a `Form`, its fields checked by the same
/// `ProjectApplication.problems` that runs on chain, so a form that passes here is not
/// refused for its fields. A new application's fund plan is a single stage (the whole budget
/// at completion); a returned application keeps its plan, and the budget must still match it.
public enum ApplicationForm {
    /// The form, with choices from `settings` and the implementing units among `organisations`;
    /// filled in from `application` when one is given (a returned application to revise).
    public static func make(settings: WorkflowSettings, organisations: [Organisation], filledFrom application: ProjectApplication? = nil) -> Form {
        let kinds = Dictionary(organisations.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let plan = application?.fundPlan
        func check(_ field: FormField) -> FormFieldState.Validator { validator(field, settings: settings, kinds: kinds, fundPlan: plan) }
        let types = settings.projectTypes.map { FormFieldState.Choice(code: $0.code, label: Bilingual($0.nameChinese, $0.nameEnglish)) }
        let units = organisations.filter { $0.kind == .implementingUnit }.map { FormFieldState.Choice(code: $0.id, label: Bilingual($0.name, $0.name)) }
        typealias A = ProjectApplication
        let planText = plan.map(Self.planText) ?? Bilingual("一期：预算全额，完工日拨付", "One stage: the whole budget, paid at completion")
        var form = Form(fields: [
            FormFieldState(.projectName, kind: .text, charactersMax: A.projectNameCharactersMax, validator: check(.projectName)),
            FormFieldState(.projectType, kind: .choice(types), validator: check(.projectType)),
            FormFieldState(.responsibleDepartment, kind: .text, charactersMax: A.responsibleDepartmentCharactersMax, validator: check(.responsibleDepartment)),
            FormFieldState(.budget, kind: .amount, charactersMax: 24, validator: check(.budget)),
            FormFieldState(.introduction, kind: .text, charactersMax: A.introductionCharactersMax, validator: check(.introduction)),
            FormFieldState(.implementingUnit, kind: .choice(units), validator: check(.implementingUnit)),
            FormFieldState(.implementingUnitQualifications, kind: .text, charactersMax: A.qualificationsCharactersMax,
                           validator: check(.implementingUnitQualifications)),
            FormFieldState(.plannedStart, kind: .date, charactersMax: 12, validator: check(.plannedStart)),
            FormFieldState(.plannedCompletion, kind: .date, charactersMax: 12, validator: check(.plannedCompletion)),
            FormFieldState(.fundPlan, kind: .readOnly(planText)),
            FormFieldState(.applicant, kind: .text, charactersMax: A.applicantCharactersMax, validator: check(.applicant)),
            FormFieldState(.withdrawalAccount, kind: .text, charactersMax: 40, validator: check(.withdrawalAccount)),
        ])
        if let application { form.fill(values(of: application)) }
        return form
    }

    /// The form's values for `application` (choice fields by code).
    static func values(of application: ProjectApplication) -> [FormField: String] {
        [
            .projectName: application.projectName, .projectType: application.projectTypeCode,
            .responsibleDepartment: application.responsibleDepartment, .budget: application.budgetFen.yuanText,
            .introduction: application.introduction, .implementingUnit: application.implementingUnitID,
            .implementingUnitQualifications: application.implementingUnitQualifications,
            .plannedStart: application.plannedStart.description, .plannedCompletion: application.plannedCompletion.description,
            .applicant: application.applicantName, .withdrawalAccount: application.withdrawalAccount,
        ]
    }

    /// A plan in one line: "一期：鱼塘开挖 ¥300,000.00 2027-03-15；…".
    static func planText(_ plan: [FundPlanStage]) -> Bilingual {
        Bilingual(rendering: { l in
            plan.map { "\($0.title) \($0.amountFen.yuanTextWithSymbol) \($0.plannedDate)" }.joined(separator: l.pick("；", "; "))
        })
    }

    /// The application the values describe, with `fundPlan` or else one stage of the whole
    /// budget at completion; values that do not parse become zero amounts and the earliest
    /// date, which the validators report.
    public static func application(from values: [FormField: String], fundPlan: [FundPlanStage]? = nil) -> ProjectApplication {
        let budget = (try? Fen(parsingYuan: values[.budget] ?? "")) ?? .zero
        let earliest = CalendarDate(year: CalendarDate.yearRange.lowerBound, month: 1, day: 1)!
        let start = CalendarDate(parsing: values[.plannedStart] ?? "") ?? earliest
        let completion = CalendarDate(parsing: values[.plannedCompletion] ?? "") ?? earliest
        return ProjectApplication(
            projectName: values[.projectName] ?? "", projectTypeCode: values[.projectType] ?? "",
            responsibleDepartment: values[.responsibleDepartment] ?? "", budgetFen: budget,
            introduction: values[.introduction] ?? "", implementingUnitID: values[.implementingUnit] ?? "",
            implementingUnitQualifications: values[.implementingUnitQualifications] ?? "",
            plannedStart: start, plannedCompletion: completion,
            fundPlan: fundPlan ?? [FundPlanStage(title: "一期", amountFen: budget, plannedDate: completion)],
            applicantName: values[.applicant] ?? "", withdrawalAccount: values[.withdrawalAccount] ?? "")
    }

    /// A field's validator: its own parsing first (amount, date), then the problems
    /// `ProjectApplication` reports for that field. With a kept `fundPlan`, the budget also
    /// reports the plan's problems (a budget that no longer matches the plan's sum).
    static func validator(_ field: FormField, settings: WorkflowSettings, kinds: [String: OrgKind],
                          fundPlan: [FundPlanStage]?) -> FormFieldState.Validator {
        { values in
            let text = values[field] ?? ""
            switch field {
            case .budget:
                do throws(MoneyTextError) { _ = try Fen(parsingYuan: text) } catch { return Bilingual(rendering: error.message) }
            case .plannedStart, .plannedCompletion:
                if CalendarDate(parsing: text) == nil { return Bilingual(rendering: FieldIssue.malformedDate.message) }
                // Completion is compared with the start only once the start is a date.
                if field == .plannedCompletion, CalendarDate(parsing: values[.plannedStart] ?? "") == nil { return nil }
            default:
                break
            }
            let candidate = application(from: values, fundPlan: fundPlan)
            let problems = candidate.problems(settings: settings, implementingUnitKind: kinds[candidate.implementingUnitID])
            let planFields: [FormField] = [.fundPlan, .stageTitle, .stageAmount, .stageDate]
            let owned = problems.filter { ($0.field == field && $0.stageIndex == nil) || (field == .budget && fundPlan != nil && planFields.contains($0.field)) }
            return owned.first.map { problem in
                problem.field == field ? Bilingual(rendering: problem.issue.message) : Bilingual(rendering: problem.message)
            }
        }
    }
}

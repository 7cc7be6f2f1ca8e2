import Testing
@testable import TUI
import Workflow

/// Every key path of the form, on the demonstration application form whose fields are checked
/// by `ProjectApplication.problems`.
@Suite struct FormTests {
    static let builder = Organisation(id: "builder", kind: .implementingUnit, name: "黔东县绿源农业专业合作社",
                                      accountNumber: "6222020100000000808", county: "qiandong")
    static let bank = Organisation(id: "bank", kind: .commercialBank, name: "示范商业银行", accountNumber: "6222020100000000505")

    /// Field order: 0 name, 1 type, 2 department, 3 budget, 4 introduction, 5 unit,
    /// 6 qualifications, 7 start, 8 completion, 9 fund plan (read-only), 10 applicant, 11 account.
    static func emptyForm() -> Form {
        ApplicationForm.make(settings: WorkflowSettings(), organisations: [builder, bank])
    }

    static func type(_ text: String, into form: inout Form) { _ = form.update(.text(text)) }

    /// Keys that fill every field validly (Right picks a list's first choice), each followed
    /// by Tab; focus ends back on the first field.
    static let fillingKeys: [Key] = ([
        "农村种植产业扶贫项目", nil, "县农业农村局", "１２３４５６７．８", "建设蔬菜大棚二十座，带动贫困户就业。", nil,
        "农业专业合作社，三年大棚经验", "2027年3月1日", "2027-12-31", "张三", "6222020100000000808",
    ] as [String?]).flatMap { [$0.map(Key.text) ?? .right, .tab] }

    /// A form with every field valid, focus back on the first field.
    static func filledForm() -> Form {
        var form = emptyForm()
        for key in fillingKeys { _ = form.update(key) }
        return form
    }

    @Test func tabAndArrowsMoveBetweenFieldsSkippingReadOnly() {
        var form = Self.emptyForm()
        #expect(form.focusIndex == 0)
        _ = form.update(.tab)
        #expect(form.focusIndex == 1)
        _ = form.update(.down)
        #expect(form.focusIndex == 2)
        _ = form.update(.backTab)
        _ = form.update(.up)
        #expect(form.focusIndex == 0)
        _ = form.update(.up)
        #expect(form.focusIndex == 11, "wraps to the last field")
        for _ in 0..<2 { _ = form.update(.backTab) }
        #expect(form.focusIndex == 8, "account → applicant → (fund plan is read-only) → completion")
        _ = form.update(.tab)
        #expect(form.focusIndex == 10)
    }

    @Test func leavingAnEmptyRequiredFieldShowsTheErrorBesideItAndInTheMessageLine() {
        var form = Self.emptyForm()
        _ = form.update(.tab)
        #expect(form.fields[0].error == Bilingual("必填", "required"))
        #expect(form.message?.chinese == "「项目名称」：必填")
        #expect(form.message?.english == "Project name: required")
        _ = form.update(.backTab)
        Self.type("农村种植产业扶贫项目", into: &form)
        _ = form.update(.tab)
        #expect(form.fields[0].error == nil)
        #expect(form.message == nil)
        #expect(form.fields[0].value == "农村种植产业扶贫项目")
    }

    @Test func amountsAcceptFullWidthDigitsAndAreRewrittenWithSeparators() {
        var form = Self.emptyForm()
        for _ in 0..<3 { _ = form.update(.tab) }
        Self.type("１２３４５６７．８", into: &form)
        _ = form.update(.tab)
        #expect(form.fields[3].value == "1,234,567.80")
        #expect(form.fields[3].amount == Fen(123_456_780))
        #expect(form.fields[3].error == nil)
    }

    @Test func aMalformedAmountSaysWhichCharacterIsWrong() {
        var form = Self.emptyForm()
        for _ in 0..<3 { _ = form.update(.tab) }
        Self.type("12a", into: &form)
        _ = form.update(.tab)
        #expect(form.fields[3].error?.chinese == "金额中不能有字符“a”")
        #expect(form.fields[3].value == "12a", "kept as typed")
    }

    @Test func choicesStepWithLeftAndRight() {
        var form = Self.emptyForm()
        _ = form.update(.tab)
        #expect(form.fields[1].value == "")
        _ = form.update(.right)
        #expect(form.fields[1].value == "crops")
        _ = form.update(.text(" "))
        #expect(form.fields[1].value == "livestock")
        _ = form.update(.left)
        _ = form.update(.left)
        #expect(form.fields[1].value == "other", "wraps")
        #expect(form.update(.text("x")) == .ignored)
    }

    @Test func datesAreCheckedAndRewritten() {
        var form = Self.emptyForm()
        for _ in 0..<7 { _ = form.update(.tab) }
        Self.type("2027年3月1日", into: &form)
        _ = form.update(.tab)
        #expect(form.fields[7].value == "2027-03-01")
        Self.type("2027-02-30", into: &form)
        _ = form.update(.tab)
        #expect(form.fields[8].error?.english == "not a valid date (e.g. 2027-03-01)")
        _ = form.update(.backTab)  // from the applicant, over the read-only fund plan
        #expect(form.focusIndex == 8)
        for _ in 0..<10 { _ = form.update(.backspace) }
        Self.type("2027-01-31", into: &form)
        _ = form.update(.tab)
        #expect(form.fields[8].error?.chinese == "完工时间须晚于开始时间", "checked against the start, by ProjectApplication")
    }

    @Test func theCharacterLimitIsReportedInTheMessageLine() {
        var form = Self.emptyForm()
        Self.type(String(repeating: "田", count: 61), into: &form)
        #expect(form.fields[0].value.count == 60)
        #expect(form.message?.chinese == "「项目名称」：最多 60 个字，多余的没有输入")
        #expect(form.hasUnsavedInput)
    }

    @Test func aFailedSubmissionJumpsToTheFirstInvalidFieldAndKeepsEverything() {
        var form = Self.filledForm()
        _ = form.update(.up)  // the account field
        for _ in 0..<19 { _ = form.update(.backspace) }
        Self.type("62220201 0000", into: &form)
        _ = form.update(.up)
        _ = form.update(.up)
        _ = form.update(.up)  // the start date
        for _ in 0..<10 { _ = form.update(.backspace) }
        #expect(form.update(.function(2)) == .none)
        #expect(form.focusIndex == 7, "the start date comes before the account")
        #expect(form.fields[7].error == Bilingual("必填", "required"))
        #expect(form.fields[11].error?.chinese == "账号须为 8-32 位数字")
        #expect(form.message?.chinese == "「项目开始时间」：必填（共 2 处需修改）")
        #expect(form.fields[0].value == "农村种植产业扶贫项目")
        #expect(form.fields[3].value == "1,234,567.80")
        #expect(form.fields[11].value == "62220201 0000")
    }

    @Test func aValidFormSubmitsWithF2OrEnterOnTheLastField() throws {
        var form = Self.filledForm()
        guard case .submitted(let values) = form.update(.function(2)) else {
            Issue.record("not submitted: \(form.message?.english ?? "")")
            return
        }
        let application = ApplicationForm.application(from: values)
        #expect(application.budgetFen == Fen(123_456_780))
        #expect(application.projectTypeCode == "crops")
        #expect(application.implementingUnitID == "builder")
        #expect(application.plannedStart == CalendarDate(year: 2027, month: 3, day: 1))
        #expect(application.problems(settings: WorkflowSettings(), implementingUnitKind: .implementingUnit).isEmpty)
        _ = form.update(.up)
        #expect(form.focusIndex == 11)
        #expect(form.update(.enter) == .submitted(values))
        _ = form.update(.up)
        #expect(form.update(.enter) == .none, "Enter on another field moves on")
        #expect(form.focusIndex == 11)
    }

    @Test func theImplementingUnitIsCheckedByKindAsOnChain() {
        let check = ApplicationForm.validator(.implementingUnit, settings: WorkflowSettings(),
                                              kinds: ["bank": .commercialBank, "builder": .implementingUnit], fundPlan: nil)
        #expect(check([.implementingUnit: "bank"])?.chinese == "不是已登记的项目实施单位")
        #expect(check([.implementingUnit: "builder"]) == nil)
    }
}

import Testing
@testable import Workflow
import WorkflowTestSupport

/// Every field of the Step 1 form is checked, and each problem names its field.
@Suite struct ApplicationValidationTests {
    let settings = WorkflowSettings()

    func problems(_ change: (inout ProjectApplication) -> Void, unitKind: OrgKind? = .implementingUnit) -> [FieldProblem] {
        var application = TestConsortium.application()
        change(&application)
        return application.problems(settings: settings, implementingUnitKind: unitKind)
    }

    @Test func theSampleIsValid() {
        #expect(problems { _ in }.isEmpty)
    }

    @Test func introductionCountsCharactersNotBytes() {
        #expect(problems { $0.introduction = String(repeating: "扶", count: 100) }.isEmpty)
        #expect(problems { $0.introduction = String(repeating: "扶", count: 101) }
                == [FieldProblem(.introduction, .tooLong(charactersMax: 100))])
        #expect(problems { $0.introduction = String(repeating: "👨‍👩‍👧", count: 100) }.isEmpty, "a family emoji is one character")
    }

    @Test func requiredFieldsNameThemselves() {
        #expect(problems { $0.projectName = " \u{3000}" } == [FieldProblem(.projectName, .required)])
        #expect(problems { $0.responsibleDepartment = "" } == [FieldProblem(.responsibleDepartment, .required)])
        #expect(problems { $0.implementingUnitQualifications = "" } == [FieldProblem(.implementingUnitQualifications, .required)])
        #expect(problems { $0.applicantName = "" } == [FieldProblem(.applicant, .required)])
        #expect(problems { $0.projectName = String(repeating: "项", count: 61) } == [FieldProblem(.projectName, .tooLong(charactersMax: 60))])
    }

    @Test func choicesOrganisationsAccountsAndDates() {
        #expect(problems { $0.projectTypeCode = "casino" } == [FieldProblem(.projectType, .notInList)])
        #expect(problems({ _ in }, unitKind: .countyHQ) == [FieldProblem(.implementingUnit, .unknownOrganisation)])
        #expect(problems({ _ in }, unitKind: nil) == [FieldProblem(.implementingUnit, .unknownOrganisation)])
        #expect(problems { $0.withdrawalAccount = "6228 4800 1234" } == [FieldProblem(.withdrawalAccount, .malformedAccountNumber)])
        #expect(problems { $0.withdrawalAccount = "1234567" } == [FieldProblem(.withdrawalAccount, .malformedAccountNumber)])
        #expect(problems { $0.plannedCompletion = $0.plannedStart }.contains(FieldProblem(.plannedCompletion, .completionNotAfterStart)))
    }

    @Test func budgetAndFundPlan() {
        #expect(problems { $0.budgetFen = .zero } == [FieldProblem(.budget, .amountOutOfRange(maximum: settings.budgetMaxFen))])
        #expect(problems { $0.budgetFen = Fen(settings.budgetMaxFen.value + 1) }
                == [FieldProblem(.budget, .amountOutOfRange(maximum: settings.budgetMaxFen))])
        #expect(problems { $0.budgetFen = Fen(100_000_001) }
                == [FieldProblem(.fundPlan, .sumMismatch(expected: Fen(100_000_001), actual: Fen(100_000_000)))])
        #expect(problems { $0.fundPlan = [] } == [FieldProblem(.fundPlan, .countOutOfRange(minimum: 1, maximum: 12))])
        #expect(problems { $0.fundPlan[1].title = "" } == [FieldProblem(.stageTitle, stage: 1, .required)])
        #expect(problems { $0.fundPlan[2].plannedDate = TestConsortium.date(2028, 1, 1) } == [FieldProblem(.stageDate, stage: 2, .dateOutsideProject)])
        #expect(problems { $0.fundPlan[0].amountFen = Fen(-5) }.contains(FieldProblem(.stageAmount, stage: 0, .amountOutOfRange(maximum: Fen(100_000_000)))))
    }

    @Test func accountNumbersNormalise() {
        #expect(AccountNumber.normalise("6228 4800-1234 5678 901") == "6228480012345678901")
        #expect(AccountNumber.normalise("６２２８４８００１２３４５６７８９０１") == "6228480012345678901")
        #expect(AccountNumber.normalise("6228A80012345678901") == nil)
        #expect(AccountNumber.normalise(String(repeating: "1", count: 33)) == nil)
    }

    @Test func datesParseInTheFormsPeopleType() {
        #expect(CalendarDate(parsing: "2027-03-01") == TestConsortium.date(2027, 3, 1))
        #expect(CalendarDate(parsing: "2027/3/1") == TestConsortium.date(2027, 3, 1))
        #expect(CalendarDate(parsing: "20270301") == TestConsortium.date(2027, 3, 1))
        #expect(CalendarDate(parsing: "２０２７年３月１日") == TestConsortium.date(2027, 3, 1))
        #expect(CalendarDate(parsing: "2027-02-29") == nil)
        #expect(CalendarDate(parsing: "2028-02-29") == TestConsortium.date(2028, 2, 29))
        #expect(CalendarDate(parsing: "2027-13-01") == nil)
        #expect(CalendarDate(parsing: "27-03-01") == nil)
        #expect(CalendarDate(parsing: "2027年3月1") == nil)
        #expect(CalendarDate(parsing: "2027.3.1") == TestConsortium.date(2027, 3, 1))
        #expect(CalendarDate(parsing: "2027-03/01") == nil, "mixed separators")
        #expect(CalendarDate(parsing: "2027--03--01") == nil)
        #expect(CalendarDate(parsing: "2027-0003-0001") == nil)
        #expect(CalendarDate(parsing: "2027-03-01日") == nil)
        #expect(CalendarDate(parsing: "2027年03月01日") == TestConsortium.date(2027, 3, 1))
    }

    @Test func calendarArithmeticRoundTrips() {
        #expect(TestConsortium.date(1970, 1, 1).daysSinceEpoch == 0)
        #expect(TestConsortium.date(2000, 3, 1).daysSinceEpoch == 11_017)
        for days in stride(from: Int64(-25_567), through: 376_000, by: 7) {
            #expect(CalendarDate(daysSinceEpoch: days)?.daysSinceEpoch == days)
        }
        let beijingMidnight = Timestamp(date: TestConsortium.date(2026, 11, 21), hour: 0, minute: 0, second: 0, utcOffsetMinutes: 480)!
        #expect(beijingMidnight.isoText() == "2026-11-20T16:00:00Z")
        #expect(beijingMidnight.isoText(utcOffsetMinutes: 480) == "2026-11-21T00:00:00+08:00")
        #expect(Timestamp(millisecondsSinceEpoch: -500).isoText() == "1969-12-31T23:59:59Z")
    }
}

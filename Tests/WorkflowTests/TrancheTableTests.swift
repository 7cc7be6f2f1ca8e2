import PropertyBased
import Testing
@testable import Workflow

/// The tranche split conserves money for every amount, by the largest-remainder rule, and
/// tables that would lose or create money are refused.
@Suite struct TrancheTableTests {
    let table = TrancheTable.standard

    /// Checks conservation of one split: sources sum to A, the LP passes on exactly what it
    /// received, and the county fund company ends with A.
    func checkConserves(_ amount: Int64) -> Bool {
        let parts = table.split(Fen(amount)).map(\.value)
        let (countyFinance, provincialFinance, bank, partnership) = (parts[0], parts[1], parts[2], parts[3])
        return countyFinance + provincialFinance + bank == amount
            && partnership == provincialFinance + bank
            && countyFinance + partnership == amount
            && parts.allSatisfy { $0 >= 0 }
    }

    static let handWorked: [(Int64, [Int64])] = [
        (100, [6, 4, 90, 94]),
        (1, [0, 0, 1, 1]),              // remainders 600, 400, 9000: the bank's is largest
        (10, [1, 0, 9, 9]),             // floors 0, 0, 9; remainders 6000, 4000, 0 -> county finance
        (17, [1, 1, 15, 16]),           // floors 1, 0, 15 (rem 200, 6800, 3000); 1 fen left -> provincial
        (25, [2, 1, 22, 23]),           // floors 1, 1, 22 (rem 5000, 0, 5000); 1 left -> county finance (tie, earlier)
        (100_000_000, [6_000_000, 4_000_000, 90_000_000, 94_000_000]),
        // floors 5,999,999,999,999 / 3,999,999,999,999 / 89,999,999,999,999 (rem 9400, 9600, 1000): 2 fen left
        (99_999_999_999_999, [6_000_000_000_000, 4_000_000_000_000, 89_999_999_999_999, 93_999_999_999_999]),
    ]

    @Test(arguments: handWorked)
    func handWorkedSplits(amount: Int64, expected: [Int64]) {
        #expect(table.split(Fen(amount)).map(\.value) == expected)
    }

    @Test func conservesForEveryAmountUpToOneMillionFen() async {
        var failures: [Int64] = []
        for amount in Int64(0)...1_000_000 {
            if !checkConserves(amount) { failures.append(amount) }
            // A long CPU-bound loop yields now and then so other suites' tasks are not starved.
            if amount % 10_000 == 0 { await Task.yield() }
        }
        #expect(failures.isEmpty, "first failures: \(failures.prefix(5))")
    }

    @Test func conservesForRandomAmountsUpToTheMaximum() async {
        await propertyCheck(count: 2000, input: Gen.int64(in: 1_000_000...Fen.amountMax.value)) { amount in
            #expect(checkConserves(amount))
        }
    }

    @Test func everyShareIsWithinOneFenOfItsExactValue() async {
        await propertyCheck(count: 1000, input: Gen.int64(in: 0...Fen.amountMax.value)) { amount in
            let parts = table.split(Fen(amount)).map(\.value)
            for (part, points) in zip(parts[0...2], [Int64(600), 400, 9000]) {
                let exactTimesWhole = amount * points
                #expect(abs(part * 10_000 - exactTimesWhole) < 10_000)
            }
        }
    }

    @Test func tablesThatDoNotConserveAreRefused() {
        func table(_ rules: [TrancheRule], final: OrgKind = .countyFundCompany) -> TrancheTableProblem? {
            TrancheTable(rules: rules, finalHolder: final).validate()
        }
        let six = TrancheRule(id: "a", payer: .countyFinance, payee: .countyFundCompany, share: .basisPoints(600))
        let four = TrancheRule(id: "b", payer: .provincialFinance, payee: .limitedPartnership, share: .basisPoints(400))
        let ninety = TrancheRule(id: "c", payer: .commercialBank, payee: .limitedPartnership, share: .basisPoints(9000))
        let pass = TrancheRule(id: "d", payer: .limitedPartnership, payee: .countyFundCompany, share: .sumOf(["b", "c"]))
        #expect(table([six, four, ninety, pass]) == nil)
        #expect(table([six, four, pass]) == .unknownInput(rule: "d", input: "c"))
        let eightyNine = TrancheRule(id: "c", payer: .commercialBank, payee: .limitedPartnership, share: .basisPoints(8900))
        #expect(table([six, four, eightyNine, pass]) == .sourcesDoNotSumToWhole(9900))
        let partialPass = TrancheRule(id: "d", payer: .limitedPartnership, payee: .countyFundCompany, share: .sumOf(["c"]))
        #expect(table([six, four, ninety, partialPass]) == .moneyLeftWithIntermediary("b"))
        let doublePass = TrancheRule(id: "e", payer: .limitedPartnership, payee: .countyFundCompany, share: .sumOf(["c"]))
        #expect(table([six, four, ninety, pass, doublePass]) == .inputPassedOnTwice("c"))
        #expect(table([six, six]) == .duplicateRule("a"))
        #expect(table([]) == .ruleCount(0))
        let wrongPayer = TrancheRule(id: "d", payer: .countyFinance, payee: .countyFundCompany, share: .sumOf(["b"]))
        #expect(table([six, four, ninety, wrongPayer]) == .inputNotPaidToPayer(rule: "d", input: "b"))
        let selfPay = TrancheRule(id: "x", payer: .countyFinance, payee: .countyFinance, share: .basisPoints(10_000))
        #expect(table([selfPay]) == .paysItself("x"))
        #expect(table([six, four, ninety, pass], final: .limitedPartnership) != nil)
        #expect(WorkflowSettings(trancheTable: TrancheTable(rules: [six], finalHolder: .countyFundCompany)).validate().count == 1)
    }
}

import Workflow

/// Turns a list of decisions (plain integers, so the property library can shrink them) into a
/// plausible sequence of fund-flow steps: mostly commands that fit the current state, issued
/// by the organisation that should issue them, plus some noise from the wrong organisation.
public struct CommandGenerator {
    public enum Step {
        case command(actorID: String, command: WorkflowCommand)
        case endBlock(advanceSeconds: Int64)
    }

    private let decisions: [Int]
    private var cursor = 0
    private var serialCounter = 0
    private var statementCounter = 0

    public init(decisions: [Int]) { self.decisions = decisions.isEmpty ? [0] : decisions }

    /// A number in 0..<bound taken from the next decision.
    public mutating func pick(_ bound: Int) -> Int {
        precondition(bound > 0, "pick from an empty range")
        let value = decisions[cursor % decisions.count] &+ cursor &* 7919
        cursor += 1
        return Int(UInt(bitPattern: value) % UInt(bound))
    }

    public mutating func next(_ state: WorkflowState) -> Step {
        if pick(10) == 0 { return .endBlock(advanceSeconds: Int64([600, 3600, 86_400, 4 * 86_400, 40 * 86_400][pick(5)])) }
        var candidates = plausibleCommands(state)
        candidates.append(("county-hq", .fileApplication(application())))
        let chosen = candidates[pick(candidates.count)]
        guard pick(8) == 0 else { return .command(actorID: chosen.0, command: chosen.1) }
        let intruder = TestConsortium.organisations[pick(TestConsortium.organisations.count)].id
        return .command(actorID: intruder, command: chosen.1)
    }

    private mutating func plausibleCommands(_ state: WorkflowState) -> [(String, WorkflowCommand)] {
        var result: [(String, WorkflowCommand)] = []
        for project in state.projects {
            result += projectCommands(project, state)
        }
        for draft in state.drafts {
            for leg in draft.legs {
                result += legCommands(leg, draft: draft)
            }
        }
        for item in state.reconciliation.items where item.isOpenException && pick(3) == 0 {
            result.append(("provincial-office", .resolveDifference(itemID: item.id, explanation: "已核实：差异原因说明")))
        }
        return result
    }

    private mutating func projectCommands(_ project: Project, _ state: WorkflowState) -> [(String, WorkflowCommand)] {
        switch project.status {
        case .submitted:
            let budget = project.application.budgetFen
            let options: [WorkflowCommand] = [
                .approveApplication(projectID: project.id, reservedFen: budget, fundPlan: nil),
                .approveApplication(projectID: project.id, reservedFen: Fen(budget.value / 2), fundPlan: [
                    FundPlanStage(title: "压缩后一期", amountFen: Fen(budget.value / 2), plannedDate: project.application.plannedStart)]),
                .returnApplication(projectID: project.id, reason: "请补充预算明细"),
                .rejectApplication(projectID: project.id, reason: "不予立项"),
            ]
            return [("provincial-office", options[pick(options.count)])]
        case .returned:
            return [(project.filedByID, .resubmitApplication(projectID: project.id, application: application()))]
        case .approved:
            var result: [(String, WorkflowCommand)] = [
                ("builder", .postProgress(projectID: project.id, percent: pick(101), description: "施工推进中", documentHashes: [])),
            ]
            for (index, stage) in project.currentStages {
                if stage.released && stage.completionNote == nil {
                    result.append(("builder", .completeStage(projectID: project.id, stageIndex: index, note: "本阶段完工", revisedPlan: revisedPlan(project, state, after: index))))
                }
                if stage.completionNote != nil {
                    result.append((project.filedByID, .giveOpinion(projectID: project.id, stageIndex: index, release: pick(4) != 0, text: "指挥部意见")))
                }
            }
            if pick(12) == 0, let number = project.draftNumber {
                result.append(("provincial-office", .cancelDraft(draftNumber: number, reason: "项目终止")))
            }
            return result
        case .rejected, .completed, .cancelled:
            return []
        }
    }

    /// Sometimes a plan that splits the unpaid later stages in two; sometimes none.
    private mutating func revisedPlan(_ project: Project, _ state: WorkflowState, after index: Int) -> [FundPlanStage]? {
        guard pick(3) == 0, let draft = state.draft(project.draftNumber ?? "") else { return nil }
        let later = Set(project.currentStages.map(\.index).filter { $0 > index })
        let unpaid = draft.legs.filter { if case .stage(let stage) = $0.purpose { later.contains(stage) && $0.status == .pending } else { false } }
            .reduce(Int64(0)) { $0 + $1.amountFen.value }
        guard unpaid >= 2 else { return nil }
        let date = project.application.plannedCompletion
        return [FundPlanStage(title: "调整一", amountFen: Fen(unpaid / 2), plannedDate: date),
                FundPlanStage(title: "调整二", amountFen: Fen(unpaid - unpaid / 2), plannedDate: date)]
    }

    private mutating func legCommands(_ leg: Leg, draft: DigitalDraft) -> [(String, WorkflowCommand)] {
        switch leg.status {
        case .pending:
            guard leg.payableSince != nil else { return [] }
            serialCounter += 1
            let reuse = pick(10) == 0 && serialCounter > 1
            let serial = "FS\(100_000 + (reuse ? serialCounter - 1 : serialCounter))"
            return [(leg.payerID, .recordPayment(legID: leg.id, fundSerial: serial))]
        case .paid:
            var result: [(String, WorkflowCommand)] = [(leg.payeeID, .confirmReceipt(legID: leg.id))]
            if pick(6) == 0 { result.append((leg.payerID, .reversePayment(legID: leg.id, reason: "登记有误"))) }
            if pick(2) == 0 { result.append(("commercial-bank", publication(for: leg))) }
            return result
        case .confirmed:
            return pick(4) == 0 ? [("commercial-bank", publication(for: leg))] : []
        case .cancelled:
            return []
        }
    }

    /// A bank statement carrying the leg's record: usually right, sometimes off by a fen or
    /// naming another account.
    private mutating func publication(for leg: Leg) -> WorkflowCommand {
        statementCounter += 1
        let hash = String(statementCounter, radix: 16).padding(toLength: 64, withPad: "0", startingAt: 0)
        let amount = pick(5) == 0 ? leg.amountFen.value + 1 : leg.amountFen.value
        let counterparty = pick(7) == 0 ? "6222020199999999999" : leg.payeeAccount
        let record = BankRecord(bankSerial: "B\(statementCounter)", fundSerial: pick(9) == 0 ? nil : leg.fundSerial,
                                accountNumber: leg.payerAccount, counterpartyAccount: counterparty, counterpartyName: "收款方",
                                direction: .debit, amountFen: Fen(amount), balanceFen: nil,
                                time: Timestamp(millisecondsSinceEpoch: 1_795_000_000_000), summary: "转账", remark: "")
        return .publishBankRecords(statementHash: hash, accountNumber: leg.payerAccount, part: .whole, records: [record])
    }

    private mutating func application() -> ProjectApplication {
        let budgets: [Int64] = [1, 99, 100_000_000, 1_234_567_89, 17, 1_000_000_000_000]
        var application = TestConsortium.application(budgetFen: budgets[pick(budgets.count)])
        if application.budgetFen.value < 100 {
            application.fundPlan = [FundPlanStage(title: "唯一阶段", amountFen: application.budgetFen, plannedDate: application.plannedStart)]
        }
        if pick(10) == 0 { application.introduction = String(repeating: "长", count: 101) }
        return application
    }
}

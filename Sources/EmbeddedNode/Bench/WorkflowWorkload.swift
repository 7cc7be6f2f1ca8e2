import Workflow

/// A deterministic workload for measuring fund-flow execution: every project goes through the
/// whole life of SPEC section 3 (file, approve, four tranches paid and confirmed, three stages
/// paid, confirmed, completed and released), and the bank publishes a statement of the county
/// fund company's account carrying its three stage payments, which then match. Blocks end
/// every `commandsPerBlock` commands, two seconds of block time apart.
public struct WorkflowWorkload: Sendable {
    /// The organisations the workload runs with (one county, every kind).
    public let organisations: [Organisation]
    /// Every step, in chain order.
    public let entries: [CommandLog.Entry]

    /// Commands per project: 2 + 8 (tranches) + 12 (stages) + 1 (statement).
    public static let commandsPerProject = 23

    /// Builds the workload for `projectCount` projects; without `statements`, no bank records
    /// are published, so every paid leg awaits one (the reconciliation benchmark's legs).
    public init(projectCount: Int, organisations: [Organisation], commandsPerBlock: Int = 10, statements: Bool = true) {
        precondition(projectCount >= 0 && commandsPerBlock > 0, "workload sizes must be positive")
        self.organisations = organisations
        var builder = Builder(commandsPerBlock: commandsPerBlock, statements: statements)
        for project in 0..<projectCount {
            builder.addProject(project, organisations: organisations)
        }
        entries = builder.entries
    }

    /// The application the workload files for project `index` (0-based): a crops project of
    /// `budgetFen` in three stages, carried out by the implementing unit `unit`.
    public static func application(index: Int, budgetFen: Int64, unit: String) -> ProjectApplication {
        let third = budgetFen * 3 / 10
        let start = CalendarDate(year: 2027, month: 3, day: 1)!
        let end = CalendarDate(year: 2027, month: 12, day: 31)!
        return ProjectApplication(
            projectName: "第\(index + 1)号产业扶贫项目", projectTypeCode: "crops", responsibleDepartment: "县农业农村局",
            budgetFen: Fen(budgetFen), introduction: "建设标准化种植基地，带动贫困户增收。", implementingUnitID: unit,
            implementingUnitQualifications: "农民专业合作社", plannedStart: start, plannedCompletion: end,
            fundPlan: [FundPlanStage(title: "一期", amountFen: Fen(third), plannedDate: start),
                       FundPlanStage(title: "二期", amountFen: Fen(third), plannedDate: start),
                       FundPlanStage(title: "三期", amountFen: Fen(budgetFen - 2 * third), plannedDate: end)],
            applicantName: "申请人", withdrawalAccount: "6228480012345678901")
    }

    /// The number of commands (block ends not counted).
    public var commandCount: Int {
        entries.reduce(0) { count, entry in if case .command = entry { count + 1 } else { count } }
    }

    private struct Builder {
        let commandsPerBlock: Int
        let statements: Bool
        var entries: [CommandLog.Entry] = []
        var height: Int64 = 0
        var time = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)
        var inBlock = 0
        var serial = 0

        init(commandsPerBlock: Int, statements: Bool) {
            self.commandsPerBlock = commandsPerBlock
            self.statements = statements
        }

        mutating func add(_ actor: String, _ command: WorkflowCommand) {
            var hash = [UInt8](repeating: 0, count: 32)
            withUnsafeBytes(of: (Int64(entries.count)).bigEndian) { hash.replaceSubrange(24..<32, with: $0) }
            entries.append(.command(actorID: actor, provenance: Provenance(height: height + 1, time: time, transactionHash: hash), command: command))
            inBlock += 1
            if inBlock == commandsPerBlock {
                height += 1
                entries.append(.endBlock(Provenance(height: height, time: time, transactionHash: [])))
                time = time.adding(seconds: 2)
                inBlock = 0
            }
        }

        mutating func nextSerial() -> String {
            serial += 1
            return "FS\(100_000_000 + serial)"
        }

        mutating func addProject(_ index: Int, organisations: [Organisation]) {
            func id(_ kind: OrgKind) -> Organisation { organisations.first { $0.kind == kind }! }
            let budget = Int64(100_000 + index % 997) * 100
            let application = WorkflowWorkload.application(index: index, budgetFen: budget, unit: id(.implementingUnit).id)
            let projectID = "XM\(time.calendarDate(utcOffsetMinutes: Timestamp.chinaStandardTimeOffsetMinutes)!.year)\(String(index + 1).leftPadded(6))"
            add(id(.countyHQ).id, .fileApplication(application))
            add(id(.provincialOffice).id, .approveApplication(projectID: projectID, reservedFen: Fen(budget), fundPlan: nil))
            let draft = "HP" + projectID.dropFirst(2)
            let payers: [OrgKind] = [.countyFinance, .provincialFinance, .commercialBank, .limitedPartnership]
            let payees: [OrgKind] = [.countyFundCompany, .limitedPartnership, .limitedPartnership, .countyFundCompany]
            var records: [(leg: Int, serial: String)] = []
            for legIndex in 0..<4 {
                let serial = nextSerial()
                records.append((legIndex, serial))
                add(id(payers[legIndex]).id, .recordPayment(legID: LegID(draftNumber: draft, index: legIndex), fundSerial: serial))
                add(id(payees[legIndex]).id, .confirmReceipt(legID: LegID(draftNumber: draft, index: legIndex)))
            }
            for stage in 0..<3 {
                let leg = LegID(draftNumber: draft, index: 4 + stage)
                let serial = nextSerial()
                records.append((4 + stage, serial))
                add(id(.countyFundCompany).id, .recordPayment(legID: leg, fundSerial: serial))
                add(id(.implementingUnit).id, .confirmReceipt(legID: leg))
                add(id(.implementingUnit).id, .completeStage(projectID: projectID, stageIndex: stage, note: "阶段完工", revisedPlan: nil))
                add(id(.countyHQ).id, .giveOpinion(projectID: projectID, stageIndex: stage, release: true, text: "同意"))
            }
            if statements { addStatement(records, draft: draft, budget: budget, index: index, organisations: organisations) }
        }

        /// One statement per project: the county fund company's account with its three stage payments.
        mutating func addStatement(_ records: [(leg: Int, serial: String)], draft: String, budget: Int64, index: Int,
                                   organisations: [Organisation]) {
            let fund = organisations.first { $0.kind == .countyFundCompany }!
            let unitAccount = "6228480012345678901"
            let stages = [budget * 3 / 10, budget * 3 / 10, budget - 2 * (budget * 3 / 10)]
            let bankRecords = records.filter { $0.leg >= 4 }.map { record in
                BankRecord(bankSerial: "B\(record.serial)", fundSerial: record.serial, accountNumber: fund.accountNumber,
                           counterpartyAccount: unitAccount, counterpartyName: "实施单位", direction: .debit,
                           amountFen: Fen(stages[record.leg - 4]), balanceFen: nil, time: time, summary: "转账", remark: "资金流水号:\(record.serial)")
            }
            let hash = String(index, radix: 16).leftPadded(64)
            add(organisations.first { $0.kind == .commercialBank }!.id,
                .publishBankRecords(statementHash: hash, accountNumber: fund.accountNumber, part: .whole, records: bankRecords))
        }
    }
}

extension String {
    /// The string padded on the left with "0" to `width` characters.
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

import Workflow

extension WorkflowCommand {
    /// `{"type": "workflow", "command": name, fields by name}`.
    var json: JSONObject {
        var object = tagged("type", "workflow", [("command", .string("\(name)"))])
        for (key, value) in fields { object[key] = value }
        return object
    }

    private var fields: [(String, JSONValue)] {
        switch self {
        case .fileApplication(let application): [("application", application.json)]
        case .resubmitApplication(let id, let application): [("projectID", .string(id)), ("application", application.json)]
        case .approveApplication(let id, let reserved, let plan):
            [("projectID", .string(id)), ("reservedFen", .integer(reserved.value)), ("reservedYuanText", .string(reserved.yuanText)),
             ("fundPlan", plan.map(FundPlanStage.json) ?? .null)]
        case .rejectApplication(let id, let reason), .returnApplication(let id, let reason): [("projectID", .string(id)), ("reason", .string(reason))]
        case .recordPayment(let leg, let serial): [("legID", .string("\(leg)")), ("fundSerial", .string(serial))]
        case .confirmReceipt(let leg): [("legID", .string("\(leg)"))]
        case .reversePayment(let leg, let reason): [("legID", .string("\(leg)")), ("reason", .string(reason))]
        case .cancelDraft(let number, let reason): [("draftNumber", .string(number)), ("reason", .string(reason))]
        case .postProgress(let id, let percent, let description, let hashes):
            [("projectID", .string(id)), ("percent", .int(percent)), ("description", .string(description)), ("documentHashes", .texts(hashes))]
        case .completeStage(let id, let stage, let note, let plan):
            [("projectID", .string(id)), ("stageIndex", .int(stage)), ("note", .string(note)), ("revisedPlan", plan.map(FundPlanStage.json) ?? .null)]
        case .giveOpinion(let id, let stage, let release, let text):
            [("projectID", .string(id)), ("stageIndex", .int(stage)), ("release", .bool(release)), ("text", .string(text))]
        case .publishBankRecords(let hash, let account, let part, let records):
            [("statementHash", .string(hash)), ("accountNumber", .string(account)),
             ("part", .members([("index", .int(part.index)), ("count", .int(part.count))])), ("records", .array(records.map(\.json)))]
        case .resolveDifference(let item, let explanation): [("itemID", .int(item)), ("explanation", .string(explanation))]
        }
    }
}

extension ProjectApplication {
    /// Every field of the application form by name.
    var json: JSONValue {
        var object = JSONObject()
        object["projectName"] = .string(projectName)
        object["projectTypeCode"] = .string(projectTypeCode)
        object["responsibleDepartment"] = .string(responsibleDepartment)
        object.setMoney("budget", budgetFen)
        object["introduction"] = .string(introduction)
        object["implementingUnitID"] = .string(implementingUnitID)
        object["implementingUnitQualifications"] = .string(implementingUnitQualifications)
        object["plannedStart"] = .string(plannedStart.description)
        object["plannedCompletion"] = .string(plannedCompletion.description)
        object["fundPlan"] = FundPlanStage.json(fundPlan)
        object["applicantName"] = .string(applicantName)
        object["withdrawalAccount"] = .string(withdrawalAccount)
        return .object(object)
    }
}

extension FundPlanStage {
    /// The stages as `[{"title", "amountFen", "amountYuanText", "plannedDate"}]`.
    static func json(_ stages: [FundPlanStage]) -> JSONValue {
        .array(stages.map { stage in
            var object = JSONObject([("title", .string(stage.title))])
            object.setMoney("amount", stage.amountFen)
            object["plannedDate"] = .string(stage.plannedDate.description)
            return .object(object)
        })
    }
}

extension BankRecord {
    /// Every field of the record by name.
    var json: JSONValue {
        var object = JSONObject()
        object["bankSerial"] = .string(bankSerial)
        object["fundSerial"] = .text(fundSerial)
        object["accountNumber"] = .string(accountNumber)
        object["counterpartyAccount"] = .string(counterpartyAccount)
        object["counterpartyName"] = .string(counterpartyName)
        object["direction"] = .string(direction == .debit ? "debit" : "credit")
        object.setMoney("amount", amountFen)
        object.setMoney("balance", balanceFen)
        object.setTime("time", time)
        object["summary"] = .string(summary)
        object["remark"] = .string(remark)
        return .object(object)
    }
}

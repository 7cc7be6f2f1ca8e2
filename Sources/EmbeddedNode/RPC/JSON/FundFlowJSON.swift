import Workflow

extension Provenance {
    /// `{"height", "time", "timeMs", "transactionHash"}` (the hash is empty for block steps).
    var json: JSONValue {
        var object = JSONObject([("height", .integer(height))])
        object.setTime("time", time)
        object["transactionHash"] = .hex(transactionHash)
        return .object(object)
    }
}

extension Project {
    /// The project with its application, stages, history and `canonical`.
    var json: JSONValue {
        var object = JSONObject()
        object["id"] = .string(id)
        object["filedByID"] = .string(filedByID)
        object["status"] = .string("\(status)")
        object["draftNumber"] = .text(draftNumber)
        object["progressPercent"] = .int(progressPercent)
        object["application"] = application.json
        object["stages"] = .array(stages.enumerated().map { index, stage in stage.json(index: index) })
        object["history"] = .array(history.map(\.json))
        object.setCanonical(self)
        return .object(object)
    }
}

extension StageRecord {
    /// The stage's plan and what happened to it.
    func json(index: Int) -> JSONValue {
        var object = JSONObject([("index", .int(index)), ("title", .string(plan.title))])
        object.setMoney("amount", plan.amountFen)
        object["plannedDate"] = .string(plan.plannedDate.description)
        object["released"] = .bool(released)
        object["completionNote"] = .text(completionNote)
        object["superseded"] = .bool(superseded)
        return .object(object)
    }
}

extension ProjectEntry {
    /// One history entry.
    var json: JSONValue {
        .members([
            ("action", .string("\(action)")), ("actorID", .string(actorID)), ("stageIndex", .optionalInt(stageIndex)),
            ("percent", .optionalInt(percent)), ("text", .text(text)), ("documentHashes", .texts(documentHashes)),
            ("provenance", provenance.json),
        ])
    }
}

extension DigitalDraft {
    /// The draft with its legs, current holdings and `canonical`.
    var json: JSONValue {
        var object = JSONObject()
        object["number"] = .string(number)
        object["projectID"] = .string(projectID)
        object.setMoney("amount", amountFen)
        object["issuedByID"] = .string(issuedByID)
        object["issuedAt"] = issuedAt.json
        object["status"] = .string("\(status)")
        object["cancellationReason"] = .text(cancellationReason)
        object["holdings"] = .array(holdings().map { holding in
            var entry = JSONObject([("organisationID", .string(holding.organisationID))])
            entry.setMoney("amount", holding.amountFen)
            return .object(entry)
        })
        object["legs"] = .array(legs.map(\.json))
        object.setCanonical(self)
        return .object(object)
    }
}

extension Leg {
    /// The leg with its accounts, status, history and `canonical`.
    var json: JSONValue {
        var object = JSONObject()
        object["id"] = .string("\(id)")
        object["purpose"] = purposeJSON
        object["payerID"] = .string(payerID)
        object["payeeID"] = .string(payeeID)
        object["payerAccount"] = .string(payerAccount)
        object["payeeAccount"] = .string(payeeAccount)
        object.setMoney("amount", amountFen)
        object["status"] = .string("\(status)")
        object["fundSerial"] = .text(fundSerial)
        object.setTime("payableSince", payableSince)
        object.setTime("stalledSince", stalledSince)
        object["history"] = .array(history.map(\.json))
        object.setCanonical(self)
        return .object(object)
    }

    private var purposeJSON: JSONValue {
        switch purpose {
        case .tranche(let rule): .members([("type", "tranche"), ("rule", .string(rule))])
        case .stage(let index): .members([("type", "stage"), ("stageIndex", .int(index))])
        case .refund: .members([("type", "refund")])
        }
    }
}

extension LegEntry {
    /// One history entry.
    var json: JSONValue {
        .members([
            ("action", .string("\(action)")), ("actorID", .string(actorID)), ("fundSerial", .text(fundSerial)),
            ("reason", .text(reason)), ("provenance", provenance.json),
        ])
    }
}

extension InboxItem {
    /// What waits, what it concerns, the amount at stake, since when, and `canonical`.
    var json: JSONValue {
        var object = JSONObject()
        object["kind"] = .string("\(kind)")
        object["projectID"] = .text(projectID)
        object["legID"] = .text(legID?.description)
        object["stageIndex"] = .optionalInt(stageIndex)
        object["reconciliationItemID"] = .optionalInt(reconciliationItemID)
        object.setMoney("amount", amountFen)
        object.setTime("since", since)
        object.setCanonical(self)
        return .object(object)
    }
}

extension ReconciliationItem {
    /// The item, its outcome since when, its resolution and `canonical`.
    var json: JSONValue {
        var object = JSONObject([("id", .int(id))])
        switch subject {
        case .leg(let leg): object["subject"] = .members([("type", "leg"), ("legID", .string("\(leg)"))])
        case .bankRecord(let record): object["subject"] = .members([("type", "bankRecord"), ("bankRecordID", .int(record))])
        }
        object["fundSerial"] = .text(fundSerial)
        object["outcome"] = .string("\(outcome)")
        object["isOpenException"] = .bool(isOpenException)
        object.setTime("outcomeSince", outcomeSince)
        object.setTime("subjectTime", subjectTime)
        object["resolution"] = resolution.map { resolution in
            .members([("resolverID", .string(resolution.resolverID)), ("explanation", .string(resolution.explanation)),
                      ("provenance", resolution.provenance.json)])
        } ?? .null
        object.setCanonical(self)
        return .object(object)
    }
}

extension BalanceAdjustmentStatement {
    /// Both balances, the four kinds of one-sided items, the adjusted balances, whether they
    /// agree, and `canonical`.
    var json: JSONValue {
        var object = JSONObject([("accountNumber", .string(accountNumber))])
        object.setMoney("bankBalance", bankBalanceFen)
        object.setMoney("openingBalance", openingBalanceFen)
        object.setMoney("bookBalance", bookBalanceFen)
        object.setMoney("bookOnlyCredits", bookOnlyCreditsFen)
        object.setMoney("bookOnlyDebits", bookOnlyDebitsFen)
        object.setMoney("bankOnlyCredits", bankOnlyCreditsFen)
        object.setMoney("bankOnlyDebits", bankOnlyDebitsFen)
        object.setMoney("adjustedBankBalance", adjustedBankBalanceFen)
        object.setMoney("adjustedBookBalance", adjustedBookBalanceFen)
        object["isBalanced"] = .bool(isBalanced)
        object.setCanonical(self)
        return .object(object)
    }
}

extension ReconciliationEntry {
    /// The item, its leg and its bank record (with publisher, statement and provenance), and
    /// `canonical`.
    var json: JSONValue {
        var object = JSONObject([("item", item.json), ("leg", leg?.json ?? .null)])
        object["record"] = record.map { published in
            .members([("id", .int(published.id)), ("publisherID", .string(published.publisherID)),
                      ("statementHash", .string(published.statementHash)), ("provenance", published.provenance.json),
                      ("record", published.record.json)])
        } ?? .null
        object.setCanonical(self)
        return .object(object)
    }
}

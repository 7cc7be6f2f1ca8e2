import Canonical
import Workflow

extension Receipt {
    /// Transaction hash, height, index, `status` ("success" with `events`, or "failure" with
    /// `reason`), `governance` for a governance transaction, and `canonical`.
    var json: JSONValue {
        var object = JSONObject()
        object["transactionHash"] = .hex(transactionHash)
        object["height"] = .integer(height)
        object["index"] = .int(index)
        switch outcome {
        case .success(let events):
            object["status"] = "success"
            object["events"] = .array(events.map(\.json))
        case .failure(let reason):
            object["status"] = "failure"
            object["reason"] = reason.json
        }
        if let governance { object["governance"] = governance.json }
        object.setCanonical(self)
        return .object(object)
    }
}

extension RejectionReason {
    /// `{"code": name, parameters…, "message": English, "messageZh": Chinese}`; a fund-flow
    /// refusal carries its typed error in `workflowError`.
    var json: JSONValue {
        var object = tagged("code", codeName, parameters)
        object["message"] = .string(message(.english))
        object["messageZh"] = .string(message(.chinese))
        return .object(object)
    }

    private var parameters: [(String, JSONValue)] {
        switch self {
        case .unknownSender(let id), .senderKeyRevoked(let id): [("organisationID", .string(id))]
        case .badSignature, .duplicateNonce, .anchorMalformed: []
        case .expired(let height): [("expiryHeight", .integer(height))]
        case .expiryTooFar(let height, let window): [("expiryHeight", .integer(height)), ("windowBlocks", .int(window))]
        case .wrongChain(let chain): [("chainID", .string(chain))]
        case .workflow(let error): [("workflowError", .object(error.json))]
        case .anchorKeyExists(let key): [("key", .string(key))]
        case .keyChangeRefused(let detail): [("detail", .string(detail))]
        case .governance(let refusal): [("governanceRefusal", .string(refusal.codeName))]
        }
    }
}

extension WorkflowError {
    /// `{"code": case name, parameters by name}`; the words are `message(_:)`.
    var json: JSONObject {
        switch self {
        case .notPermitted(let command, let kind):
            tagged("code", "notPermitted", [("command", .string("\(command)")), ("kind", .string(kind.identifier))])
        case .unknownOrganisation(let id): tagged("code", "unknownOrganisation", [("organisationID", .string(id))])
        case .actingOrganisationMismatch(let expected): tagged("code", "actingOrganisationMismatch", [("expected", .string(expected))])
        case .invalidFields(let problems): tagged("code", "invalidFields", [("problems", .array(problems.map(\.json)))])
        case .unknownProject(let id): tagged("code", "unknownProject", [("projectID", .string(id))])
        case .wrongProjectStatus(let id, let status):
            tagged("code", "wrongProjectStatus", [("projectID", .string(id)), ("status", .string("\(status)"))])
        case .unknownDraft(let number): tagged("code", "unknownDraft", [("draftNumber", .string(number))])
        case .draftNotActive(let number, let status):
            tagged("code", "draftNotActive", [("draftNumber", .string(number)), ("status", .string("\(status)"))])
        case .unknownLeg(let id): tagged("code", "unknownLeg", [("legID", .string(id))])
        case .wrongLegStatus(let id, let status): tagged("code", "wrongLegStatus", [("legID", .string(id)), ("status", .string("\(status)"))])
        case .fundSerialAlreadyUsed(let serial): tagged("code", "fundSerialAlreadyUsed", [("fundSerial", .string(serial))])
        case .insufficientHolding(let id, let held, let needed):
            JSONObject.with(tagged("code", "insufficientHolding", [("organisationID", .string(id))])) {
                $0.setMoney("held", held)
                $0.setMoney("needed", needed)
            }
        case .stageNotReleased(let id, let stage): tagged("code", "stageNotReleased", Self.stage(id, stage))
        case .unknownStage(let id, let stage): tagged("code", "unknownStage", Self.stage(id, stage))
        case .stageNotCompleted(let id, let stage): tagged("code", "stageNotCompleted", Self.stage(id, stage))
        case .stageAlreadyCompleted(let id, let stage): tagged("code", "stageAlreadyCompleted", Self.stage(id, stage))
        case .statementAlreadyImported(let hash): tagged("code", "statementAlreadyImported", [("statementHash", .string(hash))])
        case .unknownReconciliationItem(let item): tagged("code", "unknownReconciliationItem", [("itemID", .int(item))])
        case .reconciliationItemNotOpen(let item): tagged("code", "reconciliationItemNotOpen", [("itemID", .int(item))])
        case .malformedOrganisationID(let id): tagged("code", "malformedOrganisationID", [("organisationID", .string(id))])
        case .malformedOrganisationName(let id): tagged("code", "malformedOrganisationName", [("organisationID", .string(id))])
        case .malformedAccountNumber(let account): tagged("code", "malformedAccountNumber", [("accountNumber", .string(account))])
        case .bankRecordOutsideStatement(let index): tagged("code", "bankRecordOutsideStatement", [("recordIndex", .int(index))])
        case .amountOverflow: tagged("code", "amountOverflow")
        case .malformedBankRecord(let index): tagged("code", "malformedBankRecord", [("recordIndex", .int(index))])
        case .unresolvedParticipant(let kind): tagged("code", "unresolvedParticipant", [("kind", .string(kind.identifier))])
        case .duplicateOrganisation(let id): tagged("code", "duplicateOrganisation", [("organisationID", .string(id))])
        case .legLimitReached(let number): tagged("code", "legLimitReached", [("draftNumber", .string(number))])
        case .statementPartOutOfOrder(let hash, let part):
            tagged("code", "statementPartOutOfOrder", [("statementHash", .string(hash)), ("expectedPart", .int(part))])
        }
    }

    private static func stage(_ projectID: String, _ stageIndex: Int) -> [(String, JSONValue)] {
        [("projectID", .string(projectID)), ("stageIndex", .int(stageIndex))]
    }
}

extension FieldProblem {
    /// `{"field", "stageIndex", "issue", "message", "messageZh"}`.
    var json: JSONValue {
        .members([
            ("field", .string("\(field)")), ("stageIndex", .optionalInt(stageIndex)), ("issue", .string(issue.codeName)),
            ("message", .string(message(.english))), ("messageZh", .string(message(.chinese))),
        ])
    }
}

extension FieldIssue {
    /// The case's name without its parameters (they are in the messages).
    var codeName: String {
        switch self {
        case .required: "required"
        case .tooLong: "tooLong"
        case .notInList: "notInList"
        case .malformedDate: "malformedDate"
        case .completionNotAfterStart: "completionNotAfterStart"
        case .dateOutsideProject: "dateOutsideProject"
        case .amountOutOfRange: "amountOutOfRange"
        case .sumMismatch: "sumMismatch"
        case .countOutOfRange: "countOutOfRange"
        case .malformedAccountNumber: "malformedAccountNumber"
        case .malformed: "malformed"
        case .percentOutOfRange: "percentOutOfRange"
        case .unknownOrganisation: "unknownOrganisation"
        }
    }
}

extension AdmissionError {
    /// The -32010 answer: `data` = {"reason": code name, "message": English, "messageZh": Chinese}.
    var rpcError: RPCError {
        var error = RPCError.transactionRejected(message(.english))
        error.data = .members([("reason", .string(codeName)), ("message", .string(message(.english))), ("messageZh", .string(message(.chinese)))])
        return error
    }
}

extension JSONObject {
    /// `object` after `change`, for building a member list in one expression.
    static func with(_ object: JSONObject, _ change: (inout JSONObject) -> Void) -> JSONObject {
        var copy = object
        change(&copy)
        return copy
    }
}

import Workflow

extension WorkflowEvent {
    /// `{"type": case name, parameters by name, "canonical": hex}`.
    var json: JSONValue {
        guard case .object(var object) = fields else { preconditionFailure("an event renders as an object") }
        object.setCanonical(self)
        return .object(object)
    }

    /// The case name and its parameters.
    private var fields: JSONValue {
        switch self {
        case .applicationFiled(let id): Self.project("applicationFiled", id)
        case .applicationResubmitted(let id): Self.project("applicationResubmitted", id)
        case .applicationRejected(let id): Self.project("applicationRejected", id)
        case .applicationReturned(let id): Self.project("applicationReturned", id)
        case .draftIssued(let id, let number, let amount):
            .object(JSONObject.with(tagged("type", "draftIssued", [("projectID", .string(id)), ("draftNumber", .string(number))])) {
                $0.setMoney("amount", amount)
            })
        case .legCreated(let leg): Self.leg("legCreated", leg)
        case .legPaid(let leg, let serial): .object(tagged("type", "legPaid", [("legID", .string("\(leg)")), ("fundSerial", .string(serial))]))
        case .legConfirmed(let leg): Self.leg("legConfirmed", leg)
        case .legReversed(let leg): Self.leg("legReversed", leg)
        case .legCancelled(let leg): Self.leg("legCancelled", leg)
        case .legStalled(let leg): Self.leg("legStalled", leg)
        case .stageReleased(let id, let stage): Self.stage("stageReleased", id, stage)
        case .progressPosted(let id, let percent): .object(tagged("type", "progressPosted", [("projectID", .string(id)), ("percent", .int(percent))]))
        case .stageCompleted(let id, let stage): Self.stage("stageCompleted", id, stage)
        case .stageHeld(let id, let stage): Self.stage("stageHeld", id, stage)
        case .planRevised(let id): Self.project("planRevised", id)
        case .projectCompleted(let id): Self.project("projectCompleted", id)
        case .draftCompleted(let number): .object(tagged("type", "draftCompleted", [("draftNumber", .string(number))]))
        case .draftCancelled(let number): .object(tagged("type", "draftCancelled", [("draftNumber", .string(number))]))
        case .bankRecordsPublished(let accepted, let known):
            .object(tagged("type", "bankRecordsPublished", [("accepted", .int(accepted)), ("alreadyKnown", .int(known))]))
        case .reconciliationChanged(let item, let outcome):
            .object(tagged("type", "reconciliationChanged", [("itemID", .int(item)), ("outcome", .string("\(outcome)"))]))
        case .differenceResolved(let item): .object(tagged("type", "differenceResolved", [("itemID", .int(item))]))
        }
    }

    private static func project(_ type: String, _ projectID: String) -> JSONValue {
        .object(tagged("type", type, [("projectID", .string(projectID))]))
    }

    private static func leg(_ type: String, _ legID: LegID) -> JSONValue {
        .object(tagged("type", type, [("legID", .string("\(legID)"))]))
    }

    private static func stage(_ type: String, _ projectID: String, _ stageIndex: Int) -> JSONValue {
        .object(tagged("type", type, [("projectID", .string(projectID)), ("stageIndex", .int(stageIndex))]))
    }
}

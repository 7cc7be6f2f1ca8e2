import Workflow

/// The `ff_` methods: read-only queries of the fund flow's current state.
extension NodeRPCService {
    func project(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let id = try params.string("id")
        guard let project = await node.workflowState.project(id) else { throw .notFound("project \(RPCProcessor.shown(id))") }
        return project.json
    }

    /// A page of every project in filing order: `{total, offset, limit, projects}`.
    func projects(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let offset = try params.optionalInteger("offset", in: 0...Int64(Int32.max)) ?? 0
        let limit = try params.optionalInteger("limit", in: 1...Self.projectsPageLimitMax) ?? Self.projectsPageLimitDefault
        let all = await node.workflowState.projects
        let start = min(Int(offset), all.count)
        let page = all[start..<min(start + Int(limit), all.count)]
        return .members([
            ("total", .int(all.count)), ("offset", .integer(offset)), ("limit", .integer(limit)),
            ("projects", .array(page.map(\.json))),
        ])
    }

    func draft(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let number = try params.string("number")
        guard let draft = await node.workflowState.draft(number) else { throw .notFound("draft \(RPCProcessor.shown(number))") }
        return draft.json
    }

    func inbox(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let state = try await stateKnowing(organisation: params.string("organisation"))
        return .array(state.state.inbox(for: state.organisationID).map(\.json))
    }

    func draftsInvolving(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let state = try await stateKnowing(organisation: params.string("organisation"))
        return .array(state.state.drafts(involving: state.organisationID).map(\.json))
    }

    /// Open exceptions by age at `atMs` (default: the tip's block time, so answers follow the
    /// chain and not this node's clock); every bucket is present.
    func outstandingByAge(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let atMs = try params.optionalInteger("atMs", in: 0...Int64.max / 2)
        let tipTimeMs = await node.chainTip.timeMs
        let time = Timestamp(millisecondsSinceEpoch: atMs ?? tipTimeMs)
        let buckets = await node.workflowState.outstandingByAge(at: time)
        var answer = JSONObject()
        answer.setTime("at", time)
        answer["buckets"] = .array(buckets.map { bucket in
            .members([
                ("bucket", .string("\(bucket.bucket)")), ("label", .string(bucket.bucket.label(.english))),
                ("labelZh", .string(bucket.bucket.label(.chinese))), ("items", .array(bucket.items.map(\.json))),
            ])
        })
        return .object(answer)
    }

    func balanceAdjustment(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let account = try params.string("account")
        guard AccountNumber.normalise(account) == account else { throw .invalidParams("account must be 8-32 digits") }
        return await node.workflowState.balanceAdjustment(accountNumber: account).json
    }

    /// The chain's organisations and fund-flow settings: `{organisations: [{id, kind, name,
    /// county, accountNumber, canonical}], settings: {canonical}}`.
    func consortium() async -> JSONValue {
        let state = await node.workflowState
        let organisations: [JSONValue] = state.organisations.map { organisation in
            var object = JSONObject()
            object["id"] = .string(organisation.id)
            object["kind"] = .string(organisation.kind.identifier)
            object["name"] = .string(organisation.name)
            object["county"] = .string(organisation.county)
            object["accountNumber"] = .string(organisation.accountNumber)
            object.setCanonical(organisation)
            return .object(object)
        }
        var settings = JSONObject()
        settings.setCanonical(state.settings)
        return .members([("organisations", .array(organisations)), ("settings", .object(settings))])
    }

    /// The fund-flow state, after checking that `organisation` is one of the chain's.
    private func stateKnowing(organisation id: String) async throws(RPCError) -> (state: WorkflowState, organisationID: String) {
        let state = await node.workflowState
        guard state.organisation(id) != nil else { throw .notFound("organisation \(RPCProcessor.shown(id))") }
        return (state, id)
    }

    /// A page of the reconciliation book in item order, each item with its leg and bank record:
    /// `{total, offset, limit, entries}`.
    func reconciliation(_ params: RPCParams) async throws(RPCError) -> JSONValue {
        let offset = try params.optionalInteger("offset", in: 0...Int64(Int32.max)) ?? 0
        let limit = try params.optionalInteger("limit", in: 1...Self.reconciliationPageLimitMax) ?? Self.reconciliationPageLimitMax
        let page = await node.workflowState.reconciliationEntries(offset: Int(offset), limit: Int(limit))
        return .members([
            ("total", .int(page.total)), ("offset", .integer(offset)), ("limit", .integer(limit)),
            ("entries", .array(page.entries.map(\.json))),
        ])
    }
}

import Canonical

/// The whole fund flow as a deterministic state machine: what every node executes.
///
/// `apply(_:by:at:)` runs one command for one organisation at one point on chain and returns
/// its events, or refuses it with a `WorkflowError` and changes nothing (every command checks
/// everything before it changes anything). `endBlock(at:)` runs the rules that depend on time
/// (grace periods, stall limits) with the block's time. There is no I/O, clock or randomness,
/// and nothing here iterates a Dictionary or Set to produce state: two nodes that apply the
/// same commands hold byte-identical `canonicalBytes`.
///
/// ```swift
/// var state = try WorkflowState(organisations: orgs, settings: WorkflowSettings())
/// let events = try state.apply(.fileApplication(form), by: "county-hq", at: provenance).get()
/// ```
public struct WorkflowState: Sendable {
    /// The rules from genesis.
    public let settings: WorkflowSettings
    /// Organisations from genesis, sorted by identifier.
    public let organisations: [Organisation]
    /// Every project, in filing order.
    public internal(set) var projects: [Project] = []
    /// Every draft, in issue order.
    public internal(set) var drafts: [DigitalDraft] = []
    /// Bank records and their reconciliation.
    public internal(set) var reconciliation = ReconciliationBook()
    /// The latest block time seen; times never go backwards.
    public internal(set) var latestTime: Timestamp?

    // Indexes rebuilt from the arrays; lookups only, never iterated to produce state.
    var organisationIndex: [String: Int] = [:]
    var projectIndex: [String: Int] = [:]
    var draftIndex: [String: Int] = [:]
    /// Every fund serial ever recorded (reversed ones too) and the leg that used it.
    var fundSerialOwners: [String: LegID] = [:]

    /// Creates the empty state of a new chain, refusing invalid settings or organisations.
    public init(organisations: [Organisation], settings: WorkflowSettings) throws(WorkflowStateError) {
        let settingsProblems = settings.validate()
        guard settingsProblems.isEmpty else { throw .invalidSettings(settingsProblems) }
        for organisation in organisations {
            if let problem = organisation.validate().first { throw .invalidOrganisation(problem) }
        }
        self.settings = settings
        self.organisations = organisations.sorted { $0.id < $1.id }
        for (index, organisation) in self.organisations.enumerated() {
            guard organisationIndex[organisation.id] == nil else { throw .invalidOrganisation(.duplicateOrganisation(organisation.id)) }
            organisationIndex[organisation.id] = index
        }
    }

    /// The organisation with this identifier.
    public func organisation(_ id: String) -> Organisation? { organisationIndex[id].map { organisations[$0] } }
    /// The project with this identifier.
    public func project(_ id: String) -> Project? { projectIndex[id].map { projects[$0] } }
    /// The draft with this number.
    public func draft(_ number: String) -> DigitalDraft? { draftIndex[number].map { drafts[$0] } }
    /// The leg with this identifier.
    public func leg(_ id: LegID) -> Leg? {
        guard let draft = draft(id.draftNumber), draft.legs.indices.contains(id.index) else { return nil }
        return draft.legs[id.index]
    }

    /// Runs one command issued by `actorID` in the block and transaction of `provenance`.
    /// On failure nothing changed: the snapshot is byte-identical to before.
    public mutating func apply(_ command: WorkflowCommand, by actorID: String, at provenance: Provenance)
        -> Result<[WorkflowEvent], WorkflowError>
    {
        precondition(latestTime.map { provenance.time >= $0 } ?? true, "block time went backwards")
        do throws(WorkflowError) {
            guard let actor = organisation(actorID) else { throw .unknownOrganisation(actorID) }
            guard command.name.permittedKinds.contains(actor.kind) else {
                throw .notPermitted(command: command.name, kind: actor.kind)
            }
            let events = try execute(command, by: actor, at: provenance)
            latestTime = provenance.time
            return .success(events)
        } catch {
            return .failure(error)
        }
    }

    /// Runs the time-dependent rules at the block's time: paid legs whose grace period ended
    /// without a bank record become exceptions, and money waiting too long at a holder that
    /// should pass it on marks the leg stalled.
    public mutating func endBlock(at provenance: Provenance) -> [WorkflowEvent] {
        advanceTime(to: provenance.time)
        var events = reconciliation.expireGrace(now: provenance.time, graceSeconds: settings.reconciliationGraceSeconds)
        for draftIndex in drafts.indices where drafts[draftIndex].status != .completed {
            events += markStalledLegs(draftIndex: draftIndex, at: provenance)
        }
        return events
    }

    private mutating func advanceTime(to time: Timestamp) {
        precondition(latestTime.map { time >= $0 } ?? true, "block time went backwards")
        latestTime = time
    }

    private mutating func execute(_ command: WorkflowCommand, by actor: Organisation, at provenance: Provenance)
        throws(WorkflowError) -> [WorkflowEvent]
    {
        switch command {
        case .fileApplication(let application): return try fileApplication(application, by: actor, at: provenance)
        case .resubmitApplication(let id, let application): return try resubmitApplication(id, application, by: actor, at: provenance)
        case .approveApplication(let id, let reserved, let plan): return try approveApplication(id, reserved, plan, by: actor, at: provenance)
        case .rejectApplication(let id, let reason): return try decideApplication(id, reason, .rejected, by: actor, at: provenance)
        case .returnApplication(let id, let reason): return try decideApplication(id, reason, .returned, by: actor, at: provenance)
        case .recordPayment(let leg, let serial): return try recordPayment(leg, serial, by: actor, at: provenance)
        case .confirmReceipt(let leg): return try confirmReceipt(leg, by: actor, at: provenance)
        case .reversePayment(let leg, let reason): return try reversePayment(leg, reason, by: actor, at: provenance)
        case .cancelDraft(let number, let reason): return try cancelDraft(number, reason, by: actor, at: provenance)
        case .postProgress(let id, let percent, let description, let hashes):
            return try postProgress(id, percent, description, hashes, by: actor, at: provenance)
        case .completeStage(let id, let stage, let note, let plan): return try completeStage(id, stage, note, plan, by: actor, at: provenance)
        case .giveOpinion(let id, let stage, let release, let text): return try giveOpinion(id, stage, release, text, by: actor, at: provenance)
        case .publishBankRecords(let hash, let account, let part, let records):
            return try publishBankRecords(hash, account, part, records, by: actor, at: provenance)
        case .resolveDifference(let item, let explanation): return try resolveDifference(item, explanation, by: actor, at: provenance)
        }
    }

    /// A required free-text parameter (reason, note, explanation): present and at most
    /// `WorkflowCommand.textCharactersMax` characters.
    func requireText(_ text: String, _ field: FormField) throws(WorkflowError) {
        if let problem = ProjectApplication.textProblem(text, field: field, charactersMax: WorkflowCommand.textCharactersMax) {
            throw .invalidFields([problem])
        }
    }

    /// The project for a command, which must be in one of `statuses`.
    func requireProject(_ id: String, in statuses: [ProjectStatus]) throws(WorkflowError) -> Int {
        guard let index = projectIndex[id] else { throw .unknownProject(id) }
        guard statuses.contains(projects[index].status) else { throw .wrongProjectStatus(projectID: id, status: projects[index].status) }
        return index
    }
}

/// Why a chain's initial fund-flow state could not be created from genesis.
public enum WorkflowStateError: Error, Hashable, Sendable {
    /// The settings are invalid; each string names the setting and the problem.
    case invalidSettings([String])
    /// An organisation is malformed or listed twice.
    case invalidOrganisation(WorkflowError)
}

extension WorkflowState: CanonicalEncodable {
    /// The state snapshot: settings, organisations, projects, drafts, reconciliation,
    /// latestTime. Nodes hash these bytes and compare them.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(settings)
        writer.write(organisations)
        writer.write(projects)
        writer.write(drafts)
        writer.write(reconciliation)
        writer.write(latestTime)
    }
}

extension WorkflowState: CanonicalDecodable {
    /// Reads a snapshot and rebuilds every index from it.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let start = reader.offset
        let settings: WorkflowSettings = try reader.read()
        let organisations: [Organisation] = try reader.readArray()
        do {
            try self.init(organisations: organisations, settings: settings)
        } catch {
            throw .invalidValue(offset: start, reason: "invalid genesis in snapshot: \(error)")
        }
        projects = try reader.readArray()
        drafts = try reader.readArray()
        reconciliation = try reader.read()
        latestTime = try reader.readOptional()
        for (index, project) in projects.enumerated() { projectIndex[project.id] = index }
        for (index, draft) in drafts.enumerated() {
            draftIndex[draft.number] = index
            for leg in draft.legs {
                for entry in leg.history where entry.action == .paid {
                    if let serial = entry.fundSerial { fundSerialOwners[serial] = leg.id }
                }
            }
        }
    }
}

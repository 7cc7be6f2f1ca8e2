/// Step 1 and Step 2: filing, resubmitting and deciding applications, and issuing the draft.
extension WorkflowState {
    mutating func fileApplication(_ application: ProjectApplication, by actor: Organisation, at provenance: Provenance)
        throws(WorkflowError) -> [WorkflowEvent]
    {
        try requireValid(application)
        let id = Self.sequenceNumber(prefix: "XM", time: provenance.time, sequence: projects.count + 1)
        projectIndex[id] = projects.count
        projects.append(Project(id: id, filedByID: actor.id, application: application, provenance: provenance))
        return [.applicationFiled(projectID: id)]
    }

    mutating func resubmitApplication(_ id: String, _ application: ProjectApplication, by actor: Organisation, at provenance: Provenance)
        throws(WorkflowError) -> [WorkflowEvent]
    {
        let index = try requireProject(id, in: [.returned])
        guard projects[index].filedByID == actor.id else { throw .actingOrganisationMismatch(expected: projects[index].filedByID) }
        try requireValid(application)
        projects[index].application = application
        projects[index].status = .submitted
        projects[index].history.append(ProjectEntry(.resubmitted, actorID: actor.id, provenance: provenance))
        return [.applicationResubmitted(projectID: id)]
    }

    mutating func decideApplication(_ id: String, _ reason: String, _ decision: ProjectStatus, by actor: Organisation, at provenance: Provenance)
        throws(WorkflowError) -> [WorkflowEvent]
    {
        precondition(decision == .rejected || decision == .returned, "decideApplication only rejects or returns")
        let index = try requireProject(id, in: [.submitted])
        try requireText(reason, .reason)
        projects[index].status = decision
        let action: ProjectEntry.Action = decision == .rejected ? .rejected : .returned
        projects[index].history.append(ProjectEntry(action, actorID: actor.id, text: reason, provenance: provenance))
        return [decision == .rejected ? .applicationRejected(projectID: id) : .applicationReturned(projectID: id)]
    }

    mutating func approveApplication(_ id: String, _ reservedFen: Fen, _ plan: [FundPlanStage]?, by actor: Organisation, at provenance: Provenance)
        throws(WorkflowError) -> [WorkflowEvent]
    {
        let index = try requireProject(id, in: [.submitted])
        let project = projects[index]
        let application = project.application
        guard reservedFen.value > 0, reservedFen <= application.budgetFen else {
            throw .invalidFields([FieldProblem(.reservedAmount, .amountOutOfRange(maximum: application.budgetFen))])
        }
        if reservedFen < application.budgetFen && plan == nil {
            throw .invalidFields([FieldProblem(.fundPlan, .required)])
        }
        let stages = plan ?? application.fundPlan
        let planProblems = FundPlanStage.problems(
            in: stages, total: reservedFen, window: application.plannedStart...application.plannedCompletion)
        guard planProblems.isEmpty else { throw .invalidFields(planProblems) }
        let participants = try resolveParticipants(for: project)
        let number = Self.sequenceNumber(prefix: "HP", time: provenance.time, sequence: drafts.count + 1)
        var draft = DigitalDraft(number: number, projectID: id, amountFen: reservedFen, issuedByID: actor.id, issuedAt: provenance)
        var events: [WorkflowEvent] = [.draftIssued(projectID: id, draftNumber: number, amountFen: reservedFen)]
        let trancheAmounts = settings.trancheTable.split(reservedFen)
        for (rule, amount) in zip(settings.trancheTable.rules, trancheAmounts) where amount.value > 0 {
            let payer = participants[rule.payer]!
            let payee = participants[rule.payee]!
            events += draft.appendLeg(.tranche(rule.id), payer: payer, payee: payee, payeeAccount: payee.accountNumber,
                                      amountFen: amount, provenance: provenance)
        }
        let implementingUnit = participants[.implementingUnit]!
        let finalHolder = participants[settings.trancheTable.finalHolder]!
        for (stageIndex, stage) in stages.enumerated() {
            events += draft.appendLeg(.stage(stageIndex), payer: finalHolder, payee: implementingUnit,
                                      payeeAccount: application.withdrawalAccount, amountFen: stage.amountFen, provenance: provenance)
        }
        projects[index].status = .approved
        projects[index].draftNumber = number
        projects[index].stages = stages.enumerated().map { StageRecord(plan: $1, released: $0 == 0) }
        projects[index].history.append(ProjectEntry(.approved, actorID: actor.id, text: number, provenance: provenance))
        draftIndex[number] = drafts.count
        drafts.append(draft)
        refreshPayability(draftIndex: drafts.count - 1, at: provenance.time)
        return events + [.stageReleased(projectID: id, stageIndex: 0)]
    }

    /// Every organisation a project's draft involves, by kind: the implementing unit named in
    /// the application, and for each other kind the one organisation of the project's county
    /// or, failing that, the one province-level organisation of that kind.
    func resolveParticipants(for project: Project) throws(WorkflowError) -> [OrgKind: Organisation] {
        let county = organisation(project.filedByID)?.county ?? ""
        // In kind order, never Set order: the first unresolved kind ends up in the receipt.
        let involved = settings.trancheTable.rules.flatMap { [$0.payer, $0.payee] }
        let kinds = OrgKind.allCases.filter { $0 != .implementingUnit && involved.contains($0) }
        var participants: [OrgKind: Organisation] = [:]
        for kind in kinds {
            let candidates = organisations.filter { $0.kind == kind }
            let local = candidates.filter { !county.isEmpty && $0.county == county }
            let provincial = candidates.filter { $0.county.isEmpty }
            guard let chosen = local.count == 1 ? local.first : (local.isEmpty && provincial.count == 1 ? provincial.first : nil) else {
                throw .unresolvedParticipant(kind)
            }
            participants[kind] = chosen
        }
        guard let unit = organisation(project.application.implementingUnitID), unit.kind == .implementingUnit else {
            throw .unresolvedParticipant(.implementingUnit)
        }
        participants[.implementingUnit] = unit
        return participants
    }

    private func requireValid(_ application: ProjectApplication) throws(WorkflowError) {
        let unitKind = organisation(application.implementingUnitID)?.kind
        let problems = application.problems(settings: settings, implementingUnitKind: unitKind)
        guard problems.isEmpty else { throw .invalidFields(problems) }
    }

    /// "XM2026000001": a prefix, the year of `time` in China Standard Time, and a 6-digit sequence.
    static func sequenceNumber(prefix: String, time: Timestamp, sequence: Int) -> String {
        let year = time.calendarDate(utcOffsetMinutes: Timestamp.chinaStandardTimeOffsetMinutes)?.year ?? 0
        let digits = String(sequence)
        return prefix + String(year) + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

extension DigitalDraft {
    /// Appends a pending leg and returns its creation event.
    mutating func appendLeg(_ purpose: LegPurpose, payer: Organisation, payee: Organisation, payeeAccount: String,
                            amountFen: Fen, provenance: Provenance) -> [WorkflowEvent] {
        precondition(legs.count < DigitalDraft.legsMax, "draft leg limit must be checked before appending")
        let id = LegID(draftNumber: number, index: legs.count)
        legs.append(Leg(id: id, purpose: purpose, payer: payer, payee: payee, payeeAccount: payeeAccount,
                        amountFen: amountFen, provenance: provenance))
        return [.legCreated(id)]
    }
}

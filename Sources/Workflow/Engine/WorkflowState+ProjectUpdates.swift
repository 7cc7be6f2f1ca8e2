/// Project updates: progress from the implementing unit, stage completion with an optional
/// revised plan, and the county HQ's opinion that releases or holds the next stage.
extension WorkflowState {
    mutating func postProgress(_ id: String, _ percent: Int, _ description: String, _ documentHashes: [String],
                               by actor: Organisation, at provenance: Provenance) throws(WorkflowError) -> [WorkflowEvent]
    {
        let index = try requireProject(id, in: [.approved])
        let unitID = projects[index].application.implementingUnitID
        guard unitID == actor.id else { throw .actingOrganisationMismatch(expected: unitID) }
        guard (0...100).contains(percent) else { throw .invalidFields([FieldProblem(.progressPercent, .percentOutOfRange)]) }
        try requireText(description, .progressDescription)
        guard documentHashes.count <= WorkflowCommand.documentHashesMax else {
            throw .invalidFields([FieldProblem(.documentHash, .countOutOfRange(minimum: 0, maximum: WorkflowCommand.documentHashesMax))])
        }
        guard documentHashes.allSatisfy(Self.isSHA256Hex) else { throw .invalidFields([FieldProblem(.documentHash, .malformed)]) }
        projects[index].progressPercent = percent
        projects[index].history.append(
            ProjectEntry(.progress, actorID: actor.id, percent: percent, text: description, documentHashes: documentHashes, provenance: provenance))
        return [.progressPosted(projectID: id, percent: percent)]
    }

    /// Completes a released stage. A revised plan replaces every later stage of the plan in
    /// force; those stages must all be unpaid, and the revision must sum to exactly what they
    /// would have paid, so it only redistributes what is still unpaid.
    mutating func completeStage(_ id: String, _ stageIndex: Int, _ note: String, _ revisedPlan: [FundPlanStage]?,
                                by actor: Organisation, at provenance: Provenance) throws(WorkflowError) -> [WorkflowEvent]
    {
        let index = try requireProject(id, in: [.approved])
        let project = projects[index]
        guard project.application.implementingUnitID == actor.id else {
            throw .actingOrganisationMismatch(expected: project.application.implementingUnitID)
        }
        guard project.stages.indices.contains(stageIndex), !project.stages[stageIndex].superseded else {
            throw .unknownStage(projectID: id, stageIndex: stageIndex)
        }
        guard project.stages[stageIndex].released else { throw .stageNotReleased(projectID: id, stageIndex: stageIndex) }
        guard project.stages[stageIndex].completionNote == nil else { throw .stageAlreadyCompleted(projectID: id, stageIndex: stageIndex) }
        try requireText(note, .completionNote)
        let draftIndex = draftIndex[project.draftNumber!]!
        let replaced = try replaceableLegs(project: project, draftIndex: draftIndex, after: stageIndex, revised: revisedPlan)

        projects[index].stages[stageIndex].completionNote = note
        projects[index].history.append(ProjectEntry(.stageCompleted, actorID: actor.id, stageIndex: stageIndex, text: note, provenance: provenance))
        var events: [WorkflowEvent] = [.stageCompleted(projectID: id, stageIndex: stageIndex)]
        if let revisedPlan {
            events += revisePlan(projectIndex: index, draftIndex: draftIndex, replacing: replaced, with: revisedPlan, by: actor, at: provenance)
        }
        return events
    }

    /// The county HQ that filed the project gives its opinion on a completed stage. Release
    /// frees the next stage's payment, or, after the last stage, accepts the project.
    mutating func giveOpinion(_ id: String, _ stageIndex: Int, _ release: Bool, _ text: String,
                              by actor: Organisation, at provenance: Provenance) throws(WorkflowError) -> [WorkflowEvent]
    {
        let index = try requireProject(id, in: [.approved])
        let project = projects[index]
        guard project.filedByID == actor.id else { throw .actingOrganisationMismatch(expected: project.filedByID) }
        guard project.stages.indices.contains(stageIndex), !project.stages[stageIndex].superseded else {
            throw .unknownStage(projectID: id, stageIndex: stageIndex)
        }
        guard project.stages[stageIndex].completionNote != nil else { throw .stageNotCompleted(projectID: id, stageIndex: stageIndex) }
        try requireText(text, .opinion)
        let action: ProjectEntry.Action = release ? .opinionRelease : .opinionHold
        projects[index].history.append(ProjectEntry(action, actorID: actor.id, stageIndex: stageIndex, text: text, provenance: provenance))
        guard release else { return [.stageHeld(projectID: id, stageIndex: stageIndex)] }
        let draftIndex = draftIndex[project.draftNumber!]!
        if let next = project.nextCurrentStage(after: stageIndex) {
            guard !project.stages[next].released else { return [] }
            projects[index].stages[next].released = true
            refreshPayability(draftIndex: draftIndex, at: provenance.time)
            return [.stageReleased(projectID: id, stageIndex: next)]
        }
        projects[index].status = .completed
        return [.projectCompleted(projectID: id)]
    }

    /// The pending stage legs a revision would replace, after checking the revision.
    private func replaceableLegs(project: Project, draftIndex: Int, after stageIndex: Int, revised: [FundPlanStage]?)
        throws(WorkflowError) -> [Int]
    {
        guard let revised else { return [] }
        let laterStages = Set(project.currentStages.map(\.index).filter { $0 > stageIndex })
        let legs = drafts[draftIndex].legs.indices.filter { legIndex in
            guard case .stage(let stage) = drafts[draftIndex].legs[legIndex].purpose else { return false }
            return laterStages.contains(stage)
        }
        for legIndex in legs where drafts[draftIndex].legs[legIndex].status != .pending {
            let leg = drafts[draftIndex].legs[legIndex]
            throw .wrongLegStatus(legID: leg.id.description, status: leg.status)
        }
        let unpaid = Fen(legs.reduce(Int64(0)) { $0 + drafts[draftIndex].legs[$1].amountFen.value })
        guard unpaid.value > 0 else {
            let revisedTotal = Fen(revised.reduce(Int64(0)) { $0 + max(0, min($1.amountFen.value, Fen.amountMax.value)) })
            throw .invalidFields([FieldProblem(.fundPlan, .sumMismatch(expected: .zero, actual: revisedTotal))])
        }
        let problems = FundPlanStage.problems(in: revised, total: unpaid, window: nil)
        guard problems.isEmpty else { throw .invalidFields(problems) }
        guard project.stages.count + revised.count <= DigitalDraft.legsMax,
              drafts[draftIndex].legs.count + revised.count <= DigitalDraft.legsMax else {
            throw .legLimitReached(draftNumber: drafts[draftIndex].number)
        }
        return legs
    }

    private mutating func revisePlan(projectIndex index: Int, draftIndex: Int, replacing legs: [Int], with plan: [FundPlanStage],
                                     by actor: Organisation, at provenance: Provenance) -> [WorkflowEvent] {
        var events: [WorkflowEvent] = []
        for legIndex in legs {
            guard case .stage(let stage) = drafts[draftIndex].legs[legIndex].purpose else { continue }
            projects[index].stages[stage].superseded = true
            drafts[draftIndex].legs[legIndex].status = .cancelled
            drafts[draftIndex].legs[legIndex].history.append(
                LegEntry(action: .cancelled, actorID: actor.id, reason: "plan revised", provenance: provenance))
            events.append(.legCancelled(drafts[draftIndex].legs[legIndex].id))
        }
        let unit = organisation(projects[index].application.implementingUnitID)!
        let holder = organisation(drafts[draftIndex].legs[legs[0]].payerID)!
        for stage in plan {
            let stageIndex = projects[index].stages.count
            projects[index].stages.append(StageRecord(plan: stage, released: false))
            events += drafts[draftIndex].appendLeg(.stage(stageIndex), payer: holder, payee: unit,
                                                   payeeAccount: projects[index].application.withdrawalAccount,
                                                   amountFen: stage.amountFen, provenance: provenance)
        }
        projects[index].history.append(ProjectEntry(.planRevised, actorID: actor.id, provenance: provenance))
        refreshPayability(draftIndex: draftIndex, at: provenance.time)
        return events + [.planRevised(projectID: projects[index].id)]
    }

    /// Whether `text` is 64 lower-case hexadecimal digits.
    static func isSHA256Hex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

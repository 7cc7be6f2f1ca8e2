/// Step 3: paying legs, confirming receipt, and the corrections that never edit: reversal by a
/// compensating entry and cancellation with refunds by recorded legs.
extension WorkflowState {
    mutating func recordPayment(_ legID: LegID, _ fundSerial: String, by actor: Organisation, at provenance: Provenance)
        throws(WorkflowError) -> [WorkflowEvent]
    {
        let (draftIndex, leg) = try requireLeg(legID)
        guard leg.payerID == actor.id else { throw .actingOrganisationMismatch(expected: leg.payerID) }
        try requireOpen(drafts[draftIndex], for: leg)
        guard leg.status == .pending else { throw .wrongLegStatus(legID: legID.description, status: leg.status) }
        guard FundSerialNumber.isWellFormed(fundSerial) else { throw .invalidFields([FieldProblem(.fundSerial, .malformed)]) }
        guard fundSerialOwners[fundSerial] == nil else { throw .fundSerialAlreadyUsed(fundSerial) }
        if case .stage(let stageIndex) = leg.purpose {
            let project = projects[projectIndex[drafts[draftIndex].projectID]!]
            guard project.stages[stageIndex].released else { throw .stageNotReleased(projectID: project.id, stageIndex: stageIndex) }
        }
        let held = drafts[draftIndex].holding(of: actor.id)
        guard held >= leg.amountFen else { throw .insufficientHolding(organisationID: actor.id, heldFen: held, neededFen: leg.amountFen) }

        drafts[draftIndex].legs[legID.index].status = .paid
        drafts[draftIndex].legs[legID.index].fundSerial = fundSerial
        drafts[draftIndex].legs[legID.index].history.append(
            LegEntry(action: .paid, actorID: actor.id, fundSerial: fundSerial, provenance: provenance))
        fundSerialOwners[fundSerial] = legID
        reconciliation.addLegPayment(legID, fundSerial: fundSerial, at: provenance.time)
        var events: [WorkflowEvent] = [.legPaid(legID, fundSerial: fundSerial)]
        events += reconciliation.reclassify(
            serial: fundSerial, activeLeg: drafts[draftIndex].legs[legID.index], now: provenance.time,
            graceSeconds: settings.reconciliationGraceSeconds)
        refreshPayability(draftIndex: draftIndex, at: provenance.time)
        return events
    }

    mutating func confirmReceipt(_ legID: LegID, by actor: Organisation, at provenance: Provenance) throws(WorkflowError) -> [WorkflowEvent] {
        let (draftIndex, leg) = try requireLeg(legID)
        guard leg.payeeID == actor.id else { throw .actingOrganisationMismatch(expected: leg.payeeID) }
        try requireOpen(drafts[draftIndex], for: leg)
        guard leg.status == .paid else { throw .wrongLegStatus(legID: legID.description, status: leg.status) }
        drafts[draftIndex].legs[legID.index].status = .confirmed
        drafts[draftIndex].legs[legID.index].history.append(LegEntry(action: .confirmed, actorID: actor.id, provenance: provenance))
        return [.legConfirmed(legID)] + completeDraftIfDone(draftIndex: draftIndex)
    }

    /// The payer reverses its own payment before the payee confirms; the provincial office may
    /// reverse a confirmed one. The payee must still hold the amount (reverse onward legs first).
    mutating func reversePayment(_ legID: LegID, _ reason: String, by actor: Organisation, at provenance: Provenance)
        throws(WorkflowError) -> [WorkflowEvent]
    {
        let (draftIndex, leg) = try requireLeg(legID)
        let isAuthority = actor.kind == .provincialOffice
        guard isAuthority || leg.payerID == actor.id else { throw .actingOrganisationMismatch(expected: leg.payerID) }
        try requireOpen(drafts[draftIndex], for: leg)
        let reversible: [LegStatus] = isAuthority ? [.paid, .confirmed] : [.paid]
        guard reversible.contains(leg.status) else { throw .wrongLegStatus(legID: legID.description, status: leg.status) }
        try requireText(reason, .reason)
        let held = drafts[draftIndex].holding(of: leg.payeeID)
        guard held >= leg.amountFen else { throw .insufficientHolding(organisationID: leg.payeeID, heldFen: held, neededFen: leg.amountFen) }
        let serial = leg.fundSerial!

        drafts[draftIndex].legs[legID.index].status = .pending
        drafts[draftIndex].legs[legID.index].fundSerial = nil
        drafts[draftIndex].legs[legID.index].history.append(
            LegEntry(action: .reversed, actorID: actor.id, fundSerial: serial, reason: reason, provenance: provenance))
        var events: [WorkflowEvent] = [.legReversed(legID)]
        events += reconciliation.reverseLegPayment(legID, at: provenance.time)
        events += reconciliation.reclassify(serial: serial, activeLeg: nil, now: provenance.time, graceSeconds: settings.reconciliationGraceSeconds)
        refreshPayability(draftIndex: draftIndex, at: provenance.time)
        return events
    }

    /// Cancels an active draft: pending legs are released, and every holder other than the
    /// funders refunds what it holds to the funders by new legs, so each funder is paid back
    /// exactly what it paid in. Refunds go directly to the funders (not back along the chain of
    /// holders), filled in funder order, holders taken in order of first appearance.
    mutating func cancelDraft(_ number: String, _ reason: String, by actor: Organisation, at provenance: Provenance)
        throws(WorkflowError) -> [WorkflowEvent]
    {
        guard let draftIndex = draftIndex[number] else { throw .unknownDraft(number) }
        let draft = drafts[draftIndex]
        guard draft.status == .active else { throw .draftNotActive(draftNumber: number, status: draft.status) }
        try requireText(reason, .reason)
        let refunds = refundPlan(for: draft)
        guard draft.legs.count + refunds.count <= DigitalDraft.legsMax else { throw .legLimitReached(draftNumber: number) }

        var events: [WorkflowEvent] = []
        for index in draft.legs.indices where draft.legs[index].status == .pending {
            drafts[draftIndex].legs[index].status = .cancelled
            drafts[draftIndex].legs[index].history.append(LegEntry(action: .cancelled, actorID: actor.id, reason: reason, provenance: provenance))
            events.append(.legCancelled(draft.legs[index].id))
        }
        for refund in refunds {
            let payer = organisation(refund.from)!
            let payee = organisation(refund.to)!
            events += drafts[draftIndex].appendLeg(.refund, payer: payer, payee: payee, payeeAccount: payee.accountNumber,
                                                   amountFen: refund.amount, provenance: provenance)
        }
        drafts[draftIndex].status = .cancelled
        drafts[draftIndex].cancellationReason = reason
        let projectIndex = projectIndex[draft.projectID]!
        projects[projectIndex].status = .cancelled
        projects[projectIndex].history.append(ProjectEntry(.cancelled, actorID: actor.id, text: reason, provenance: provenance))
        refreshPayability(draftIndex: draftIndex, at: provenance.time)
        return events + [.draftCancelled(draftNumber: number)]
    }

    /// The refund legs that return every non-funder's holding to the funders.
    private func refundPlan(for draft: DigitalDraft) -> [(from: String, to: String, amount: Fen)] {
        var owed: [(id: String, amount: Int64)] = []
        for leg in draft.legs where draft.isSource(leg) && leg.status.hasMoved {
            if let index = owed.firstIndex(where: { $0.id == leg.payerID }) {
                owed[index].amount += leg.amountFen.value
            } else {
                owed.append((leg.payerID, leg.amountFen.value))
            }
        }
        // Every funder keeps what it holds (its unpaid share); only the others refund.
        let funders = draft.legs.filter { draft.isSource($0) }.map(\.payerID)
        var refunds: [(from: String, to: String, amount: Fen)] = []
        var funderCursor = 0
        for holding in draft.holdings() where !funders.contains(holding.organisationID) {
            var remaining = holding.amountFen.value
            while remaining > 0 {
                let take = min(remaining, owed[funderCursor].amount)
                refunds.append((holding.organisationID, owed[funderCursor].id, Fen(take)))
                remaining -= take
                owed[funderCursor].amount -= take
                if owed[funderCursor].amount == 0 { funderCursor += 1 }
            }
        }
        precondition(owed.allSatisfy { $0.amount == 0 }, "refunds do not return every funder's money")
        return refunds
    }

    func requireLeg(_ legID: LegID) throws(WorkflowError) -> (draftIndex: Int, leg: Leg) {
        guard let draftIndex = draftIndex[legID.draftNumber] else { throw .unknownDraft(legID.draftNumber) }
        guard drafts[draftIndex].legs.indices.contains(legID.index) else { throw .unknownLeg(legID.description) }
        return (draftIndex, drafts[draftIndex].legs[legID.index])
    }

    /// Legs move only on active drafts, except refunds, which move on cancelled ones.
    private func requireOpen(_ draft: DigitalDraft, for leg: Leg) throws(WorkflowError) {
        let open = draft.status == .active || (draft.status == .cancelled && leg.purpose == .refund)
        guard open else { throw .draftNotActive(draftNumber: draft.number, status: draft.status) }
    }

    /// Marks an active draft completed once every leg that was not cancelled is confirmed and the
    /// implementing unit holds all of A.
    mutating func completeDraftIfDone(draftIndex: Int) -> [WorkflowEvent] {
        let draft = drafts[draftIndex]
        guard draft.status == .active else { return [] }
        guard draft.legs.allSatisfy({ $0.status == .confirmed || $0.status == .cancelled }) else { return [] }
        let project = projects[projectIndex[draft.projectID]!]
        guard draft.holding(of: project.application.implementingUnitID) == draft.amountFen else { return [] }
        drafts[draftIndex].status = .completed
        return [.draftCompleted(draftNumber: draft.number)]
    }

    /// Updates when each pending leg became payable: its payer holds the amount, and for a stage
    /// leg the stage is released. A leg that stops being payable loses its stall mark.
    mutating func refreshPayability(draftIndex: Int, at time: Timestamp) {
        let draft = drafts[draftIndex]
        let project = projects[projectIndex[draft.projectID]!]
        let holdings = draft.holdings()
        for index in draft.legs.indices {
            let leg = draft.legs[index]
            var payable = leg.status == .pending
            payable = payable && (draft.status == .active || (draft.status == .cancelled && leg.purpose == .refund))
            payable = payable && (holdings.first { $0.organisationID == leg.payerID }?.amountFen ?? .zero) >= leg.amountFen
            if case .stage(let stageIndex) = leg.purpose { payable = payable && project.stages[stageIndex].released }
            if payable, leg.payableSince == nil {
                drafts[draftIndex].legs[index].payableSince = time
            } else if !payable {
                drafts[draftIndex].legs[index].payableSince = nil
                drafts[draftIndex].legs[index].stalledSince = nil
            }
        }
    }

    /// Marks legs that have been payable longer than the stall limit.
    mutating func markStalledLegs(draftIndex: Int, at provenance: Provenance) -> [WorkflowEvent] {
        var events: [WorkflowEvent] = []
        for index in drafts[draftIndex].legs.indices {
            let leg = drafts[draftIndex].legs[index]
            guard leg.status == .pending, leg.stalledSince == nil, let since = leg.payableSince else { continue }
            guard provenance.time.seconds(since: since) >= settings.stallLimitSeconds else { continue }
            drafts[draftIndex].legs[index].stalledSince = provenance.time
            drafts[draftIndex].legs[index].history.append(LegEntry(action: .stalled, actorID: "", provenance: provenance))
            events.append(.legStalled(leg.id))
        }
        return events
    }
}

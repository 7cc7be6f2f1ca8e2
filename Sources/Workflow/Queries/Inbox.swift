/// One thing waiting for an organisation, for its inbox screen.
public struct InboxItem: Hashable, Sendable {
    /// What is waiting.
    public enum Kind: Int, Hashable, Sendable, Comparable {
        /// Provincial office: an application to approve, reject or return.
        case decideApplication = 0
        /// County HQ: an application returned for revision.
        case reviseApplication
        /// A payer: a leg it can pay now.
        case payLeg
        /// A payee: a paid leg to confirm.
        case confirmReceipt
        /// County HQ: a completed stage awaiting its opinion.
        case giveOpinion
        /// Implementing unit: a released stage to build and complete.
        case completeStage
        /// Provincial office, auditor, the bank: an open reconciliation exception.
        case resolveDifference
        /// Provincial office, auditor: money stalled at a holder.
        case stalledLeg

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// What is waiting.
    public let kind: Kind
    /// The project concerned.
    public let projectID: String?
    /// The leg concerned.
    public let legID: LegID?
    /// The stage concerned.
    public let stageIndex: Int?
    /// The reconciliation item concerned.
    public let reconciliationItemID: Int?
    /// The amount at stake.
    public let amountFen: Fen?
    /// Since when it has been waiting.
    public let since: Timestamp?
}

extension WorkflowState {
    /// Everything waiting for `organisationID`, grouped by kind in the order of `InboxItem.Kind`.
    public func inbox(for organisationID: String) -> [InboxItem] {
        guard let me = organisation(organisationID) else { return [] }
        var items: [InboxItem] = []
        items += applicationItems(for: me)
        items += legItems(for: me)
        items += stageItems(for: me)
        if [.provincialOffice, .auditor, .commercialBank].contains(me.kind) {
            for item in reconciliation.items where item.isOpenException {
                items.append(InboxItem(kind: .resolveDifference, projectID: nil, legID: nil, stageIndex: nil,
                                       reconciliationItemID: item.id, amountFen: amount(of: item), since: item.outcomeSince))
            }
        }
        if [.provincialOffice, .auditor].contains(me.kind) {
            for leg in stalledLegs() {
                items.append(InboxItem(kind: .stalledLeg, projectID: draft(leg.id.draftNumber)?.projectID, legID: leg.id,
                                       stageIndex: nil, reconciliationItemID: nil, amountFen: leg.amountFen, since: leg.stalledSince))
            }
        }
        // Grouped by kind; within a kind, in chain order (the index breaks ties, so the sort is stable).
        return items.enumerated().sorted { ($0.element.kind, $0.offset) < ($1.element.kind, $1.offset) }.map(\.element)
    }

    /// Pending legs that have waited at their payer beyond the stall limit, oldest first.
    public func stalledLegs() -> [Leg] {
        drafts.flatMap { $0.legs.filter { $0.status == .pending && $0.stalledSince != nil } }
            .sorted { ($0.payableSince!, $0.id) < ($1.payableSince!, $1.id) }
    }

    /// Drafts in which `organisationID` pays or receives, in issue order.
    public func drafts(involving organisationID: String) -> [DigitalDraft] {
        drafts.filter { $0.legs.contains { $0.payerID == organisationID || $0.payeeID == organisationID } }
    }

    /// The amount a reconciliation item is about.
    public func amount(of item: ReconciliationItem) -> Fen? {
        switch item.subject {
        case .leg(let legID): leg(legID)?.amountFen
        case .bankRecord(let recordID): reconciliation.records[recordID].record.amountFen
        }
    }

    private func applicationItems(for me: Organisation) -> [InboxItem] {
        projects.compactMap { project in
            let waiting = (me.kind == .provincialOffice && project.status == .submitted)
                || (project.filedByID == me.id && project.status == .returned)
            guard waiting else { return nil }
            return InboxItem(kind: project.status == .submitted ? .decideApplication : .reviseApplication, projectID: project.id,
                             legID: nil, stageIndex: nil, reconciliationItemID: nil, amountFen: project.application.budgetFen,
                             since: project.history.last?.provenance.time)
        }
    }

    private func legItems(for me: Organisation) -> [InboxItem] {
        var items: [InboxItem] = []
        for draft in drafts {
            for leg in draft.legs {
                if leg.payerID == me.id, leg.status == .pending, let since = leg.payableSince {
                    items.append(InboxItem(kind: .payLeg, projectID: draft.projectID, legID: leg.id, stageIndex: nil,
                                           reconciliationItemID: nil, amountFen: leg.amountFen, since: since))
                }
                if leg.payeeID == me.id, leg.status == .paid {
                    items.append(InboxItem(kind: .confirmReceipt, projectID: draft.projectID, legID: leg.id, stageIndex: nil,
                                           reconciliationItemID: nil, amountFen: leg.amountFen, since: leg.paidAt?.time))
                }
            }
        }
        return items
    }

    private func stageItems(for me: Organisation) -> [InboxItem] {
        var items: [InboxItem] = []
        for project in projects where project.status == .approved {
            for (index, stage) in project.currentStages {
                let awaitingOpinion = project.filedByID == me.id && stage.completionNote != nil && !hasReleased(project, after: index)
                let toBuild = project.application.implementingUnitID == me.id && stage.released && stage.completionNote == nil
                guard awaitingOpinion || toBuild else { continue }
                items.append(InboxItem(kind: awaitingOpinion ? .giveOpinion : .completeStage, projectID: project.id, legID: nil,
                                       stageIndex: index, reconciliationItemID: nil, amountFen: stage.plan.amountFen,
                                       since: project.history.last?.provenance.time))
            }
        }
        return items
    }

    /// Whether the HQ already released what follows `stageIndex` (the next stage, or acceptance).
    private func hasReleased(_ project: Project, after stageIndex: Int) -> Bool {
        if let next = project.nextCurrentStage(after: stageIndex) { return project.stages[next].released }
        return project.status == .completed
    }
}

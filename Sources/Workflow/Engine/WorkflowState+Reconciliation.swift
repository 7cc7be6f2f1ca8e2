/// Reconciliation commands: a bank publishes a statement's records; the provincial office
/// resolves a difference with an explanation.
extension WorkflowState {
    /// Publishes the records of one statement, or of one part of it. A statement's hash is
    /// claimed once, by its first part; later parts must follow in order with the same account
    /// and part count. A record identical to one already published (overlapping statements) is
    /// skipped; every record must belong to the statement's account. Each part is all-or-nothing.
    mutating func publishBankRecords(_ statementHash: String, _ accountNumber: String, _ part: StatementPart, _ records: [BankRecord],
                                     by actor: Organisation, at provenance: Provenance) throws(WorkflowError) -> [WorkflowEvent]
    {
        guard Self.isSHA256Hex(statementHash), part.isValid else { throw .invalidFields([FieldProblem(.bankRecords, .malformed)]) }
        guard AccountNumber.normalise(accountNumber) == accountNumber else { throw .malformedAccountNumber(accountNumber) }
        try requireNextPart(part, of: statementHash, account: accountNumber)
        guard (1...WorkflowCommand.bankRecordsPerCommandMax).contains(records.count) else {
            throw .invalidFields([FieldProblem(.bankRecords, .countOutOfRange(minimum: 1, maximum: WorkflowCommand.bankRecordsPerCommandMax))])
        }
        for (index, record) in records.enumerated() {
            guard record.accountNumber == accountNumber else { throw .bankRecordOutsideStatement(index: index) }
            guard Self.isWellFormed(record) else { throw .malformedBankRecord(index: index) }
        }
        reconciliation.recordPart(part, of: statementHash, account: accountNumber)
        var accepted = 0
        var touchedSerials: [String] = []
        var touchedSet: Set<String> = []
        var events: [WorkflowEvent] = []
        for record in records {
            guard let recordID = reconciliation.addRecord(record, publisherID: actor.id, statementHash: statementHash, at: provenance) else {
                continue
            }
            accepted += 1
            if let serial = record.fundSerial {
                if touchedSet.insert(serial).inserted { touchedSerials.append(serial) }
            } else {
                let item = reconciliation.item(forRecord: recordID)!
                events.append(.reconciliationChanged(itemID: item.id, outcome: item.outcome))
            }
        }
        for serial in touchedSerials {
            events += reconciliation.reclassify(
                serial: serial, activeLeg: activeLeg(paidWith: serial), now: provenance.time, graceSeconds: settings.reconciliationGraceSeconds)
        }
        return [.bankRecordsPublished(accepted: accepted, alreadyKnown: records.count - accepted)] + events
    }

    /// Part 0 of a statement not seen before, or the next part of a pending one.
    private func requireNextPart(_ part: StatementPart, of hash: String, account: String) throws(WorkflowError) {
        if let pending = reconciliation.pendingStatement(hash) {
            guard pending.accountNumber == account, pending.count == part.count, pending.nextIndex == part.index else {
                throw .statementPartOutOfOrder(statementHash: hash, expectedPart: pending.nextIndex)
            }
            return
        }
        guard !reconciliation.hasStatement(hash) else { throw .statementAlreadyImported(hash) }
        guard part.index == 0 else { throw .statementPartOutOfOrder(statementHash: hash, expectedPart: 0) }
    }

    mutating func resolveDifference(_ itemID: Int, _ explanation: String, by actor: Organisation, at provenance: Provenance)
        throws(WorkflowError) -> [WorkflowEvent]
    {
        guard reconciliation.items.indices.contains(itemID) else { throw .unknownReconciliationItem(itemID) }
        guard reconciliation.items[itemID].isOpenException else { throw .reconciliationItemNotOpen(itemID) }
        try requireText(explanation, .explanation)
        reconciliation.resolve(itemID, Resolution(resolverID: actor.id, explanation: explanation, provenance: provenance))
        return [.differenceResolved(itemID: itemID)]
    }

    /// The leg currently paid (or confirmed) with this fund serial, if any.
    func activeLeg(paidWith serial: String) -> Leg? {
        guard let owner = fundSerialOwners[serial], let leg = leg(owner), leg.status.hasMoved, leg.fundSerial == serial else { return nil }
        return leg
    }

    private static func isWellFormed(_ record: BankRecord) -> Bool {
        let texts = [record.bankSerial, record.accountNumber, record.counterpartyAccount, record.counterpartyName, record.summary, record.remark]
        guard texts.allSatisfy({ $0.utf8.count <= BankRecord.textBytesMax }) else { return false }
        guard !record.bankSerial.trimmingWhitespace.isEmpty else { return false }
        guard record.amountFen.value > 0, record.amountFen.isValidAmount else { return false }
        guard record.counterpartyAccount.isEmpty || AccountNumber.normalise(record.counterpartyAccount) == record.counterpartyAccount else {
            return false
        }
        return record.fundSerial.map(FundSerialNumber.isWellFormed) ?? true
    }
}

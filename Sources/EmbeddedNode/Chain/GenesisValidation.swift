import Canonical
import Foundation
import Workflow

extension Genesis {
    /// Validates a genesis file, collecting every problem with its path; nothing is accepted
    /// unless all of it is valid.
    public init(file: GenesisFile) throws(GenesisError) {
        var problems: [String] = []
        if file.format != "fundchain-genesis" { problems.append("format: must be \"fundchain-genesis\"") }
        if file.version != 1 { problems.append("version: \(file.version) is not supported (this build reads 1)") }
        if !Self.isWellFormedChainID(file.chainID) { problems.append("chainID: 1-64 of a-z, 0-9 and -") }
        let suiteID = CryptoSuiteID(rawValue: file.cryptoSuite)
        if suiteID == nil { problems.append("cryptoSuite: must be p256-sha256 or sm2-sm3") }
        let timeMs = Self.parseUTC(file.genesisTime)
        if timeMs == nil { problems.append("genesisTime: ISO 8601 UTC such as 2026-11-21T00:00:00Z") }
        var organisations = Self.organisations(file.organisations, suite: suiteID ?? .p256SHA256, problems: &problems)
        let network = Self.network(file, problems: &problems)
        let settings = Self.workflowSettings(file.workflow, problems: &problems)
        let consensus = file.consensus ?? ConsensusSettings()
        if let problem = consensus.problem() { problems.append(problem) }
        if organisations.filter(\.isValidator).isEmpty { problems.append("organisations: at least one must be a validator") }
        if organisations.filter(\.isValidator).count > BlockHeader.validatorsMax {
            problems.append("organisations: at most \(BlockHeader.validatorsMax) validators")
        }
        guard problems.isEmpty, let suiteID, let timeMs else { throw .problems(problems) }
        // Without problems every entry became an organisation, so indices match.
        precondition(organisations.count == file.organisations.count, "one organisation per entry")
        for (index, key) in network.nodeKeys { organisations[index].nodeKey = key }
        self.init(chainID: file.chainID, suiteID: suiteID, genesisTimeMs: timeMs, organisations: organisations,
                  workflowSettings: settings, consensus: consensus, caCertificateDER: network.caDER)
    }

    private static func organisations(_ entries: [GenesisFile.OrganisationEntry], suite: CryptoSuiteID, problems: inout [String]) -> [GenesisOrganisation] {
        var result: [GenesisOrganisation] = []
        var seen: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let path = "organisations[\(index)]"
            guard let kind = OrgKind(identifier: entry.kind) else {
                problems.append("\(path).kind: \"\(entry.kind)\" is not one of \(OrgKind.allCases.map(\.identifier).joined(separator: ", "))")
                continue
            }
            let organisation = Organisation(id: entry.id, kind: kind, name: entry.name, accountNumber: entry.accountNumber, county: entry.county ?? "")
            for problem in organisation.validate() { problems.append("\(path): \(problem.message(.english))") }
            if !seen.insert(entry.id).inserted { problems.append("\(path).id: \"\(entry.id)\" is listed twice") }
            guard let raw = Hex.decode(entry.publicKey) else {
                problems.append("\(path).publicKey: not hex")
                continue
            }
            do {
                let key = try PublicKey(suite: suite, rawBytes: raw)
                result.append(GenesisOrganisation(organisation: organisation, publicKey: key, isValidator: entry.validator ?? false))
            } catch {
                problems.append("\(path).publicKey: \(error)")
            }
        }
        return result
    }

    private static func workflowSettings(_ entry: GenesisFile.WorkflowEntry?, problems: inout [String]) -> WorkflowSettings {
        var settings = WorkflowSettings()
        guard let entry else { return settings }
        if let value = entry.budgetMaxFen { settings.budgetMaxFen = Fen(value) }
        if let value = entry.reconciliationGraceSeconds { settings.reconciliationGraceSeconds = value }
        if let value = entry.stallLimitSeconds { settings.stallLimitSeconds = value }
        if let types = entry.projectTypes {
            settings.projectTypes = types.map { ProjectType(code: $0.code, nameChinese: $0.zh, nameEnglish: $0.en) }
        }
        if let table = entry.trancheTable {
            var rules: [TrancheRule] = []
            for (index, rule) in table.rules.enumerated() {
                let path = "workflow.trancheTable.rules[\(index)]"
                guard let payer = OrgKind(identifier: rule.payer), let payee = OrgKind(identifier: rule.payee) else {
                    problems.append("\(path): payer and payee must be organisation kinds")
                    continue
                }
                switch (rule.basisPoints, rule.sumOf) {
                case (let points?, nil): rules.append(TrancheRule(id: rule.id, payer: payer, payee: payee, share: .basisPoints(points)))
                case (nil, let inputs?): rules.append(TrancheRule(id: rule.id, payer: payer, payee: payee, share: .sumOf(inputs)))
                default: problems.append("\(path): exactly one of basisPoints and sumOf")
                }
            }
            guard let finalHolder = OrgKind(identifier: table.finalHolder) else {
                problems.append("workflow.trancheTable.finalHolder: not an organisation kind")
                return settings
            }
            settings.trancheTable = TrancheTable(rules: rules, finalHolder: finalHolder)
        }
        problems += settings.validate().map { "workflow: \($0)" }
        return settings
    }

    static func isWellFormedChainID(_ text: String) -> Bool {
        (1...64).contains(text.count) && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Milliseconds since the epoch for "YYYY-MM-DDTHH:MM:SSZ".
    static func parseUTC(_ text: String) -> Int64? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, parts[1].hasSuffix("Z"), let date = CalendarDate(parsing: String(parts[0])) else { return nil }
        let clock = parts[1].dropLast().split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3,
              let time = Timestamp(date: date, hour: clock[0], minute: clock[1], second: clock[2], utcOffsetMinutes: 0) else { return nil }
        return time.millisecondsSinceEpoch
    }
}

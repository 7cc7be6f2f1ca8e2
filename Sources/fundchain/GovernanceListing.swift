import EmbeddedNode
import Workflow

/// `gov_state` as lines for people: the set in force with its quorum, scheduled sets, then one
/// line per proposal (number, status, approvals, change).
enum GovernanceListing {
    static func lines(_ state: JSONValue, language l: Language) -> [String] {
        var lines: [String] = []
        let height = state["height"]?.int64Value ?? 0
        let inForce = state["inForce"]
        let ids = inForce?["validators"]?.arrayValue?.compactMap { $0["validatorID"]?.stringValue } ?? []
        let quorum = inForce?["quorum"]?.int64Value ?? 0
        lines.append(l.pick("高度 \(height) 之后生效的验证节点（\(ids.count) 个，法定人数 \(quorum)）：", "Validators in force after height \(height) (\(ids.count), quorum \(quorum)):"))
        lines.append("  " + ids.joined(separator: ", "))
        for epoch in state["scheduled"]?.arrayValue ?? [] {
            let scheduled = epoch["validators"]?.arrayValue?.compactMap { $0["validatorID"]?.stringValue } ?? []
            let from = epoch["fromHeight"]?.int64Value ?? 0
            lines.append(l.pick("自高度 \(from) 起：", "From height \(from): ") + scheduled.joined(separator: ", "))
        }
        let proposals = state["proposals"]?.arrayValue ?? []
        lines.append(proposals.isEmpty ? l.pick("没有提案", "No proposals") : l.pick("提案：", "Proposals:"))
        for proposal in proposals {
            let id = proposal["proposalID"]?.stringValue ?? "?"
            let status = proposal["status"]?.stringValue ?? "?"
            let statusText = switch status {
            case "open": l.pick("待批准", "open")
            case "applied": l.pick("已生效（自高度 \(proposal["activationHeight"]?.int64Value ?? 0)）", "applied (from height \(proposal["activationHeight"]?.int64Value ?? 0))")
            default: l.pick("已过期", "expired")
            }
            let approvals = proposal["approvals"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let summary = proposal["change"]?[l == .chinese ? "summaryZh" : "summary"]?.stringValue ?? ""
            lines.append("  #\(id)  \(statusText)  \(summary)  " + l.pick("批准：", "approved by: ") + approvals.joined(separator: ", "))
        }
        return lines
    }
}

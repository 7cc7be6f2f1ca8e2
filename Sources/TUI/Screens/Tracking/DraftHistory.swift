import LedgerClient
import Workflow

/// A draft's story, oldest first: its project's entries and its legs' entries, each with the
/// time (China Standard Time), the block height and the transaction's hash. Legs created
/// with the draft are not repeated; later ones (revised plans, refunds) are.
public enum DraftHistory {
    /// One line of the history.
    public struct Line: Sendable, Equatable {
        /// Where on chain.
        public let provenance: Provenance
        /// What happened, in words.
        public let text: Bilingual
    }

    /// The lines for `draft` and its `project`, by height (stable within a block).
    public static func lines(draft: DigitalDraft, project: Project?, consortium: Consortium) -> [Line] {
        var lines: [Line] = []
        for entry in project?.history ?? [] { lines.append(Line(provenance: entry.provenance, text: text(entry, consortium))) }
        for leg in draft.legs {
            for entry in leg.history where entry.action != .created || entry.provenance.height != draft.issuedAt.height {
                lines.append(Line(provenance: entry.provenance, text: text(entry, leg: leg, consortium)))
            }
        }
        return lines.enumerated().sorted { ($0.element.provenance.height, $0.offset) < ($1.element.provenance.height, $1.offset) }.map(\.element)
    }

    /// A project entry in words.
    static func text(_ entry: ProjectEntry, _ consortium: Consortium) -> Bilingual {
        let who = consortium.name(of: entry.actorID)
        let note = entry.text.map { "：\($0)" } ?? ""
        let noteEnglish = entry.text.map { ": \($0)" } ?? ""
        let stage = (entry.stageIndex ?? 0) + 1
        switch entry.action {
        case .filed: return Bilingual("\(who) 提交申请", "\(who) filed the application")
        case .resubmitted: return Bilingual("\(who) 修改后重新提交", "\(who) resubmitted")
        case .approved: return Bilingual("\(who) 批准并签发汇票 \(entry.text ?? "")", "\(who) approved and issued draft \(entry.text ?? "")")
        case .rejected: return Bilingual("\(who) 不予批准\(note)", "\(who) rejected\(noteEnglish)")
        case .returned: return Bilingual("\(who) 退回修改\(note)", "\(who) returned it\(noteEnglish)")
        case .progress: return Bilingual("\(who) 上报进度 \(entry.percent ?? 0)%\(note)", "\(who) posted \(entry.percent ?? 0)%\(noteEnglish)")
        case .stageCompleted: return Bilingual("\(who) 报告第 \(stage) 阶段完工\(note)", "\(who) completed stage \(stage)\(noteEnglish)")
        case .opinionRelease: return Bilingual("\(who) 同意放行（第 \(stage) 阶段之后）\(note)", "\(who) released after stage \(stage)\(noteEnglish)")
        case .opinionHold: return Bilingual("\(who) 暂缓放行（第 \(stage) 阶段之后）\(note)", "\(who) held after stage \(stage)\(noteEnglish)")
        case .planRevised: return Bilingual("\(who) 修订资金计划", "\(who) revised the plan")
        case .cancelled: return Bilingual("\(who) 撤销汇票\(note)", "\(who) cancelled the draft\(noteEnglish)")
        }
    }

    /// A leg entry in words.
    static func text(_ entry: LegEntry, leg: Leg, _ consortium: Consortium) -> Bilingual {
        let figures = leg.amountFen.yuanTextWithSymbol
        let number = leg.id.index + 1
        let payer = consortium.name(of: leg.payerID), payee = consortium.name(of: leg.payeeID)
        let reason = entry.reason.map { "：\($0)" } ?? "", reasonEnglish = entry.reason.map { ": \($0)" } ?? ""
        switch entry.action {
        case .created: return Bilingual("新增第 \(number) 笔 \(payer) -> \(payee) \(figures)", "leg \(number) added: \(payer) -> \(payee) \(figures)")
        case .paid:
            let serial = entry.fundSerial ?? ""
            return Bilingual("\(payer) 拨付第 \(number) 笔 \(figures) 流水号 \(serial)", "\(payer) paid leg \(number), \(figures), serial \(serial)")
        case .confirmed: return Bilingual("\(payee) 确认第 \(number) 笔到账 \(figures)", "\(payee) confirmed leg \(number), \(figures)")
        case .reversed:
            let who = consortium.name(of: entry.actorID)
            return Bilingual("\(who) 冲正第 \(number) 笔 \(figures)\(reason)", "\(who) reversed leg \(number), \(figures)\(reasonEnglish)")
        case .cancelled: return Bilingual("第 \(number) 笔取消\(reason)", "leg \(number) cancelled\(reasonEnglish)")
        case .stalled: return Bilingual("第 \(number) 笔滞留：\(payer) 超过期限未付 \(figures)", "leg \(number) STALLED: \(payer) has not paid \(figures) in time")
        }
    }

    /// "2026-11-18 16:41" in China Standard Time.
    public static func timeText(_ time: Timestamp) -> String {
        let iso = time.isoText(utcOffsetMinutes: Timestamp.chinaStandardTimeOffsetMinutes)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5))
    }

    /// A line as a row: time, height, the transaction hash's first 6 and last 4 hex digits,
    /// what happened.
    public static func row(_ line: Line, _ l: Language) -> String {
        let hex = line.provenance.transactionHashHex
        let hash = hex.isEmpty ? DisplayWidth.pad("-", toColumns: 11) : String(hex.prefix(6)) + "…" + String(hex.suffix(4))
        return timeText(line.provenance.time) + "  " + DisplayWidth.pad("#\(line.provenance.height)", toColumns: 6) + hash + "  " + line.text(l)
    }
}

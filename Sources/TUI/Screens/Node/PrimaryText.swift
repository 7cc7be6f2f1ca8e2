import EmbeddedNode
import Workflow

/// How the node screens write credit scores, draw chances and selection methods.
enum PrimaryText {
    /// A fixed-point score as a decimal with four places ("0.7500").
    static func score(_ fixedPoint: Int64) -> String {
        let scale = CreditScoreSettings.scale
        let tenThousandths = fixedPoint * 10_000 / scale
        let fraction = String(tenThousandths % 10_000)
        return "\(tenThousandths / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }

    /// Parts per million as a percentage with one place ("25.0%").
    static func percent(ppm: Int64) -> String {
        let tenths = ppm / 1_000
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// How a view's primary was chosen, in words.
    static func method(_ explanation: PrimaryExplanation, _ language: Language) -> String {
        let l = language
        let n = explanation.table.entries.count
        switch explanation.method {
        case .roulette:
            let total = explanation.candidates.last?.cumulativeScore ?? 0
            return l.pick("按信用分抽签 r = \(score(explanation.draw ?? 0)) / \(score(total))",
                          "roulette on scores, r = \(score(explanation.draw ?? 0)) of \(score(total))")
        case .rotationFromViewLimit:
            return l.pick("视图已达 f+1，轮换（高度+视图）mod \(n)", "view reached f+1: rotation (height + view) mod \(n)")
        case .rotationNoCandidateLeft:
            return l.pick("无候选可抽，轮换（高度+视图）mod \(n)", "nobody left to draw: rotation (height + view) mod \(n)")
        case .rotationDrawExhausted:
            return l.pick("抽签无结果，轮换（高度+视图）mod \(n)", "no unbiased draw: rotation (height + view) mod \(n)")
        }
    }
}

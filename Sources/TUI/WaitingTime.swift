import Workflow

/// How long something has waited, short enough for a table column: "<1时"/"<1h",
/// "5时"/"5h", "12天"/"12d".
public enum WaitingTime {
    /// The text for `from` to `to` (a negative span reads as "<1h").
    public static func text(from: Timestamp, to: Timestamp, _ l: Language) -> String {
        let seconds = to.seconds(since: from)
        if seconds < 3_600 { return l.pick("<1时", "<1h") }
        if seconds < 86_400 { return l.pick("\(seconds / 3_600)时", "\(seconds / 3_600)h") }
        return l.pick("\(seconds / 86_400)天", "\(seconds / 86_400)d")
    }
}

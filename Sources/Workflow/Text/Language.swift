/// The language in which FundChain speaks to a person. Execution never produces text; it
/// produces typed codes, and these are rendered in a `Language` at the edge.
public enum Language: String, Sendable, CaseIterable {
    /// Simplified Chinese, the default when the locale is zh_*.
    case chinese = "zh"
    /// English.
    case english = "en"

    /// Chooses the language as the terminal conventions say: an explicit choice wins; then
    /// LANGUAGE; then the first non-empty of LC_ALL, LC_MESSAGES, LANG. A value starting with
    /// "zh" means Chinese, anything else English. Installed locales do not matter.
    public static func resolve(explicit: String?, environment: [String: String]) -> Language {
        if let explicit, !explicit.isEmpty {
            return explicit.lowercased().hasPrefix("zh") ? .chinese : .english
        }
        for name in ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .chinese : .english
        }
        return .english
    }

    /// Picks the Chinese or the English text.
    public func pick(_ chinese: String, _ english: String) -> String {
        self == .chinese ? chinese : english
    }
}

import Workflow

/// One line of a key table: the keys, what they do, and how help describes it.
public struct KeyBinding<Action: Sendable>: Sendable {
    /// The keys that trigger the action (an F-key or Ctrl key first, then any letter: an input
    /// method in Chinese mode swallows letters).
    public let keys: [Key]
    /// What the screen does.
    public let action: Action
    /// What help and the key-hint bar say.
    public let description: Bilingual
    /// Whether the key-hint bar shows it (help always does).
    public let isHinted: Bool

    /// Creates a binding.
    public init(_ keys: [Key], _ action: Action, _ description: Bilingual, hinted isHinted: Bool = true) {
        self.keys = keys
        self.action = action
        self.description = description
        self.isHinted = isHinted
    }
}

/// A key and its description, as help and the key-hint bar show them.
public struct KeyHelp: Hashable, Sendable {
    /// The keys' names joined by "/" ("F1/?").
    public let keys: String
    /// What they do.
    public let description: Bilingual
    /// Whether the key-hint bar shows it.
    public let isHinted: Bool

    /// The hint bar's text for `entries`: "F1/? 帮助  F10 退出".
    public static func hintBar(_ entries: [KeyHelp], _ language: Language) -> String {
        entries.filter(\.isHinted).map { "\($0.keys) \($0.description(language))" }.joined(separator: "  ")
    }
}

/// A screen's keys as data: dispatch and the F1/? help are both generated from it, so help
/// cannot drift from what the keys do.
public struct KeyTable<Action: Sendable>: Sendable {
    /// The bindings, in the order help lists them.
    public let bindings: [KeyBinding<Action>]

    /// Creates a table; the first binding of a key wins.
    public init(_ bindings: [KeyBinding<Action>]) { self.bindings = bindings }

    /// The action bound to `key`, if any.
    public func action(for key: Key) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    /// Help entries, one per binding.
    public var help: [KeyHelp] {
        bindings.map { KeyHelp(keys: $0.keys.map(\.label).joined(separator: "/"), description: $0.description, isHinted: $0.isHinted) }
    }
}

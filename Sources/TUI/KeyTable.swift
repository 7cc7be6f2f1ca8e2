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
    /// Whether it leaves the screen or the program (back, quit): the hint bar keeps it
    /// visible when it has to leave hints out.
    public var isWayOut: Bool = false

    /// The hint bar's text for `entries`: "F1/? 帮助  F10 退出". When it is wider than
    /// `columns`, hints are left out from the end, except the ways out (back, quit) and the
    /// last entry (the shell's F1 help, which lists every key), which always stay visible.
    public static func hintBar(_ entries: [KeyHelp], _ language: Language, columns: Int = .max) -> String {
        var hinted = entries.filter(\.isHinted)
        func text() -> String { hinted.map { "\($0.keys) \($0.description(language))" }.joined(separator: "  ") }
        while DisplayWidth.of(text()) > columns,
              let droppable = hinted.indices.dropLast().last(where: { !hinted[$0].isWayOut }) {
            hinted.remove(at: droppable)
        }
        return text()
    }
}

/// A screen's keys as data: dispatch and the F1/? help are both generated from it, so help
/// cannot drift from what the keys do. A keys file (`KeyMap`) may rebind its actions by name
/// ("inbox.refresh"); dispatch and help both follow the rebinding.
public struct KeyTable<Action: Sendable & Hashable>: Sendable {
    /// The table's name in a keys file ("inbox"); actions are named "inbox.refresh".
    public let scope: String
    /// The bindings as written in the code, before any keys file.
    public let defaults: [KeyBinding<Action>]

    /// Creates a table; the first binding of a key wins.
    public init(scope: String, _ bindings: [KeyBinding<Action>]) {
        self.scope = scope
        self.defaults = bindings
    }

    /// The bindings in effect: the defaults with the keys of `KeyMap.current` for the actions it
    /// rebinds, in the order help lists them.
    public var bindings: [KeyBinding<Action>] {
        let map = KeyMap.current
        return defaults.map { binding in
            guard let keys = map.keys(for: actionName(binding.action)) else { return binding }
            return KeyBinding(keys, binding.action, binding.description, hinted: binding.isHinted)
        }
    }

    /// The action's name in a keys file: "scope.case" ("inbox.refresh").
    public func actionName(_ action: Action) -> String { "\(scope).\(action)" }

    /// The action bound to `key`, if any.
    public func action(for key: Key) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    /// Help entries, one per binding.
    public var help: [KeyHelp] { help { _ in true } }

    /// Help entries for the actions `isIncluded` keeps.
    public func help(where isIncluded: (Action) -> Bool) -> [KeyHelp] {
        bindings.filter { isIncluded($0.action) }.map {
            KeyHelp(keys: $0.keys.map(\.label).joined(separator: "/"), description: $0.description, isHinted: $0.isHinted,
                    isWayOut: ["quit", "back", "cancel"].contains("\($0.action)"))
        }
    }

    /// What a keys file may rebind in this table, for checking one (`KeyMap.parse`).
    /// - Parameters:
    ///   - activeWith: the scopes whose keys work on the same screens (a list under the inbox).
    ///   - takesText: whether a text field has the keys on its screens, so letters would be typed.
    public func catalogue(activeWith: [String] = [], takesText: Bool = false) -> KeyCatalogue.Table {
        KeyCatalogue.Table(scope: scope, actions: defaults.map { (actionName($0.action), $0.keys) },
                           activeWith: activeWith, takesText: takesText)
    }
}

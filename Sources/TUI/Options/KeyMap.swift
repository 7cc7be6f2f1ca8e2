import EmbeddedNode
import Workflow

/// Rebound keys from a keys file: one "action = keys" line per action, naming the action as
/// "scope.case" ("inbox.refresh = F9, Ctrl-R") and its keys as help prints them. The keys
/// given replace the action's default keys. The application runs with the map bound to
/// `KeyMap.current`, which every `KeyTable` reads for dispatch and help (docs/KEYS.md).
public struct KeyMap: Sendable, Equatable {
    /// The rebound actions' keys, by action name.
    public let keysByAction: [String: [Key]]

    /// No rebinding: every table's defaults.
    public static let standard = KeyMap(keysByAction: [:])

    /// The map in effect for the code running inside `KeyMap.$current.withValue(map) { … }`.
    @TaskLocal public static var current = KeyMap.standard

    /// The keys of `actionName` when this map rebinds it.
    public func keys(for actionName: String) -> [Key]? { keysByAction[actionName] }

    /// Reads a keys file's text, checked against `catalogue`: an unknown action, a key name no
    /// key has, an action given twice, a letter for an action on a screen where text is typed,
    /// and a key that would then trigger two actions on one screen are refused, naming the line.
    public static func parse(_ text: String, path: String, catalogue: KeyCatalogue = .application) throws(SettingsFileError) -> KeyMap {
        var keysByAction: [String: [Key]] = [:]
        var lineOfAction: [String: Int] = [:]
        for entry in try SettingsLines.entries(text, path: path) {
            func refuse(_ problem: Bilingual) -> SettingsFileError { SettingsFileError(path: path, line: entry.line, problem: problem) }
            guard let table = catalogue.table(ofAction: entry.name) else {
                throw refuse(Bilingual("未知的操作「\(entry.name)」（可用的操作见 docs/KEYS.md）",
                                       "unknown action \"\(entry.name)\" (docs/KEYS.md lists the actions)"))
            }
            if let earlier = lineOfAction[entry.name] {
                throw refuse(Bilingual("操作「\(entry.name)」已在第 \(earlier) 行设定", "action \(entry.name) is already set on line \(earlier)"))
            }
            var keys: [Key] = []
            for name in entry.value.split(separator: ",").map({ String($0).trimmingWhitespace }) {
                guard let key = Key(label: name) else {
                    throw refuse(Bilingual("「\(entry.name)」：无法识别的按键名「\(name)」", "\(entry.name): no key is called \"\(name)\""))
                }
                if table.takesText, case .text = key {
                    throw refuse(Bilingual("「\(entry.name)」：此页面有输入框，字母键会被输入，请用 F 键或 Ctrl 键",
                                           "\(entry.name): this screen has text fields that would take \"\(name)\"; use an F-key or Ctrl key"))
                }
                if !keys.contains(key) { keys.append(key) }
            }
            guard !keys.isEmpty else { throw refuse(Bilingual("「\(entry.name)」：没有给出按键", "\(entry.name): no keys given")) }
            keysByAction[entry.name] = keys
            lineOfAction[entry.name] = entry.line
        }
        let map = KeyMap(keysByAction: keysByAction)
        if let clash = catalogue.firstClash(under: map) {
            let line = lineOfAction[clash.rebound] ?? 0
            throw SettingsFileError(path: path, line: line, problem: Bilingual(
                "按键 \(clash.key.label) 同时用于「\(clash.rebound)」和「\(clash.other)」", "key \(clash.key.label) would trigger both \(clash.rebound) and \(clash.other)"))
        }
        return map
    }
}

/// Every key table a keys file may rebind, and which tables work on the same screens: what
/// `KeyMap.parse` checks a file against.
public struct KeyCatalogue: Sendable {
    /// One table: its actions with their default keys.
    public struct Table: Sendable {
        /// The table's scope ("inbox").
        public let scope: String
        /// Its actions' names ("inbox.refresh") and default keys, in table order.
        public let actions: [(name: String, keys: [Key])]
        /// The scopes whose keys also work wherever this table's do (the shell's always do).
        public let activeWith: [String]
        /// Whether text is typed on its screens (letters may not be bound).
        public let takesText: Bool
    }

    /// A key two actions of one screen would share.
    public struct Clash: Sendable, Equatable {
        /// The key.
        public let key: Key
        /// The rebound action (its line is reported).
        public let rebound: String
        /// The action it collides with.
        public let other: String
    }

    /// The tables.
    public let tables: [Table]

    /// Creates a catalogue.
    public init(tables: [Table]) { self.tables = tables }

    /// The table that has `actionName`.
    public func table(ofAction actionName: String) -> Table? {
        tables.first { $0.actions.contains { $0.name == actionName } }
    }

    /// The first key that, with `map` applied, triggers two actions of tables active together,
    /// where at least one of the two was rebound by `map`.
    public func firstClash(under map: KeyMap) -> Clash? {
        for table in tables {
            let together = [table] + tables.filter { $0.scope != table.scope && (table.activeWith.contains($0.scope) || $0.scope == Self.shellScope) }
            var owner: [Key: String] = [:]
            for action in together.flatMap(\.actions) {
                for key in map.keys(for: action.name) ?? action.keys {
                    if let other = owner[key], other != action.name {
                        let rebound = map.keys(for: action.name) != nil ? action.name : other
                        guard map.keys(for: rebound) != nil else { continue }
                        return Clash(key: key, rebound: rebound, other: rebound == action.name ? other : action.name)
                    }
                    owner[key] = action.name
                }
            }
        }
        return nil
    }

    /// The shell's scope, whose keys work on every screen.
    static let shellScope = "shell"
}

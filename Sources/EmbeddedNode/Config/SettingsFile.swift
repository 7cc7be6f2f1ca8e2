import Foundation
import Workflow

/// Why a settings file (a node or client config file, a keys file) was refused: the file, the line (1-based) and what
/// is wrong there, in words. Nothing of a refused file is applied.
public struct SettingsFileError: Error, Equatable, Sendable {
    /// The file's path as given.
    public let path: String
    /// The line the problem is on.
    public let line: Int
    /// What is wrong, naming the key or action.
    public let problem: Bilingual

    /// Creates the error.
    public init(path: String, line: Int, problem: Bilingual) {
        self.path = path
        self.line = line
        self.problem = problem
    }

    /// The error in words: "keys.conf 第 3 行：…" / "keys.conf line 3: …".
    public func message(_ language: Language) -> String {
        language.pick("\(path) 第 \(line) 行：\(problem.chinese)", "\(path) line \(line): \(problem.english)")
    }
}

/// The lines of a settings file that say something: comments (from `#` outside quotes) and
/// blank lines dropped, each with its 1-based number and split at its first "=".
public enum SettingsLines {
    /// One "name = value" line.
    public struct Entry: Sendable, Equatable {
        /// The 1-based line number.
        public let line: Int
        /// The text before "=", trimmed.
        public let name: String
        /// The text after "=", trimmed (quotes kept).
        public let value: String

        /// The refusal of this line for `problem`.
        public func refusal(path: String, _ problem: Bilingual) -> SettingsFileError {
            SettingsFileError(path: path, line: line, problem: problem)
        }

        /// The value without its quotes, refused when empty or when its quotes do not pair.
        public func text(path: String) throws(SettingsFileError) -> String {
            guard let text = SettingsLines.unquoted(value), !text.isEmpty else {
                throw refusal(path: path, Bilingual("「\(name)」的值为空或引号不成对", "\(name): the value is empty or its quotes do not pair"))
            }
            return text
        }
    }

    /// Refuses the first entry whose name is not in `known`, or that repeats an earlier one
    /// not in `repeatable`, naming the line and key.
    public static func checkNames(_ entries: [Entry], known: [String], repeatable: Set<String> = [], path: String) throws(SettingsFileError) {
        var seen: [String: Int] = [:]
        for entry in entries {
            guard known.contains(entry.name) else {
                throw entry.refusal(path: path, Bilingual("未知的设置项「\(entry.name)」（可用：\(known.joined(separator: ", "))）",
                                                          "unknown key \"\(entry.name)\" (known: \(known.joined(separator: ", ")))"))
            }
            if let earlier = seen[entry.name], !repeatable.contains(entry.name) {
                throw entry.refusal(path: path, Bilingual("「\(entry.name)」已在第 \(earlier) 行设定", "\(entry.name) is already set on line \(earlier)"))
            }
            seen[entry.name] = entry.line
        }
    }

    /// `value` as a path: as written when absolute, else inside `directory` (the file's folder).
    public static func resolvedPath(_ value: String, directory: URL) -> String {
        value.hasPrefix("/") ? value : directory.appendingPathComponent(value).standardizedFileURL.path
    }

    /// The entries of `text`, or the first line without "=" or a name.
    public static func entries(_ text: String, path: String) throws(SettingsFileError) -> [Entry] {
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = withoutComment(String(raw)).trimmingWhitespace
            guard !line.isEmpty else { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw SettingsFileError(path: path, line: index + 1,
                                        problem: Bilingual("应为「名称 = 值」：\(line)", "expected \"name = value\": \(line)"))
            }
            let name = String(line[..<equals]).trimmingWhitespace
            guard !name.isEmpty else {
                throw SettingsFileError(path: path, line: index + 1, problem: Bilingual("「=」前缺少名称", "no name before \"=\""))
            }
            entries.append(Entry(line: index + 1, name: name, value: String(line[line.index(after: equals)...]).trimmingWhitespace))
        }
        return entries
    }

    /// A bare value, or a double-quoted one without its quotes (\" and \\ unescaped); nil when
    /// the quotes do not pair.
    public static func unquoted(_ value: String) -> String? {
        guard value.hasPrefix("\"") else { return value.contains("\"") ? nil : value }
        guard value.count >= 2, value.hasSuffix("\""), !value.hasSuffix("\\\"") || value.hasSuffix("\\\\\"") else { return nil }
        var result = ""
        var isEscaped = false
        for character in value.dropFirst().dropLast() {
            if isEscaped {
                result.append(character)
                isEscaped = false
            } else if character == "\\" {
                isEscaped = true
            } else if character == "\"" {
                return nil
            } else {
                result.append(character)
            }
        }
        return isEscaped ? nil : result
    }

    /// `line` up to a `#` that is not inside double quotes.
    private static func withoutComment(_ line: String) -> String {
        var isQuoted = false
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if character == "\"", previous != "\\" { isQuoted.toggle() }
            if character == "#", !isQuoted { return String(line[..<index]) }
            previous = character
        }
        return line
    }
}

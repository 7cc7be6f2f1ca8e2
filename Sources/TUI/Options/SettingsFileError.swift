import Workflow

/// Why a client config file or a keys file was refused: the file, the line (1-based) and what
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
enum SettingsLines {
    /// One "name = value" line.
    struct Entry {
        /// The 1-based line number.
        let line: Int
        /// The text before "=", trimmed.
        let name: String
        /// The text after "=", trimmed (quotes kept).
        let value: String
    }

    /// The entries of `text`, or the first line without "=" or a name.
    static func entries(_ text: String, path: String) throws(SettingsFileError) -> [Entry] {
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

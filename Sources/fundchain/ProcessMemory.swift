import Foundation

/// This process's resident memory as Linux reports it in `/proc/self/status`.
enum ProcessMemory {
    /// The peak resident set size (VmHWM) in bytes, or nil where /proc is missing.
    static func peakResidentBytes() -> Int64? { statusKilobytes("VmHWM:").map { $0 * 1024 } }

    /// The current resident set size (VmRSS) in bytes, or nil where /proc is missing.
    static func residentBytes() -> Int64? { statusKilobytes("VmRSS:").map { $0 * 1024 } }

    /// Starts a new peak: the kernel sets VmHWM back to the current RSS (`clear_refs` value 5).
    /// Returns whether it could.
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    private static func statusKilobytes(_ field: String) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field) }) else { return nil }
        return Int64(line.dropFirst(field.count).split(whereSeparator: \.isWhitespace).first ?? "")
    }
}

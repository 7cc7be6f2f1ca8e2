import Foundation

/// Deadlines for tests that wait on sockets and processes, all scaled by one factor from the
/// environment (`FUNDCHAIN_TEST_TIME_SCALE`, default 1) so a slow or loaded machine can widen
/// them without editing tests. Deadlines bound waiting; no test sleeps to synchronise. Base
/// deadlines are generous (30 s for a local call): on 2 cores, parallel suites can hold both
/// cooperative threads for seconds, and a passing test never waits for its deadline anyway.
public enum TestDeadline {
    /// The factor from `FUNDCHAIN_TEST_TIME_SCALE` (at least 1).
    public static let scale: Double = max(1, Double(ProcessInfo.processInfo.environment["FUNDCHAIN_TEST_TIME_SCALE"] ?? "") ?? 1)

    /// `seconds` scaled.
    public static func seconds(_ seconds: Double) -> Duration { .milliseconds(Int64(seconds * scale * 1000)) }

    /// `milliseconds` scaled.
    public static func milliseconds(_ milliseconds: Int64) -> Int64 { Int64(Double(milliseconds) * scale) }
}

/// Waiting for a condition another task or thread makes true, by polling every 10 ms until a
/// scaled deadline (never by spinning on `Task.yield`, which on the 2-thread cooperative pool
/// can starve the very task being waited for).
public enum Polling {
    /// Why a wait ended without its condition.
    public struct Timeout: Error, CustomStringConvertible {
        public let what: String
        public var description: String { "\(what) did not happen before the deadline" }
    }

    /// Returns once `condition` holds; throws `Timeout` naming `what` after `seconds` (scaled).
    public static func wait(for what: String, seconds: Double = 30, until condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + TestDeadline.seconds(seconds)
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw Timeout(what: what) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// Bounds a wait: the first of the work's result and the deadline wins, and the loser is
/// cancelled. The deadline is a single timer, not a polling loop.
enum Deadline {
    /// The result of `work`, or `.timeout` when `timeout` passes (or the caller is cancelled) first.
    static func first<Value: Sendable>(within timeout: Duration,
                                       _ work: @escaping @Sendable () async -> Result<Value, LedgerError>) async throws(LedgerError) -> Value {
        let outcome = await withTaskGroup(of: Result<Value, LedgerError>?.self) { group in
            group.addTask { await work() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let outcome else { throw .timeout }
        return try outcome.get()
    }
}

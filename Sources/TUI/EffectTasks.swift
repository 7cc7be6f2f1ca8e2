import Foundation

/// The ledger work the application started and has not finished. The application cancels and
/// awaits it before returning, so nothing reads the node after its owner closes it (a read
/// still running when the embedded node closed its database crashed the process on quit).
final class EffectTasks: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [Int: Task<Void, Never>] = [:]
    private var nextID = 0

    /// Runs `work` in a task of its own, kept until it ends.
    func start(_ work: @escaping @Sendable () async -> Void) {
        lock.withLock {
            let id = nextID
            nextID += 1
            running[id] = Task {
                await work()
                self.lock.withLock { _ = self.running.removeValue(forKey: id) }
            }
        }
    }

    /// Cancels the work still running and waits for it to end. Called once nothing starts
    /// new work (the loop has returned), so one pass sees every task.
    func cancelAndWait() async {
        let tasks = lock.withLock { Array(running.values) }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }
}

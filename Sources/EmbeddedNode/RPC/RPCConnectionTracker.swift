import NIOConcurrencyHelpers
import NIOCore

/// The server's live connections and in-flight handler tasks, so `stop()` can close the
/// former and cancel and await the latter: nothing outlives the server.
final class RPCConnectionTracker: Sendable {
    private struct State {
        var isStopping = false
        var channelByID: [ObjectIdentifier: any Channel] = [:]
        var taskByID: [UInt64: Task<Void, Never>] = [:]
        var nextTaskID: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())

    /// Records an accepted connection; returns `false` (the caller closes it) once stopping or
    /// when `connectionsMax` connections are already open.
    func register(_ channel: any Channel, connectionsMax: Int) -> Bool {
        state.withLockedValue { state in
            guard !state.isStopping, state.channelByID.count < connectionsMax else { return false }
            state.channelByID[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    /// Forgets a closed connection.
    func unregister(_ channel: any Channel) {
        _ = state.withLockedValue { $0.channelByID.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Starts `operation` in a tracked task; returns `nil` without starting it once stopping.
    ///
    /// The task is inserted while the lock is held, and removes itself under the same lock,
    /// so a task that finishes at once cannot be removed before it was inserted.
    func spawn(_ operation: @escaping @Sendable () async -> Void) -> Task<Void, Never>? {
        state.withLockedValue { state in
            guard !state.isStopping else { return nil }
            let taskID = state.nextTaskID
            state.nextTaskID += 1
            let task = Task {
                await operation()
                self.finish(taskID)
            }
            state.taskByID[taskID] = task
            return task
        }
    }

    /// The number of handler tasks still running.
    var activeTaskCount: Int { state.withLockedValue { $0.taskByID.count } }

    /// The number of open connections.
    var openConnectionCount: Int { state.withLockedValue { $0.channelByID.count } }

    /// Refuses new work, closes every connection, cancels every task and waits for both.
    func shutDown() async {
        let (channels, tasks) = state.withLockedValue { state in
            state.isStopping = true
            return (Array(state.channelByID.values), Array(state.taskByID.values))
        }
        for task in tasks { task.cancel() }
        for channel in channels { channel.close(promise: nil) }
        for task in tasks { await task.value }
        for channel in channels { try? await channel.closeFuture.get() }
    }

    private func finish(_ taskID: UInt64) {
        _ = state.withLockedValue { $0.taskByID.removeValue(forKey: taskID) }
    }
}

import Foundation
import Glibc

/// Events arriving from outside the terminal loop (ledger replies, committed blocks), queued
/// in order; posting one wakes the loop through a pipe the terminal waits on with the keyboard.
public final class EventQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [TUIEvent] = []
    /// The pipe's read end, which becomes readable when an event is posted.
    public let wakeDescriptor: Int32
    private let writeDescriptor: Int32

    /// Creates a queue with its wake-up pipe (both ends non-blocking).
    public init() {
        var descriptors: [Int32] = [-1, -1]
        precondition(pipe(&descriptors) == 0, "cannot create the event pipe")
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) }
        wakeDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(wakeDescriptor)
        close(writeDescriptor)
    }

    /// Queues `event` and wakes the loop (a full pipe already means a wake-up is pending).
    public func post(_ event: TUIEvent) {
        lock.withLock { events.append(event) }
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Takes every queued event, oldest first, and empties the pipe.
    public func take() -> [TUIEvent] {
        var drain = [UInt8](repeating: 0, count: 64)
        while read(wakeDescriptor, &drain, drain.count) > 0 {}
        return lock.withLock {
            defer { events = [] }
            return events
        }
    }
}

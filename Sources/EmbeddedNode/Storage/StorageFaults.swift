/// A point inside ``BlockStore/append(_:)`` where a test can make the append fail.
public enum StorageFaultPoint: Sendable {
    /// Inside the SQLite transaction, before anything is written (rolls back).
    case beforeWrite
    /// Inside the SQLite transaction, after the block, transaction and receipt rows and before the
    /// state changes and the tip (rolls back).
    case betweenBlockAndState
    /// After the commit and before `append` returns: the block is durable but the caller is told
    /// it failed, as when a node crashes right after committing.
    case afterCommitBeforeAcknowledge
}

/// Makes ``BlockStore/append(_:)`` throw ``StorageError/injectedFault(_:)`` at chosen points, so
/// tests can check that a failed append leaves no half-applied block.
///
/// ```swift
/// let faults = StorageFaultInjector { $0 == .betweenBlockAndState }
/// let store = try BlockStore(path: path, faults: faults)
/// ```
public struct StorageFaultInjector: Sendable {
    /// Returns true to fail the append at this point.
    public let fail: @Sendable (StorageFaultPoint) -> Bool

    /// Creates an injector from a predicate over fault points.
    public init(fail: @escaping @Sendable (StorageFaultPoint) -> Bool) {
        self.fail = fail
    }
}

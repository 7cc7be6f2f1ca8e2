import Canonical

/// A chain's genesis and an ordered list of commands and block ends: enough to rebuild the
/// fund-flow state from nothing. Replaying the same log gives the same state on every machine
/// and in every process; the determinism test and `fundchain replay` rely on it.
public struct CommandLog: Sendable, CanonicalCodable {
    /// One step of the log.
    public enum Entry: Sendable, Hashable {
        /// `actorID` issues `command` in the block and transaction of `provenance`.
        case command(actorID: String, provenance: Provenance, command: WorkflowCommand)
        /// The block of `provenance` ends (time-dependent rules run).
        case endBlock(Provenance)
    }

    /// Genesis organisations.
    public var organisations: [Organisation]
    /// Genesis settings.
    public var settings: WorkflowSettings
    /// The steps, in chain order.
    public var entries: [Entry]

    /// Creates a log.
    public init(organisations: [Organisation], settings: WorkflowSettings, entries: [Entry] = []) {
        self.organisations = organisations
        self.settings = settings
        self.entries = entries
    }

    /// What a replay produced.
    public struct Outcome: Sendable {
        /// The final state.
        public let state: WorkflowState
        /// Commands applied.
        public let acceptedCount: Int
        /// Commands refused (each refused command changed nothing).
        public let refusedCount: Int
    }

    /// Applies every entry to the genesis state.
    public func replay() throws(WorkflowStateError) -> Outcome {
        var state = try WorkflowState(organisations: organisations, settings: settings)
        var accepted = 0
        var refused = 0
        for entry in entries {
            switch entry {
            case .command(let actorID, let provenance, let command):
                switch state.apply(command, by: actorID, at: provenance) {
                case .success: accepted += 1
                case .failure: refused += 1
                }
            case .endBlock(let provenance):
                _ = state.endBlock(at: provenance)
            }
        }
        return Outcome(state: state, acceptedCount: accepted, refusedCount: refused)
    }

    /// Field order: organisations, settings, entries (tag 1 command: actor, provenance, command;
    /// tag 2 end of block: provenance).
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(organisations)
        writer.write(settings)
        writer.write(entries.count)
        for entry in entries {
            switch entry {
            case .command(let actorID, let provenance, let command):
                writer.write(UInt8(1)); writer.write(actorID); writer.write(provenance); writer.write(command)
            case .endBlock(let provenance):
                writer.write(UInt8(2)); writer.write(provenance)
            }
        }
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        organisations = try reader.readArray(limit: 1024)
        settings = try reader.read()
        let count = try reader.readInt(limit: reader.countLimit)
        entries = []
        for _ in 0..<count {
            let start = reader.offset
            switch try reader.readUInt8() {
            case 1: entries.append(.command(actorID: try reader.readString(limit: 64), provenance: try reader.read(), command: try reader.read()))
            case 2: entries.append(.endBlock(try reader.read()))
            case let tag: throw .invalidTag(offset: start, tag: UInt64(tag), type: "CommandLog.Entry")
            }
        }
    }
}

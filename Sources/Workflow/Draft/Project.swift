import Canonical

/// A stage of an approved project's plan, with what has happened to it.
public struct StageRecord: Hashable, Sendable, CanonicalCodable {
    /// The plan for the stage.
    public let plan: FundPlanStage
    /// Whether its payment may be made (the first stage at approval; later ones by opinion).
    public internal(set) var released: Bool
    /// The implementing unit's completion note, once given.
    public internal(set) var completionNote: String?
    /// True when a revised plan replaced this stage before it was paid.
    public internal(set) var superseded: Bool

    init(plan: FundPlanStage, released: Bool) {
        self.plan = plan
        self.released = released
        self.completionNote = nil
        self.superseded = false
    }

    /// Field order: plan, released, completionNote?, superseded.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(plan)
        writer.write(released)
        writer.write(completionNote)
        writer.write(superseded)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        plan = try reader.read()
        released = try reader.readBool()
        completionNote = try reader.readOptionalString(limit: 4096)
        superseded = try reader.readBool()
    }
}

/// One event in a project's life, for its history screen.
public struct ProjectEntry: Hashable, Sendable, CanonicalCodable {
    /// What happened.
    public enum Action: UInt8, Sendable, CaseIterable {
        case filed = 1, resubmitted, approved, rejected, returned, progress, stageCompleted
        case opinionRelease, opinionHold, planRevised, cancelled
    }

    /// What happened.
    public let action: Action
    /// Who did it.
    public let actorID: String
    /// The stage it concerns, if any.
    public let stageIndex: Int?
    /// Progress percent, for progress entries.
    public let percent: Int?
    /// The reason, note, description or opinion text.
    public let text: String?
    /// SHA-256 hashes (hex) of documents attached to progress.
    public let documentHashes: [String]
    /// Where on chain.
    public let provenance: Provenance

    init(_ action: Action, actorID: String, stageIndex: Int? = nil, percent: Int? = nil, text: String? = nil,
         documentHashes: [String] = [], provenance: Provenance) {
        self.action = action
        self.actorID = actorID
        self.stageIndex = stageIndex
        self.percent = percent
        self.text = text
        self.documentHashes = documentHashes
        self.provenance = provenance
    }

    /// Field order: as declared.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(action.rawValue)
        writer.write(actorID)
        writer.write(stageIndex.map { UInt64($0) })
        writer.write(percent.map { UInt64($0) })
        writer.write(text)
        writer.write(documentHashes)
        writer.write(provenance)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        action = try readTag(&reader, "ProjectEntry.Action")
        actorID = try reader.readString(limit: 64)
        stageIndex = (try reader.readOptional(UInt64.self)).map { Int(clamping: $0) }
        percent = (try reader.readOptional(UInt64.self)).map { Int(clamping: $0) }
        text = try reader.readOptionalString(limit: 4096)
        documentHashes = try reader.readStringArray(limit: 64, stringLimit: 64)
        provenance = try reader.read()
    }
}

/// A project from application to completion: the application as last filed, who filed it,
/// its status, its draft, its stages and its whole history.
public struct Project: Hashable, Sendable, CanonicalCodable {
    /// "XM2026000001": 项目, the year of filing (China Standard Time) and a chain-wide sequence.
    public let id: String
    /// The county HQ that filed it.
    public let filedByID: String
    /// The application as last filed or resubmitted.
    public internal(set) var application: ProjectApplication
    /// Where it stands.
    public internal(set) var status: ProjectStatus
    /// The draft issued on approval.
    public internal(set) var draftNumber: String?
    /// The approved plan's stages; revised plans append and mark replaced stages superseded.
    public internal(set) var stages: [StageRecord]
    /// The latest progress percent posted.
    public internal(set) var progressPercent: Int
    /// Everything that happened, oldest first.
    public internal(set) var history: [ProjectEntry]

    init(id: String, filedByID: String, application: ProjectApplication, provenance: Provenance) {
        self.id = id
        self.filedByID = filedByID
        self.application = application
        self.status = .submitted
        self.draftNumber = nil
        self.stages = []
        self.progressPercent = 0
        self.history = [ProjectEntry(.filed, actorID: filedByID, provenance: provenance)]
    }

    /// The index of the next stage of the current plan after `index`, if any.
    public func nextCurrentStage(after index: Int) -> Int? {
        stages.indices.first { $0 > index && !stages[$0].superseded }
    }

    /// The stages of the plan in force, with their indices.
    public var currentStages: [(index: Int, stage: StageRecord)] {
        stages.indices.filter { !stages[$0].superseded }.map { ($0, stages[$0]) }
    }

    /// Field order: as declared.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(filedByID)
        writer.write(application)
        writer.write(status)
        writer.write(draftNumber)
        writer.write(stages)
        writer.write(progressPercent)
        writer.write(history)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        id = try reader.readString(limit: 64)
        filedByID = try reader.readString(limit: 64)
        application = try reader.read()
        status = try reader.read()
        draftNumber = try reader.readOptionalString(limit: 64)
        stages = try reader.readArray(limit: DigitalDraft.legsMax)
        progressPercent = try reader.readInt(limit: 100)
        history = try reader.readArray()
    }
}

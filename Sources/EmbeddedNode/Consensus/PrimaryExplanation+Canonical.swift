import Canonical

extension PrimarySelectionMethod: CanonicalCodable {
    /// The method's stable code: 1 roulette, 2 rotation from the view limit, 3 rotation with
    /// nobody left, 4 rotation after an exhausted draw.
    public var code: UInt8 {
        switch self {
        case .roulette: 1
        case .rotationFromViewLimit: 2
        case .rotationNoCandidateLeft: 3
        case .rotationDrawExhausted: 4
        }
    }

    /// Whether the primary came from rotation rather than the roulette.
    public var isRotation: Bool { self != .roulette }

    /// Writes `code`.
    public func encode(to writer: inout CanonicalWriter) { writer.write(code) }

    /// Reads `code`, refusing an unknown one.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        let offset = reader.offset
        switch try reader.readUInt8() {
        case 1: self = .roulette
        case 2: self = .rotationFromViewLimit
        case 3: self = .rotationNoCandidateLeft
        case 4: self = .rotationDrawExhausted
        case let other: throw .invalidValue(offset: offset, reason: "unknown primary selection method \(other)")
        }
    }
}

extension PrimaryCandidate: CanonicalCodable {
    /// Field order: validatorID, cumulativeScore.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(validatorID)
        writer.write(cumulativeScore)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        validatorID = try reader.readString(limit: 64)
        cumulativeScore = try reader.readInt64()
    }
}

extension PrimaryExplanation: CanonicalCodable {
    /// Field order: height, view, seed, table, excluded, candidates, draw, method, primary.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(height)
        writer.write(view)
        writer.write(bytes: seed)
        writer.write(table)
        writer.write(excludedValidatorIDs)
        writer.write(candidates)
        writer.write(draw != nil)
        writer.write(draw ?? 0)
        writer.write(method)
        writer.write(primaryID)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        height = try reader.readInt64()
        view = try reader.readInt64()
        seed = try reader.readBytes(limit: 64)
        table = try reader.read()
        excludedValidatorIDs = try reader.readStringArray(limit: BlockHeader.validatorsMax, stringLimit: 64)
        candidates = try reader.readArray(limit: BlockHeader.validatorsMax)
        let hasDraw = try reader.readBool()
        let draw = try reader.readInt64()
        self.draw = hasDraw ? draw : nil
        method = try reader.read()
        primaryID = try reader.readString(limit: 64)
    }

    /// Each candidate's chance in this view's draw, in parts per million of the candidates'
    /// score sum (rounded down), in candidate order. A rotation gives the rotated validator
    /// the whole million and nobody else anything.
    public var probabilitiesPPM: [(validatorID: String, ppm: Int64)] {
        guard method == .roulette, let total = candidates.last?.cumulativeScore, total > 0 else {
            return table.validatorIDs.map { ($0, $0 == primaryID ? 1_000_000 : 0) }
        }
        var previous: Int64 = 0
        return candidates.map { candidate in
            defer { previous = candidate.cumulativeScore }
            return (candidate.validatorID, (candidate.cumulativeScore - previous) * 1_000_000 / total)
        }
    }
}

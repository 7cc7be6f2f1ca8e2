import Foundation
import Workflow

/// The genesis file as people read and write it (JSON). `Genesis(file:)` validates it and
/// names every problem by its path, e.g. `organisations[3].publicKey: not a point on SM2`.
public struct GenesisFile: Codable, Sendable {
    /// "fundchain-genesis".
    public var format: String
    /// 1.
    public var version: Int
    /// The chain's identifier: 1-64 of a-z, 0-9, "-".
    public var chainID: String
    /// "p256-sha256" or "sm2-sm3".
    public var cryptoSuite: String
    /// ISO 8601 UTC, e.g. "2026-11-21T00:00:00Z".
    public var genesisTime: String
    /// Every organisation.
    public var organisations: [OrganisationEntry]
    /// Fund-flow settings; defaults where absent.
    public var workflow: WorkflowEntry?
    /// Consensus settings; defaults where absent.
    public var consensus: ConsensusSettings?
    /// The consortium CA's certificate (PEM) for the peer network; absent on a chain whose
    /// validators do not peer (the single embedded validator).
    public var caCertificate: String?

    /// Creates a genesis file's content.
    public init(format: String = "fundchain-genesis", version: Int = 1, chainID: String, cryptoSuite: String, genesisTime: String,
                organisations: [OrganisationEntry], workflow: WorkflowEntry? = nil, consensus: ConsensusSettings? = nil,
                caCertificate: String? = nil) {
        self.format = format
        self.version = version
        self.chainID = chainID
        self.cryptoSuite = cryptoSuite
        self.genesisTime = genesisTime
        self.organisations = organisations
        self.workflow = workflow
        self.consensus = consensus
        self.caCertificate = caCertificate
    }

    /// One organisation.
    public struct OrganisationEntry: Codable, Sendable {
        public var id: String
        /// An `OrgKind` identifier: countyHQ, provincialOffice, countyFinance, provincialFinance,
        /// commercialBank, limitedPartnership, countyFundCompany, implementingUnit, auditor.
        public var kind: String
        public var name: String
        public var accountNumber: String
        public var county: String?
        /// Hex of the 65-byte uncompressed public key.
        public var publicKey: String
        public var validator: Bool?
        /// Hex of the 65-byte uncompressed P-256 key of its node's TLS certificate (issued by
        /// the CA of `caCertificate`); required of every validator when genesis names a CA.
        public var nodeKey: String?

        /// Creates an organisation entry.
        public init(id: String, kind: String, name: String, accountNumber: String, county: String?, publicKey: String, validator: Bool?,
                    nodeKey: String? = nil) {
            self.id = id
            self.kind = kind
            self.name = name
            self.accountNumber = accountNumber
            self.county = county
            self.publicKey = publicKey
            self.validator = validator
            self.nodeKey = nodeKey
        }
    }

    /// Fund-flow settings.
    public struct WorkflowEntry: Codable, Sendable {
        public var budgetMaxFen: Int64?
        public var reconciliationGraceSeconds: Int64?
        public var stallLimitSeconds: Int64?
        public var projectTypes: [ProjectTypeEntry]?
        public var trancheTable: TrancheTableEntry?
    }

    /// One project type.
    public struct ProjectTypeEntry: Codable, Sendable {
        public var code: String
        public var zh: String
        public var en: String
    }

    /// The tranche table.
    public struct TrancheTableEntry: Codable, Sendable {
        public var finalHolder: String
        public var rules: [TrancheRuleEntry]
    }

    /// One tranche rule: `basisPoints` for a source, `sumOf` for a pass-through.
    public struct TrancheRuleEntry: Codable, Sendable {
        public var id: String
        public var payer: String
        public var payee: String
        public var basisPoints: Int?
        public var sumOf: [String]?
    }

    /// The largest genesis file read.
    public static let fileBytesMax = 1 << 20

    /// Parses JSON, naming the JSON problem (path and reason) when it does not fit the shape.
    public static func parse(_ data: Data) throws(GenesisError) -> GenesisFile {
        guard data.count <= fileBytesMax else { throw .problems(["file: larger than \(fileBytesMax) bytes"]) }
        do {
            return try JSONDecoder().decode(GenesisFile.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .problems(["\(Self.path(context.codingPath + [key])): missing"])
        } catch let DecodingError.typeMismatch(_, context) {
            throw .problems(["\(Self.path(context.codingPath)): wrong type (\(context.debugDescription))"])
        } catch let DecodingError.valueNotFound(_, context) {
            throw .problems(["\(Self.path(context.codingPath)): missing value"])
        } catch let DecodingError.dataCorrupted(context) {
            throw .problems(["\(Self.path(context.codingPath)): \(context.debugDescription)"])
        } catch {
            throw .problems(["file: not JSON (\(error))"])
        }
    }

    /// "organisations[3].publicKey" for a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String {
        guard !codingPath.isEmpty else { return "file" }
        return codingPath.reduce("") { text, key in
            if let index = key.intValue { return "\(text)[\(index)]" }
            return text.isEmpty ? key.stringValue : "\(text).\(key.stringValue)"
        }
    }
}

/// Why a genesis file cannot start a chain; every problem is named by its path.
public enum GenesisError: Error, Equatable, Sendable {
    /// The problems, one per line, each starting with the path of the field.
    case problems([String])
}

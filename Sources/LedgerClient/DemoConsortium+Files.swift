import Canonical
import EmbeddedNode
import Foundation
import Workflow

/// Writing and reading the demo consortium's files: `DIR/genesis.json` and one keystore per
/// organisation in `DIR/keys/<org>.keystore`, all demo keys under `demoPassphrase`.
extension DemoConsortium {
    /// The genesis file's name inside a demo directory.
    public static let genesisFileName = "genesis.json"
    /// The keystores' folder inside a demo directory.
    public static let keysFolderName = "keys"
    /// The consortium CA's folder inside a demo directory (with `withNodeCertificates`).
    public static let caFolderName = "ca"
    /// The node certificates' folder inside a demo directory: `nodes/<org>/node.pem`, `node-key.pem`.
    public static let nodesFolderName = "nodes"

    /// Creates the demo consortium in `directory` (created if missing; must not already hold a
    /// genesis): a fresh demo key per organisation, saved in a demo-marked keystore readable
    /// only by its owner, and a genesis naming `validators`.
    /// - Parameters:
    ///   - genesisTimeMs: the genesis time (UTC ms), rounded down to the second.
    ///   - withNodeCertificates: also create a consortium CA in `DIR/ca` and a node certificate
    ///     per validator in `DIR/nodes/<org>`, and name them in genesis (for a peer network).
    ///   - consensus: the consensus settings (batch timeout, block size, windows).
    /// - Returns: the validated genesis.
    public static func create(at directory: URL, suite: CryptoSuiteID = .p256SHA256, validators: [String] = ["provincial-office"],
                              genesisTimeMs: Int64 = Int64(Date().timeIntervalSince1970) * 1000,
                              withNodeCertificates: Bool = false, consensus: ConsensusSettings = ConsensusSettings()) throws(DemoConsortiumError) -> Genesis {
        let genesisURL = directory.appendingPathComponent(genesisFileName)
        guard !FileManager.default.fileExists(atPath: genesisURL.path) else { throw .exists(genesisURL.path) }
        let keys = directory.appendingPathComponent(keysFolderName)
        var entries: [GenesisFile.OrganisationEntry] = []
        do {
            try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
            for organisation in organisations {
                let key = try SigningKey(generating: suite)
                let keystore = try Keystore.create(key: key, organisation: organisation.id, passphrase: demoPassphrase, demo: true)
                let path = keys.appendingPathComponent("\(organisation.id).keystore").path
                try keystore.write(to: URL(fileURLWithPath: path), options: [.withoutOverwriting])
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
                entries.append(GenesisFile.OrganisationEntry(
                    id: organisation.id, kind: organisation.kind.identifier, name: organisation.name, accountNumber: organisation.accountNumber,
                    county: organisation.county.isEmpty ? nil : organisation.county, publicKey: Hex.encode(key.publicKey.rawBytes),
                    validator: validators.contains(organisation.id)))
            }
        } catch {
            throw .unwritable("\(error)")
        }
        let time = Timestamp(millisecondsSinceEpoch: genesisTimeMs / 1000 * 1000).isoText()
        var file = GenesisFile(chainID: chainID, cryptoSuite: suite.rawValue, genesisTime: time, organisations: entries, consensus: consensus)
        if withNodeCertificates { try createNodeCertificates(in: directory, file: &file) }
        let genesis: Genesis
        do { genesis = try Genesis(file: file) } catch { throw .invalidGenesis(error.problems) }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(file).write(to: genesisURL, options: [.withoutOverwriting])
        } catch {
            throw .unwritable("\(error)")
        }
        return genesis
    }

    /// Creates the demo CA and one node certificate per validator, naming them in `file`.
    private static func createNodeCertificates(in directory: URL, file: inout GenesisFile) throws(DemoConsortiumError) {
        do {
            let ca = try ConsortiumCA.create(name: "\(chainID) consortium CA (demo)")
            try CertificateFiles.save(ca, in: directory.appendingPathComponent(caFolderName))
            file.caCertificate = ca.certificatePEM
            for index in file.organisations.indices where file.organisations[index].validator == true {
                let id = file.organisations[index].id
                let node = try ca.issue(organisationID: id)
                try CertificateFiles.save(node, in: directory.appendingPathComponent(nodesFolderName).appendingPathComponent(id))
                file.organisations[index].nodeKey = Hex.encode(node.nodeKey)
            }
        } catch {
            throw .unwritable(error.message(chinese: false))
        }
    }

    /// Reads and validates the genesis of a demo directory (or any genesis file).
    public static func loadGenesis(at url: URL) throws(DemoConsortiumError) -> Genesis {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .unreadable(url.path) }
        do {
            return try Genesis(file: GenesisFile.parse(data))
        } catch {
            throw .invalidGenesis(error.problems)
        }
    }
}

/// Why a demo consortium could not be created or read.
public enum DemoConsortiumError: Error, Equatable, Sendable {
    /// The directory already holds a genesis.
    case exists(String)
    /// A file could not be written.
    case unwritable(String)
    /// A file could not be read.
    case unreadable(String)
    /// The genesis is invalid: every problem with its path.
    case invalidGenesis([String])

    /// The error in words for people.
    public func message(_ language: Language) -> String {
        switch self {
        case .exists(let path): language.pick("「\(path)」已存在", "\(path) exists")
        case .unwritable(let detail): language.pick("无法写入演示文件：\(detail)", "Cannot write the demo files: \(detail)")
        case .unreadable(let path): language.pick("无法读取「\(path)」", "Cannot read \(path)")
        case .invalidGenesis(let problems): language.pick("创世文件无效：", "The genesis is invalid: ") + problems.joined(separator: "; ")
        }
    }
}

extension GenesisError {
    /// The problems, one per entry.
    var problems: [String] {
        switch self {
        case .problems(let problems): problems
        }
    }
}

import EmbeddedNode
import Foundation
import LedgerClient
import Logging
import Workflow

/// The embedded default's validators, all in this process: each is its own node, started as
/// `fundchain node` starts one (`NodeServices`), with its own data directory `DIR/data/ORG`,
/// JSON-RPC on a free loopback port behind the demo's bearer token, and a peer listener on a
/// free loopback port, peering with the others over mutual TLS with the demo CA's node
/// certificates (`DIR/nodes/ORG`).
///
/// A node dials only the peers whose identifiers sort after its own (`PeerNetworkConfiguration`),
/// so the validators start in reverse order: each one's dialled peers are already listening
/// and their ports known, and no port is picked before it is bound.
struct EmbeddedConsortium {
    /// The running validators, sorted by identifier.
    let validators: [NodeServices]

    /// The validator `id`, which must be one of them.
    func validator(_ id: String) -> NodeServices {
        guard let found = validators.first(where: { $0.validatorID == id }) else { preconditionFailure("\(id) is a running validator") }
        return found
    }

    /// Starts every validator of the demo genesis in `directory` with the RPC token in
    /// `tokenFile`; whatever had started is stopped again when a validator cannot start.
    static func start(directory: URL, genesis: Genesis, tokenFile: URL, language: Language, logger: Logger) async throws -> EmbeddedConsortium {
        let opened = try await open(genesis.validatorIDs, in: directory, genesis: genesis, language: language)
            .sorted { $0.identity.organisationID > $1.identity.organisationID }
        var started: [NodeServices] = []
        do {
            for (identity, node) in opened {
                let settings = try settings(for: identity.organisationID, in: directory, tokenFile: tokenFile, dialling: started)
                started.append(try await NodeServices.start(settings, node: node, genesis: genesis, validator: (identity.organisationID, identity.key),
                                                            logger: logger))
            }
        } catch {
            for services in started { await services.stop() }
            // The failed validator's start closed its node; those after it never started.
            for (_, node) in opened.dropFirst(started.count + 1) { await node.close() }
            throw error
        }
        assert(started.count == genesis.validatorIDs.count, "every validator runs")
        return EmbeddedConsortium(validators: started.sorted { ($0.validatorID ?? "") < ($1.validatorID ?? "") })
    }

    /// Each validator's keystore (a scrypt derivation) and chain (verified and replayed), all
    /// opened in parallel: the slow part of a start. The nodes of a failed opening are closed.
    private static func open(_ ids: [String], in directory: URL, genesis: Genesis,
                             language: Language) async throws -> [(identity: LedgerIdentity, node: Node)] {
        try await withThrowingTaskGroup(of: (identity: LedgerIdentity, node: Node).self) { group in
            for id in ids {
                group.addTask {
                    let identity = try openKeystore(of: id, in: directory, language: language)
                    let node = try NodeServices.openNode(dataDirectory: dataDirectory(of: id, in: directory).path, genesis: genesis,
                                                         validator: (identity.organisationID, identity.key))
                    return (identity, node)
                }
            }
            var opened: [(identity: LedgerIdentity, node: Node)] = []
            do {
                for try await validator in group { opened.append(validator) }
            } catch {
                group.cancelAll()
                while !group.isEmpty {
                    if let validator = try? await group.next() { opened.append(validator) }
                }
                for validator in opened { await validator.node.close() }
                throw error
            }
            return opened
        }
    }

    /// Stops the validators together, each one's consensus, network, JSON-RPC and node in
    /// that order (`NodeServices.stop`).
    func stop() async {
        await withTaskGroup(of: Void.self) { group in
            for services in validators { group.addTask { await services.stop() } }
        }
    }

    /// The demo keystore of validator `id`.
    static func openKeystore(of id: String, in directory: URL, language: Language) throws -> LedgerIdentity {
        let url = directory.appendingPathComponent(DemoConsortium.keysFolderName).appendingPathComponent("\(id).keystore")
        do { return try LedgerIdentity.load(keystoreAt: url, passphrase: DemoConsortium.demoPassphrase) } catch {
            throw CommandFailure(language.pick("验证节点 \(id)：", "Validator \(id): ") + error.message(language))
        }
    }

    /// The settings of validator `id`: its data directory and certificate in `directory`, both
    /// listeners on free loopback ports, and the addresses of the `dialling` validators
    /// already started (those whose identifiers sort after `id`).
    static func settings(for id: String, in directory: URL, tokenFile: URL, dialling: [NodeServices]) throws -> NodeSettings {
        let certificates = directory.appendingPathComponent(DemoConsortium.nodesFolderName).appendingPathComponent(id)
        var config = NodeConfig()
        config.genesis = directory.appendingPathComponent(DemoConsortium.genesisFileName).path
        config.dataDirectory = dataDirectory(of: id, in: directory).path
        config.rpcHost = loopbackHost
        config.rpcPort = 0
        config.rpcTokenFile = tokenFile.path
        config.peerListen = "\(loopbackHost):0"
        config.peers = dialling.map { peer in
            guard let peerID = peer.validatorID, let port = peer.peerPort else { preconditionFailure("a started validator listens for peers") }
            precondition(peerID > id, "a node dials only the peers that sort after it")
            return "\(peerID)=\(loopbackHost):\(port)"
        }
        config.nodeCert = certificates.appendingPathComponent(CertificateFiles.nodeCertificateName).path
        config.nodeKey = certificates.appendingPathComponent(CertificateFiles.nodeKeyName).path
        return try NodeSettings(config, path: nil, language: .english)   // every value is set here: nothing to refuse
    }

    /// Where validator `id` keeps its chain.
    static func dataDirectory(of id: String, in directory: URL) -> URL {
        directory.appendingPathComponent("data").appendingPathComponent(id)
    }

    /// Every listener of the embedded default binds here only.
    static let loopbackHost = "127.0.0.1"
}

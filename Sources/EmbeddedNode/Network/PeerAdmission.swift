import Crypto
import X509

/// Decides whether a peer that completed the TLS handshake is admitted: its certificate must be
/// signed by the genesis CA (TLS checked the chain; checked again here), carry the node key the
/// chain state in force registers for an organisation (genesis, then governance revocations and
/// renewals), name that organisation as its common name, and, when this node dialled a
/// particular organisation, be that one. Pure: the network asks it after each handshake, with
/// the registry in force, and logs the reason it gives.
struct PeerAdmission: Sendable {
    /// The genesis CA.
    let caCertificate: Certificate

    /// The admission rules of `genesis`; nil when genesis names no CA.
    init?(genesis: Genesis) {
        guard let der = genesis.caCertificateDER, let certificate = try? Certificate(derEncoded: der) else { return nil }
        caCertificate = certificate
    }

    /// The admitted organisation, or why the certificate is refused, under `nodeKeys` in force.
    func admit(_ certificate: Certificate, expected: String?, nodeKeys: NodeKeyRegistry) -> Result<String, PeerRefusal> {
        guard certificate.issuer == caCertificate.subject,
              caCertificate.publicKey.isValidSignature(certificate.signature, for: certificate) else {
            return .failure(.notFromGenesisCA(subject: "\(certificate.subject)"))
        }
        guard let key = CertificatePEM.nodeKey(certificate), let organisationID = nodeKeys.organisation(presenting: key) else {
            if let key = CertificatePEM.nodeKey(certificate), nodeKeys.isRevoked(key) {
                return .failure(.revoked(subject: "\(certificate.subject)"))
            }
            return .failure(.keyNotInGenesis(subject: "\(certificate.subject)"))
        }
        guard CertificatePEM.commonName(certificate) == organisationID else {
            return .failure(.nameMismatch(subject: "\(certificate.subject)", organisationID: organisationID))
        }
        if let expected, expected != organisationID { return .failure(.unexpectedPeer(expected: expected, actual: organisationID)) }
        return .success(organisationID)
    }
}

/// Why a peer was refused (logged with the peer's address).
public enum PeerRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The TLS handshake failed (another CA, no certificate, bad TLS).
    case handshakeFailed(String)
    /// The certificate is not signed by the genesis CA.
    case notFromGenesisCA(subject: String)
    /// The certificate's key is no node key listed in genesis (or registered since).
    case keyNotInGenesis(subject: String)
    /// The certificate's key was revoked through chain state (governance).
    case revoked(subject: String)
    /// The certificate names another organisation than the one whose node key it carries.
    case nameMismatch(subject: String, organisationID: String)
    /// This node dialled one organisation and another answered.
    case unexpectedPeer(expected: String, actual: String)
    /// No handshake within the deadline.
    case handshakeTimeout

    public var description: String {
        switch self {
        case .handshakeFailed(let reason): "TLS handshake failed: \(reason)"
        case .notFromGenesisCA(let subject): "certificate \(subject) is not issued by the genesis CA"
        case .keyNotInGenesis(let subject): "certificate \(subject) carries a key no genesis node has"
        case .revoked(let subject): "certificate \(subject) was revoked through chain state"
        case .nameMismatch(let subject, let id): "certificate \(subject) carries the node key of \(id) but names another organisation"
        case .unexpectedPeer(let expected, let actual): "dialled \(expected) but \(actual) answered"
        case .handshakeTimeout: "no TLS handshake within the deadline"
        }
    }
}

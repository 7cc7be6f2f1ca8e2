import Crypto
import Foundation
import SwiftASN1
import X509

/// The consortium's certificate authority: a P-256 key and its self-signed X.509 certificate.
/// It issues each organisation's node certificate (subject CN = the organisation identifier);
/// genesis names the CA certificate and each node's key, and peers accept only certificates
/// chained to that CA whose key genesis lists (`PeerAdmission`).
///
/// ```swift
/// let ca = try ConsortiumCA.create(name: "Qiandong consortium CA")
/// let node = try ca.issue(organisationID: "provincial-office")
/// ```
public struct ConsortiumCA: Sendable {
    /// The CA's certificate (self-signed).
    public let certificate: Certificate
    let privateKey: P256.Signing.PrivateKey

    /// How long certificates issued here stay valid, unless told otherwise.
    public static let validityDaysDefault = 3650

    /// Creates a new CA named `name`, valid for `validityDays` from `now`.
    public static func create(name: String, validityDays: Int = validityDaysDefault, now: Date = Date()) throws(ConsortiumCAError) -> ConsortiumCA {
        let key = P256.Signing.PrivateKey()
        do {
            let subject = try DistinguishedName {
                CommonName(name)
                OrganizationName("FundChain consortium")
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
                notValidBefore: now - 3600, notValidAfter: now + Double(validityDays) * 86_400,
                issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                    SubjectKeyIdentifier(hash: .init(key.publicKey))
                },
                issuerPrivateKey: .init(key))
            return ConsortiumCA(certificate: certificate, privateKey: key)
        } catch {
            throw .invalid("creating the CA certificate: \(error)")
        }
    }

    /// The CA from its PEM files' contents; the key must belong to the certificate.
    public init(certificatePEM: String, privateKeyPEM: String) throws(ConsortiumCAError) {
        let certificate = try CertificatePEM.certificate(certificatePEM, field: "CA certificate")
        let key: P256.Signing.PrivateKey
        do { key = try P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM) } catch {
            throw .invalid("CA key: not a P-256 private key in PEM (\(error))")
        }
        guard certificate.publicKey == Certificate.PublicKey(key.publicKey) else {
            throw .invalid("CA key: does not belong to the CA certificate")
        }
        self.init(certificate: certificate, privateKey: key)
    }

    init(certificate: Certificate, privateKey: P256.Signing.PrivateKey) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// The CA certificate as PEM.
    public var certificatePEM: String { CertificatePEM.pem(certificate) }
    /// The CA's private key as PEM (keep it offline, readable only by its owner).
    public var privateKeyPEM: String { privateKey.pemRepresentation }

    /// Issues a node certificate for `organisationID` with a fresh P-256 key, for both ends of
    /// mutual TLS (client and server authentication).
    public func issue(organisationID: String, validityDays: Int = validityDaysDefault, now: Date = Date()) throws(ConsortiumCAError) -> NodeCertificate {
        guard !organisationID.isEmpty, organisationID.utf8.count <= 64 else { throw .invalid("organisation: 1-64 bytes") }
        let key = P256.Signing.PrivateKey()
        do {
            let subject = try DistinguishedName {
                CommonName(organisationID)
                OrganizationName("FundChain consortium")
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
                notValidBefore: now - 3600, notValidAfter: now + Double(validityDays) * 86_400,
                issuer: self.certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([.serverAuth, .clientAuth])
                    SubjectAlternativeNames([.dnsName(organisationID)])
                    AuthorityKeyIdentifier(keyIdentifier: try self.certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
                },
                issuerPrivateKey: .init(privateKey))
            return NodeCertificate(certificate: certificate, privateKey: key)
        } catch {
            throw .invalid("issuing the node certificate for \(organisationID): \(error)")
        }
    }
}

/// A node's TLS identity: its certificate (issued by the consortium CA) and private key.
public struct NodeCertificate: Sendable {
    /// The node's certificate.
    public let certificate: Certificate
    let privateKey: P256.Signing.PrivateKey

    /// The identity from its PEM files' contents; the key must belong to the certificate.
    public init(certificatePEM: String, privateKeyPEM: String) throws(ConsortiumCAError) {
        let certificate = try CertificatePEM.certificate(certificatePEM, field: "node certificate")
        let key: P256.Signing.PrivateKey
        do { key = try P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM) } catch {
            throw .invalid("node key: not a P-256 private key in PEM (\(error))")
        }
        guard certificate.publicKey == Certificate.PublicKey(key.publicKey) else {
            throw .invalid("node key: does not belong to the node certificate")
        }
        self.init(certificate: certificate, privateKey: key)
    }

    init(certificate: Certificate, privateKey: P256.Signing.PrivateKey) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// The organisation the certificate names (its subject's common name).
    public var organisationID: String? { CertificatePEM.commonName(certificate) }
    /// The node key genesis lists: the certificate's P-256 public key, X9.63 uncompressed (65 bytes).
    public var nodeKey: [UInt8] { CertificatePEM.nodeKey(certificate) ?? [] }
    /// The certificate as PEM.
    public var certificatePEM: String { CertificatePEM.pem(certificate) }
    /// The private key as PEM.
    public var privateKeyPEM: String { privateKey.pemRepresentation }
}

/// Why a certificate, key or CA could not be used.
public enum ConsortiumCAError: Error, Equatable, Sendable {
    /// What is wrong, naming the file or field.
    case invalid(String)

    /// The reason in words, in Chinese or English.
    public func message(chinese: Bool) -> String {
        switch self {
        case .invalid(let detail): chinese ? "证书无效：\(detail)" : "Invalid certificate: \(detail)"
        }
    }
}

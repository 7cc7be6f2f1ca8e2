import Crypto
import Foundation
import SwiftASN1
import X509

/// Reading and writing X.509 certificates and node keys in the forms files and genesis use.
enum CertificatePEM {
    /// Parses a PEM certificate; the error names `field`.
    static func certificate(_ pem: String, field: String) throws(ConsortiumCAError) -> Certificate {
        do { return try Certificate(pemEncoded: pem) } catch { throw .invalid("\(field): not an X.509 certificate in PEM (\(error))") }
    }

    /// A certificate as PEM text.
    static func pem(_ certificate: Certificate) -> String {
        do { return try certificate.serializeAsPEM().pemString } catch {
            preconditionFailure("a parsed or issued certificate serialises: \(error)")
        }
    }

    /// The certificate's DER bytes.
    static func der(_ certificate: Certificate) -> [UInt8] {
        var serializer = DER.Serializer()
        do { try serializer.serialize(certificate) } catch { preconditionFailure("a parsed or issued certificate serialises: \(error)") }
        return serializer.serializedBytes
    }

    /// The subject's common name.
    static func commonName(_ certificate: Certificate) -> String? {
        for relativeName in certificate.subject {
            for attribute in relativeName where attribute.type == .RDNAttributeType.commonName {
                return String(attribute.value)
            }
        }
        return nil
    }

    /// The certificate's P-256 public key as X9.63 uncompressed bytes, or nil for another kind of key.
    static func nodeKey(_ certificate: Certificate) -> [UInt8]? {
        P256.Signing.PublicKey(certificate.publicKey).map { Array($0.x963Representation) }
    }

    /// Whether `certificate` is a CA certificate that signed itself.
    static func isSelfSignedAuthority(_ certificate: Certificate) -> Bool {
        guard let constraints = try? certificate.extensions.basicConstraints, case .isCertificateAuthority = constraints else { return false }
        return certificate.issuer == certificate.subject && certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
    }
}

/// Key and certificate files on disk: keys owner-only (0600), certificates 0644, never overwritten.
public enum CertificateFiles {
    /// Writes `text` to `path` (which must not exist) with `permissions`.
    public static func write(_ text: String, to path: String, permissions: Int) throws(ConsortiumCAError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: [.withoutOverwriting])
            try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
        } catch {
            throw .invalid("cannot write \(path): \(error)")
        }
    }

    /// Reads a PEM file.
    public static func read(_ path: String) throws(ConsortiumCAError) -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .invalid("cannot read \(path)")
        }
        return text
    }

    /// The CA files inside a CA directory.
    public static let caCertificateName = "ca.pem", caKeyName = "ca-key.pem"
    /// The node files inside a node directory.
    public static let nodeCertificateName = "node.pem", nodeKeyName = "node-key.pem"

    /// Writes a CA into `directory` (created; the files must not exist).
    public static func save(_ ca: ConsortiumCA, in directory: URL) throws(ConsortiumCAError) {
        try createDirectory(directory)
        try write(ca.privateKeyPEM, to: directory.appendingPathComponent(caKeyName).path, permissions: 0o600)
        try write(ca.certificatePEM, to: directory.appendingPathComponent(caCertificateName).path, permissions: 0o644)
    }

    /// Reads the CA of `directory`.
    public static func loadCA(from directory: URL) throws(ConsortiumCAError) -> ConsortiumCA {
        try ConsortiumCA(certificatePEM: read(directory.appendingPathComponent(caCertificateName).path),
                         privateKeyPEM: read(directory.appendingPathComponent(caKeyName).path))
    }

    /// Writes a node's certificate and key into `directory` (created; the files must not exist).
    public static func save(_ node: NodeCertificate, in directory: URL) throws(ConsortiumCAError) {
        try createDirectory(directory)
        try write(node.privateKeyPEM, to: directory.appendingPathComponent(nodeKeyName).path, permissions: 0o600)
        try write(node.certificatePEM, to: directory.appendingPathComponent(nodeCertificateName).path, permissions: 0o644)
    }

    /// Reads a node's certificate and key.
    public static func loadNode(certificatePath: String, keyPath: String) throws(ConsortiumCAError) -> NodeCertificate {
        try NodeCertificate(certificatePEM: read(certificatePath), privateKeyPEM: read(keyPath))
    }

    private static func createDirectory(_ directory: URL) throws(ConsortiumCAError) {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw .invalid("cannot create \(directory.path): \(error)")
        }
    }
}

import NIOSSL
import X509

/// The TLS 1.3 contexts of the peer network: both ends present their node certificate and
/// trust only the genesis CA. Host names are not checked (peers dial addresses, not names);
/// who the peer is comes from its certificate's node key (`PeerAdmission`).
enum PeerTLS {
    /// The context for connections this node accepts.
    static func serverContext(ca: Certificate, identity: NodeCertificate) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try nioCertificate(identity.certificate))], privateKey: .privateKey(try nioKey(identity)))
        configuration.minimumTLSVersion = .tlsv13
        configuration.certificateVerification = .noHostnameVerification   // requires the client's certificate, chained to `ca`
        configuration.trustRoots = .certificates([try nioCertificate(ca)])
        return try NIOSSLContext(configuration: configuration)
    }

    /// The context for connections this node dials.
    static func clientContext(ca: Certificate, identity: NodeCertificate) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv13
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .certificates([try nioCertificate(ca)])
        configuration.certificateChain = [.certificate(try nioCertificate(identity.certificate))]
        configuration.privateKey = .privateKey(try nioKey(identity))
        return try NIOSSLContext(configuration: configuration)
    }

    static func nioCertificate(_ certificate: Certificate) throws -> NIOSSLCertificate {
        try NIOSSLCertificate(bytes: CertificatePEM.der(certificate), format: .der)
    }

    static func nioKey(_ identity: NodeCertificate) throws -> NIOSSLPrivateKey {
        try NIOSSLPrivateKey(bytes: Array(identity.privateKeyPEM.utf8), format: .pem)
    }
}

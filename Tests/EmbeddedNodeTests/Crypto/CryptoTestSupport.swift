import Canonical
import Foundation
@testable import EmbeddedNode

/// Hex literal to bytes, trapping on a typo in a test vector.
func bytes(_ hex: String) -> [UInt8] {
    guard let decoded = Hex.decode(hex.filter { !$0.isWhitespace }) else { fatalError("bad hex in test: \(hex)") }
    return decoded
}


/// An unencrypted PKCS#8 PEM for the private scalar `d` on `suite`'s curve, with no public
/// key inside (OpenSSL derives it), built from the DER structure by hand so that a
/// published private key can be loaded: PrivateKeyInfo { 0, {id-ecPublicKey, curve},
/// OCTET STRING { ECPrivateKey { 1, OCTET STRING d } } }.
func pkcs8PEM(privateScalar d: [UInt8], suite: CryptoSuiteID) -> String {
    precondition(d.count == 32)
    let curveOID: [UInt8] = suite == .sm2SM3
        ? [0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d]   // 1.2.156.10197.1.301
        : [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]   // 1.2.840.10045.3.1.7
    let algorithm: [UInt8] = [0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01] + curveOID
    let ecPrivateKey: [UInt8] = [0x30, 0x25, 0x02, 0x01, 0x01, 0x04, 0x20] + d
    let body: [UInt8] = [0x02, 0x01, 0x00] + algorithm + [0x04, UInt8(ecPrivateKey.count)] + ecPrivateKey
    let der: [UInt8] = [0x30, UInt8(body.count)] + body
    return "-----BEGIN PRIVATE KEY-----\n\(Data(der).base64EncodedString(options: .lineLength64Characters))\n-----END PRIVATE KEY-----\n"
}

/// The openssl command-line tool, for cross-implementation checks.
enum OpenSSLCLI {
    static let path = "/usr/bin/openssl"
    /// Runs `openssl arguments` in `directory`; returns whether it exited 0.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// A fresh temporary directory.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nodecrypto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The digest and signer-ID options for `pkeyutl -rawin`.
    static func signOptions(_ suite: CryptoSuiteID) -> [String] {
        suite == .sm2SM3 ? ["-digest", "sm3", "-pkeyopt", "distid:1234567812345678"] : ["-digest", "sha256"]
    }

    /// The curve option for `genpkey`.
    static func curveOption(_ suite: CryptoSuiteID) -> String {
        suite == .sm2SM3 ? "ec_paramgen_curve:SM2" : "ec_paramgen_curve:P-256"
    }
}

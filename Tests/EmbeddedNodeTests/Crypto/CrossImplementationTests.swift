import Foundation
import Testing
@testable import EmbeddedNode

/// Known answers across implementations: the `openssl` CLI signs and Swift verifies, and
/// Swift signs and the CLI verifies (`pkeyutl -rawin`, SM2 with distid 1234567812345678).
@Suite(.serialized)
struct CrossImplementationTests {
    @Test(arguments: CryptoSuiteID.allCases)
    func swiftVerifiesCLISignatures(suite: CryptoSuiteID) throws {
        let dir = try OpenSSLCLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let message = Array("拨付扶贫资金 county-hq → village-7: 120000.00".utf8)
        try Data(message).write(to: dir.appendingPathComponent("msg.bin"))
        #expect(try OpenSSLCLI.run(["genpkey", "-algorithm", "EC", "-pkeyopt", OpenSSLCLI.curveOption(suite), "-out", "key.pem"], in: dir))
        #expect(try OpenSSLCLI.run(["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"], in: dir))
        for round in 0..<5 {
            #expect(try OpenSSLCLI.run(["pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-in", "msg.bin",
                                        "-out", "sig\(round).der"] + OpenSSLCLI.signOptions(suite), in: dir))
            let der = Array(try Data(contentsOf: dir.appendingPathComponent("sig\(round).der")))
            let raw = try #require(SignatureEncoding.raw(fromDER: der))
            let publicKey = try PublicKey(pem: String(contentsOf: dir.appendingPathComponent("pub.pem"), encoding: .utf8), suite: suite)
            #expect(CryptoSuites.suite(suite).verify(signature: raw, of: message, by: publicKey))
            #expect(!CryptoSuites.suite(suite).verify(signature: raw, of: message + [0], by: publicKey))
        }
        // The CLI's private key loads too, and yields the same public key.
        let privatePEM = try String(contentsOf: dir.appendingPathComponent("key.pem"), encoding: .utf8)
        let publicPEM = try String(contentsOf: dir.appendingPathComponent("pub.pem"), encoding: .utf8)
        #expect(try SigningKey(pem: privatePEM, suite: suite).publicKey == PublicKey(pem: publicPEM, suite: suite))
    }

    @Test(arguments: CryptoSuiteID.allCases)
    func cliVerifiesSwiftSignatures(suite: CryptoSuiteID) throws {
        let dir = try OpenSSLCLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try CryptoSuites.suite(suite).generatePrivateKey()
        try key.publicKey.pemRepresentation.write(to: dir.appendingPathComponent("pub.pem"), atomically: true, encoding: .utf8)
        try key.pemRepresentation.write(to: dir.appendingPathComponent("key.pem"), atomically: true, encoding: .utf8)
        let message = Array("statement 2026-11 for 农村种植产业扶贫项目".utf8)
        try Data(message).write(to: dir.appendingPathComponent("msg.bin"))
        try Data(message.reversed()).write(to: dir.appendingPathComponent("other.bin"))
        for round in 0..<5 {
            let der = try #require(SignatureEncoding.der(fromRaw: key.sign(message), suite: suite))
            try Data(der).write(to: dir.appendingPathComponent("sig\(round).der"))
            let verify = ["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-sigfile", "sig\(round).der"]
                + OpenSSLCLI.signOptions(suite)
            #expect(try OpenSSLCLI.run(verify + ["-in", "msg.bin"], in: dir))
            #expect(try !OpenSSLCLI.run(verify + ["-in", "other.bin"], in: dir))
        }
        // The CLI reads the private PEM and derives the same public key.
        #expect(try OpenSSLCLI.run(["pkey", "-in", "key.pem", "-pubout", "-out", "derived.pem"], in: dir))
        let derived = try String(contentsOf: dir.appendingPathComponent("derived.pem"), encoding: .utf8)
        #expect(try PublicKey(pem: derived, suite: suite) == key.publicKey)
    }
}

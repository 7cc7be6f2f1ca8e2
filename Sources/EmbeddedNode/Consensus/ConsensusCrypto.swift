import Canonical

/// Signs consensus payloads (vote, proposal and view-change bytes) with a validator's chain
/// key: 64-byte r || s signatures of the chain's suite (ECDSA P-256 with SHA-256, or SM2 with SM3).
public struct SigningKeyConsensusSigner: ConsensusSigner {
    /// The validator this key belongs to.
    public let validatorID: String
    let key: SigningKey

    /// A signer for `validatorID` with its key.
    public init(validatorID: String, key: SigningKey) {
        self.validatorID = validatorID
        self.key = key
    }

    /// The suite signature of `message`. The key was validated when loaded, so OpenSSL fails
    /// here only on an internal error (out of memory); the core cannot send an unsigned vote,
    /// so that stops the node rather than sending something peers must refuse.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        do {
            let signature = try key.sign(message)
            precondition(signature.count == 64, "suite signatures are 64 bytes")
            return signature
        } catch {
            preconditionFailure("signing a consensus payload failed: \(error)")
        }
    }
}

/// Verifies consensus signatures against the public keys of the validator set in force, with
/// the chain's suite. An unknown validator or a key of another suite is simply invalid.
public struct SuiteConsensusVerifier: ConsensusVerifier {
    /// The chain's suite.
    public let suite: any CryptoSuite
    /// Each validator's public key (looked up, never iterated).
    public let publicKeys: [String: PublicKey]

    /// A verifier over `publicKeys` with `suite`.
    public init(suite: any CryptoSuite, publicKeys: [String: PublicKey]) {
        self.suite = suite
        self.publicKeys = publicKeys
    }

    /// Whether `signature` is `validatorID`'s valid suite signature of `message`.
    public func isValid(signature: [UInt8], of message: [UInt8], by validatorID: String) -> Bool {
        guard signature.count == 64, let key = publicKeys[validatorID], key.suite == suite.id else { return false }
        return suite.verify(signature: signature, of: message, by: key)
    }

    /// Whether `signature` is a valid suite signature of `message` by `publicKey` (the key the set
    /// in force lists; parsed unless it is the one this verifier already holds for `validatorID`).
    public func isValid(signature: [UInt8], of message: [UInt8], by validatorID: String, publicKey: [UInt8]) -> Bool {
        guard signature.count == 64 else { return false }
        if let known = publicKeys[validatorID], known.rawBytes == publicKey, known.suite == suite.id {
            return suite.verify(signature: signature, of: message, by: known)
        }
        guard let key = try? PublicKey(suite: suite.id, rawBytes: publicKey) else { return false }
        return suite.verify(signature: signature, of: message, by: key)
    }
}

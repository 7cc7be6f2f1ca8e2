import Canonical
@testable import EmbeddedNode
import Testing

extension ConsensusTests {
    /// The censorship indicator's pure parts: canonical bitmaps, the charge rule (f+1
    /// attestations, a block with room, only the tip's transactions), and attestations covered by
    /// the vote signature and carried by the certificate's canonical bytes.
    @Suite struct CensorshipIndicatorTests {
        static func block(height: Int64, proposerID: String, transactionCount: Int) -> Block {
            let root = SHA256Digest.hash([UInt8(height)])
            let header = BlockHeader(chainID: "c", height: height, previousHash: root, timestampMs: 1_000 * height, proposerID: proposerID,
                                     view: 0, transactionsRoot: root, receiptsRoot: root, stateHash: root, validatorSetHash: root,
                                     creditScoreTableHash: root, failedViewPrimaries: [], previousCommitCertificate: nil)
            let transactions = (0..<transactionCount).map { index in
                Transaction(body: TransactionBody(chainID: "c", senderID: "client", nonce: UInt64(index), expiryHeight: 9,
                                                  timestampMs: 0, payload: .pressureAdd), signature: [])
            }
            return Block(header: header, transactions: transactions)
        }

        /// The window (tip: block 6 by "b" with `tipCount` transactions, parent: block 5 by "a"
        /// with `parentCount`) and a certificate of block 6 whose signers attest these bitmaps.
        static func charge(parentCount: Int, tipCount: Int, attestations: [[UInt8]], attestersMin: Int = 2) -> String? {
            let window = CensorshipWindow().advanced(by: block(height: 1, proposerID: "x", transactionCount: 0))
            var advanced = window
            for height in Int64(2)...4 { advanced = advanced.advanced(by: block(height: height, proposerID: "x", transactionCount: 0)) }
            advanced = advanced.advanced(by: block(height: 5, proposerID: "a", transactionCount: parentCount))
            advanced = advanced.advanced(by: block(height: 6, proposerID: "b", transactionCount: tipCount))
            let signatures = attestations.enumerated().map { ValidatorSignature(validatorID: "v\($0.offset)", signature: [1], attestation: $0.element) }
            let certificate = CommitCertificate(height: 6, view: 0, blockHash: [6], signatures: signatures)
            return CensorshipIndicator.chargedPrimary(certificate: certificate, window: advanced, attestersMin: attestersMin,
                                                      transactionsPerBlockMax: 4)
        }

        @Test func bitmapsSetOneBitPerTransactionAndDropTrailingZeroBytes() {
            #expect(CensorshipIndicator.bitmap(count: 10) { [0, 3, 9].contains($0) } == [0b0000_1001, 0b0000_0010])
            #expect(CensorshipIndicator.bitmap(count: 20) { $0 == 2 } == [0b0000_0100])
            #expect(CensorshipIndicator.bitmap(count: 20) { _ in false } == [])
            #expect(CensorshipIndicator.isSet([0b0000_0010], 1) && !CensorshipIndicator.isSet([0b0000_0010], 0))
            #expect(!CensorshipIndicator.isSet([0xFF], 8), "bits beyond the bitmap are clear")
        }

        @Test func fPlusOneAttestationsOfOneTransactionChargeTheParentsPrimary() {
            #expect(Self.charge(parentCount: 1, tipCount: 3, attestations: [[0b100], [0b110], []]) == "a")
            #expect(Self.charge(parentCount: 1, tipCount: 3, attestations: [[0b100], [0b010], [0b001]]) == nil,
                    "three attested transactions, none by two signers")
            #expect(Self.charge(parentCount: 1, tipCount: 3, attestations: [[0b100], [], []]) == nil, "f attestations are not enough")
            #expect(Self.charge(parentCount: 1, tipCount: 3, attestations: [[0b100], [], []], attestersMin: 1) == "a")
        }

        @Test func aFullParentChargesNobody() {
            #expect(Self.charge(parentCount: 4, tipCount: 3, attestations: [[0b1], [0b1], [0b1]]) == nil)
            #expect(Self.charge(parentCount: 3, tipCount: 3, attestations: [[0b1], [0b1], [0b1]]) == "a")
        }

        @Test func bitsBeyondTheTipsTransactionsAreIgnored() {
            #expect(Self.charge(parentCount: 0, tipCount: 2, attestations: [[0b100], [0b100], [0b100]]) == nil)
        }

        @Test func noChargeWithoutAParentBlock() {
            let window = CensorshipWindow().advanced(by: Self.block(height: 1, proposerID: "a", transactionCount: 2))
            let certificate = CommitCertificate(height: 1, view: 0, blockHash: [1], signatures: [
                ValidatorSignature(validatorID: "v0", signature: [1], attestation: [1]),
                ValidatorSignature(validatorID: "v1", signature: [1], attestation: [1]),
            ])
            #expect(CensorshipIndicator.chargedPrimary(certificate: certificate, window: window, attestersMin: 1,
                                                       transactionsPerBlockMax: 4) == nil)
        }

        @Test func theVoteSignatureCoversTheAttestation() {
            let vote = SignedVote(height: 3, view: 0, phase: .commit, blockHash: [7], validatorID: "v0", signature: [], attestation: [0b1])
            let other = SignedVote(height: 3, view: 0, phase: .commit, blockHash: [7], validatorID: "v0", signature: [], attestation: [0b11])
            #expect(vote.payload(chainID: "c").canonicalBytes != other.payload(chainID: "c").canonicalBytes)
            let signature = StandInSigner.signature("v0", vote.payload(chainID: "c").canonicalBytes)
            #expect(!StandInVerifier().isValid(signature: signature, of: other.payload(chainID: "c").canonicalBytes, by: "v0"))
            let entry = ValidatorSignature(validatorID: "v0", signature: signature, attestation: [0b1])
            let certificate = CommitCertificate(height: 3, view: 0, blockHash: [7], signatures: [entry])
            #expect(StandInVerifier().isValid(signature: signature, of: certificate.payload(chainID: "c", of: entry).canonicalBytes, by: "v0"))
        }

        @Test func certificatesKeepAttestationsAndRefuseNonCanonicalOnes() throws {
            let entry = ValidatorSignature(validatorID: "v0", signature: [9], attestation: [0b101, 0b1])
            let certificate = CommitCertificate(height: 3, view: 1, blockHash: [7], signatures: [entry])
            #expect(try CommitCertificate(canonicalBytes: certificate.canonicalBytes) == certificate)
            let trailingZero = ValidatorSignature(validatorID: "v0", signature: [9], attestation: [0b1, 0])
            #expect(throws: CanonicalError.self) { try ValidatorSignature(canonicalBytes: trailingZero.canonicalBytes) }
            let vote = SignedVote(height: 3, view: 0, phase: .commit, blockHash: [7], validatorID: "v0", signature: [1], attestation: [0b1])
            #expect(try SignedVote(canonicalBytes: vote.canonicalBytes) == vote)
        }
    }
}

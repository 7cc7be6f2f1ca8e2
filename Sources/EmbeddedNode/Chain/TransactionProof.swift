import Canonical
import Foundation

/// Everything someone without a node needs to check that a transaction was committed: the
/// transaction, its receipt, the block header, the Merkle inclusion proofs of both in that
/// header, and the block's commit certificate. Checked against the chain's genesis file
/// (chain id, suite, validator keys). Validator keys rotated after genesis are not covered
/// by this format version: such a chain's proofs fail with "bad signature".
public struct TransactionProof: Sendable, Equatable {
    /// The block header.
    public let header: BlockHeader
    /// The transaction.
    public let transaction: Transaction
    /// Its receipt.
    public let receipt: Receipt
    /// The transaction's inclusion in `header.transactionsRoot`.
    public let transactionInclusion: InclusionProof
    /// The receipt's inclusion in `header.receiptsRoot`.
    public let receiptInclusion: InclusionProof
    /// 2f+1 commit signatures over the block.
    public let certificate: CommitCertificate

    /// Creates a proof from its parts.
    public init(header: BlockHeader, transaction: Transaction, receipt: Receipt, transactionInclusion: InclusionProof,
                receiptInclusion: InclusionProof, certificate: CommitCertificate) {
        self.header = header
        self.transaction = transaction
        self.receipt = receipt
        self.transactionInclusion = transactionInclusion
        self.receiptInclusion = receiptInclusion
        self.certificate = certificate
    }

    /// The first reason the proof does not hold for this genesis, or nil when it does.
    public func problem(genesis: Genesis) -> String? {
        let suite = genesis.suite
        guard header.chainID == genesis.chainID else { return "the block is from chain \(header.chainID), not \(genesis.chainID)" }
        guard transaction.body.chainID == genesis.chainID else { return "the transaction names another chain" }
        guard receipt.transactionHash == transaction.hash(suite), receipt.height == header.height else {
            return "the receipt is not this transaction's"
        }
        guard transactionInclusion.verifies(leaf: transaction.canonicalBytes, root: header.transactionsRoot, hash: suite.hash) else {
            return "the transaction is not in the block (inclusion proof fails)"
        }
        guard receiptInclusion.verifies(leaf: receipt.canonicalBytes, root: header.receiptsRoot, hash: suite.hash) else {
            return "the receipt is not in the block (inclusion proof fails)"
        }
        guard certificate.height == header.height, certificate.blockHash == header.hash(suite) else {
            return "the certificate is for another block"
        }
        let validators = Dictionary(uniqueKeysWithValues: genesis.organisations.filter(\.isValidator).map { ($0.organisation.id, $0.publicKey) })
        let quorum = Quorum.size(validatorCount: validators.count)
        return certificate.problem(chainID: genesis.chainID, validators: validators, quorum: quorum, suite: suite)
            .map { "commit certificate: \($0)" }
    }

    /// The proof file: JSON with each part as canonical hex, for people to pass around.
    public var fileData: Data {
        let file = File(format: "fundchain-proof", version: 1, chainID: header.chainID, height: header.height,
                        transactionHash: Hex.encode(receipt.transactionHash), header: Hex.encode(header.canonicalBytes),
                        transaction: Hex.encode(transaction.canonicalBytes), receipt: Hex.encode(receipt.canonicalBytes),
                        transactionInclusion: Hex.encode(transactionInclusion.canonicalBytes),
                        receiptInclusion: Hex.encode(receiptInclusion.canonicalBytes), certificate: Hex.encode(certificate.canonicalBytes))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(file)) ?? Data()
    }

    /// Reads a proof file, naming the part that is malformed.
    public init(fileData: Data) throws(ProofFileError) {
        guard fileData.count <= 16 << 20, let file = try? JSONDecoder().decode(File.self, from: fileData) else { throw .malformed("not a proof file") }
        guard file.format == "fundchain-proof", file.version == 1 else { throw .malformed("format \(file.format) version \(file.version)") }
        func part<Value: CanonicalDecodable>(_ hex: String, _ name: String) throws(ProofFileError) -> Value {
            guard let bytes = Hex.decode(hex), let value = try? Value(canonicalBytes: bytes) else { throw .malformed("\(name) is not valid") }
            return value
        }
        self.init(header: try part(file.header, "header"), transaction: try part(file.transaction, "transaction"),
                  receipt: try part(file.receipt, "receipt"), transactionInclusion: try part(file.transactionInclusion, "transactionInclusion"),
                  receiptInclusion: try part(file.receiptInclusion, "receiptInclusion"), certificate: try part(file.certificate, "certificate"))
    }

    private struct File: Codable {
        let format: String
        let version: Int
        let chainID: String
        let height: Int64
        let transactionHash: String
        let header: String
        let transaction: String
        let receipt: String
        let transactionInclusion: String
        let receiptInclusion: String
        let certificate: String
    }
}

/// Why a proof file could not be read.
public enum ProofFileError: Error, Equatable, Sendable {
    /// The file or one of its parts is malformed (the text names which).
    case malformed(String)
}

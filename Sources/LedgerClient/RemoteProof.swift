import Canonical
import EmbeddedNode

/// Assembles a committed transaction's proof (transaction, receipt, both inclusion proofs,
/// header, certificate) from a node's JSON-RPC answers, each part decoded from its canonical
/// hex. Shared by `RemoteLedger.transactionProof(hash:)` and `fundchain proof`, which has no
/// key to sign with.
public enum RemoteProof {
    /// The proof of the transaction with this hash, or nil when the node has not committed it.
    public static func fetch(_ hash: [UInt8], client: JSONRPCClient, timeout: Duration = .seconds(30)) async throws(LedgerError) -> TransactionProof? {
        func call(_ method: String, _ params: JSONValue) async throws(LedgerError) -> JSONValue {
            do {
                return try await client.call(method, params: params, timeout: timeout)
            } catch {
                throw RemoteAnswer.error(error)
            }
        }
        let hex = Hex.encode(hash)
        let located: JSONValue
        do {
            located = try await call("fc_getTransactionByHash", ["hash": .string(hex)])
        } catch .notFound {
            return nil
        }
        let height = try RemoteAnswer.integer(located, "height", "transaction")
        let index = try RemoteAnswer.integer(located, "index", "transaction")
        let block = try await call("fc_getBlockByNumber", ["height": .integer(height)])
        let inclusion = try await call("fc_getInclusionProof", ["hash": .string(hex)])
        guard let receipts = block["receipts"]?.arrayValue, receipts.indices.contains(Int(index)) else {
            throw .malformedAnswer("block \(height) has no receipt \(index)")
        }
        return TransactionProof(
            header: try RemoteAnswer.canonical(block["header"] ?? .null, "block.header"),
            transaction: try RemoteAnswer.canonical(located, "transaction"),
            receipt: try RemoteAnswer.canonical(receipts[Int(index)], "block.receipts[\(index)]"),
            transactionInclusion: try RemoteAnswer.canonical(inclusion["proof"] ?? .null, "inclusion.proof"),
            receiptInclusion: try RemoteAnswer.canonical(inclusion["receiptProof"] ?? .null, "inclusion.receiptProof"),
            certificate: try RemoteAnswer.canonical(block["certificate"] ?? .null, "block.certificate"))
    }
}

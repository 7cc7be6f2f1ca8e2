import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation

/// `fundchain proof TXHASH`: exports a committed transaction's proof from a node, for checking
/// offline with `fundchain verify --proof` (by anyone with the genesis file, without a node).
struct ProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof", abstract: "Export a committed transaction's proof (transaction, receipt, inclusion proofs, header, certificate).")

    @Argument(help: "The transaction hash (hex).")
    var transactionHash: String
    @Option(name: .long, help: "The proof file to write.")
    var out: String
    @OptionGroup var connection: NodeConnectionOptions

    func run() async throws {
        let client = try connection.client()
        defer { Task { await client.close() } }
        let proof: TransactionProof
        do {
            proof = try await Self.fetch(transactionHash, client: client)
        } catch {
            throw CommandFailure("cannot export the proof of \(transactionHash): \(error)")
        }
        try proof.fileData.write(to: URL(fileURLWithPath: out), options: .withoutOverwriting)
        print("proof \(out)  height \(proof.header.height)  transaction \(transactionHash)")
    }

    /// Assembles the proof from the node's answers, decoding each part from its canonical hex.
    static func fetch(_ hash: String, client: JSONRPCClient) async throws -> TransactionProof {
        let timeout = Duration.seconds(30)
        let located = try await client.call("fc_getTransactionByHash", params: ["hash": .string(hash)], timeout: timeout)
        guard let height = located["height"]?.int64Value, let index = located["index"]?.int64Value else { throw CommandFailure("no height/index") }
        let block = try await client.call("fc_getBlockByNumber", params: ["height": .integer(height)], timeout: timeout)
        let inclusion = try await client.call("fc_getInclusionProof", params: ["hash": .string(hash)], timeout: timeout)
        guard let receiptJSON = block["receipts"]?.arrayValue?[Int(index)] else { throw CommandFailure("no receipt \(index) in block \(height)") }
        let header: BlockHeader = try decode(block["header"])
        return TransactionProof(
            header: header, transaction: try decode(located), receipt: try decode(receiptJSON),
            transactionInclusion: try decode(inclusion["proof"]), receiptInclusion: try decode(inclusion["receiptProof"]),
            certificate: try decode(block["certificate"]))
    }

    /// The value whose canonical hex `json["canonical"]` carries.
    static func decode<Value: CanonicalDecodable>(_ json: JSONValue?) throws -> Value {
        guard let hex = json?["canonical"]?.stringValue, let bytes = Hex.decode(hex) else { throw CommandFailure("answer lacks canonical bytes") }
        return try Value(canonicalBytes: bytes)
    }

    /// Checks a proof file against a genesis.
    static func verify(_ path: String, genesis: Genesis) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
        let proof: TransactionProof
        do { proof = try TransactionProof(fileData: data) } catch { throw CommandFailure("\(path): \(error)") }
        if let problem = proof.problem(genesis: genesis) { throw CommandFailure("\(path) does NOT prove the transaction: \(problem)") }
        let outcome: String
        switch proof.receipt.outcome {
        case .success: outcome = "succeeded"
        case .failure(let reason): outcome = "failed (\(reason))"
        }
        return "valid: transaction \(Hex.encode(proof.receipt.transactionHash)) committed at height \(proof.header.height), \(outcome)"
    }
}

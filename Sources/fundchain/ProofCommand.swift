import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import LedgerClient

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
        guard let hash = Hex.decode(transactionHash.lowercased()), hash.count == 32 else {
            throw ValidationError("the transaction hash must be 64 hex digits")
        }
        let client = try connection.client()
        defer { Task { await client.close() } }
        let proof: TransactionProof
        do {
            guard let found = try await RemoteProof.fetch(hash, client: client) else { throw CommandFailure("transaction \(transactionHash) is not committed") }
            proof = found
        } catch let error as LedgerError {
            throw CommandFailure("cannot export the proof of \(transactionHash): \(error.message(.english))")
        }
        try proof.fileData.write(to: URL(fileURLWithPath: out), options: .withoutOverwriting)
        print("proof \(out)  height \(proof.header.height)  transaction \(transactionHash)")
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

import ArgumentParser
import Canonical
import EmbeddedNode
import Foundation
import LedgerClient
import Workflow

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
    @OptionGroup var languageOptions: LanguageOptions

    func run() async throws {
        let l = languageOptions.language
        guard let hash = Hex.decode(transactionHash.lowercased()), hash.count == 32 else {
            throw ValidationError(l.pick("交易哈希须为 64 位十六进制数字", "the transaction hash must be 64 hex digits"))
        }
        let client = try connection.client(language: l)
        defer { Task { await client.close() } }
        let proof: TransactionProof
        do {
            guard let found = try await RemoteProof.fetch(hash, client: client) else { throw CommandFailure(l.pick("交易 \(transactionHash) 尚未上链", "transaction \(transactionHash) is not committed")) }
            proof = found
        } catch let error as LedgerError {
            throw CommandFailure(l.pick("无法导出 \(transactionHash) 的证明：", "cannot export the proof of \(transactionHash): ") + error.message(l))
        }
        try proof.fileData.write(to: URL(fileURLWithPath: out), options: .withoutOverwriting)
        print(l.pick("证明 \(out)  高度 \(proof.header.height)  交易 \(transactionHash)", "proof \(out)  height \(proof.header.height)  transaction \(transactionHash)"))
    }

    /// Checks a proof file against a genesis.
    static func verify(_ path: String, genesis: Genesis, language l: Language) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure(l.pick("无法读取 \(path)", "cannot read \(path)")) }
        let proof: TransactionProof
        do { proof = try TransactionProof(fileData: data) } catch { throw CommandFailure("\(path): \(error)") }
        if let problem = proof.problem(genesis: genesis) {
            throw CommandFailure(l.pick("\(path) 不能证明该交易：\(problem)", "\(path) does NOT prove the transaction: \(problem)"))
        }
        let outcome: String
        switch proof.receipt.outcome {
        case .success: outcome = l.pick("执行成功", "succeeded")
        case .failure(let reason): outcome = l.pick("执行被拒（\(reason.message(l))）", "failed (\(reason.message(l)))")
        }
        let transaction = Hex.encode(proof.receipt.transactionHash)
        return l.pick("有效：交易 \(transaction) 已在高度 \(proof.header.height) 上链，\(outcome)",
                      "valid: transaction \(transaction) committed at height \(proof.header.height), \(outcome)")
    }
}

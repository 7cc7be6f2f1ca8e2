import EmbeddedNode
import Foundation
import LedgerClient
import Workflow

/// The documents screen's work outside the model: hashing files, anchoring, checking a file
/// against the chain, and writing a proof file (`Ledger.transactionProof`, the same proof
/// `fundchain proof` exports).
enum Documents {
    /// The SHA-256 of the file's bytes, nil when it cannot be read.
    static func sha256(ofFile path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { SHA256Digest.hash(Array($0)) }
    }

    /// The refusal for a file that cannot be read.
    static func unreadable(_ path: String) -> Bilingual {
        Bilingual("无法读取文件「\(path)」", "Cannot read the file \"\(path)\"")
    }

    /// Anchors `sha256` under `key` and waits for the receipt.
    static func anchor(key: String, sha256: [UInt8], on ledger: any Ledger, timeout: Duration) async -> TUIEvent {
        do {
            let receipt = try await ledger.submitAndWait(.anchorStore(key: key, valueHash: sha256), timeout: timeout)
            switch receipt.outcome {
            case .success: return .documentAnchored(key: key, transactionHash: receipt.transactionHash, height: receipt.height)
            case .failure(let reason): return .refused(Bilingual(rendering: reason.message))
            }
        } catch {
            return .refused(Bilingual(rendering: error.message))
        }
    }

    /// Hashes the file and reads what is anchored under `key`.
    static func verify(path: String, key: String, on ledger: any Ledger) async -> TUIEvent {
        guard let fileHash = sha256(ofFile: path) else { return .refused(unreadable(path)) }
        do {
            return .documentChecked(DocumentCheck(key: key, fileHash: fileHash, anchoredHash: try await ledger.anchor(key: key)))
        } catch {
            return .refused(Bilingual(rendering: error.message))
        }
    }

    /// Writes the proof of the transaction with `hash` to a new file at `path` (never over an
    /// existing one).
    static func exportProof(_ hash: [UInt8], to path: String, on ledger: any Ledger) async -> TUIEvent {
        let proof: TransactionProof
        do {
            guard let found = try await ledger.transactionProof(hash: hash) else {
                return .refused(Bilingual("该交易尚未上链", "That transaction is not committed"))
            }
            proof = found
        } catch {
            return .refused(Bilingual(rendering: error.message))
        }
        do {
            try proof.fileData.write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            return .refused(Bilingual("无法写入「\(path)」（文件已存在或目录不可写）", "Cannot write \(path) (it exists, or the folder is not writable)"))
        }
        let height = proof.header.height
        return .succeeded(Bilingual("证明已写入「\(path)」（区块 \(height)）；可用 fundchain verify --proof 离线核验",
                                    "Proof written to \(path) (block \(height)); check it offline with fundchain verify --proof"))
    }
}

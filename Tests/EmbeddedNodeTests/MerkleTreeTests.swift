import Canonical
@testable import EmbeddedNode
import Testing

/// The Merkle tree matches RFC 6962's published test vectors (Certificate Transparency), and
/// every inclusion proof verifies while tampered ones do not.
@Suite struct MerkleTreeTests {
    static let leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
        .map { Hex.decode($0)! }
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test func rfc6962Roots() {
        #expect(Hex.encode(MerkleTree.root([], hash: SHA256Digest.hash)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        for count in 1...8 {
            #expect(Hex.encode(MerkleTree.root(Array(Self.leaves.prefix(count)), hash: SHA256Digest.hash)) == Self.roots[count - 1], "\(count) leaves")
        }
    }

    @Test func everyProofVerifiesAndTamperingFails() throws {
        for count in 1...33 {
            let leaves = (0..<count).map { [UInt8(truncatingIfNeeded: $0), 0xAB] }
            let root = MerkleTree.root(leaves, hash: SHA256Digest.hash)
            for index in 0..<count {
                let proof = MerkleTree.proof(leaves, index: index, hash: SHA256Digest.hash)
                #expect(proof.verifies(leaf: leaves[index], root: root, hash: SHA256Digest.hash), "\(index) of \(count)")
                #expect(!proof.verifies(leaf: [0xFF], root: root, hash: SHA256Digest.hash))
                let decoded = try InclusionProof(canonicalBytes: proof.canonicalBytes)
                #expect(decoded == proof)
                if count > 1 {
                    let moved = InclusionProof(leafIndex: (index + 1) % count, leafCount: count, path: proof.path)
                    #expect(!moved.verifies(leaf: leaves[index], root: root, hash: SHA256Digest.hash) || leaves[index] == leaves[(index + 1) % count])
                }
            }
        }
        let proof = MerkleTree.proof(Self.leaves, index: 3, hash: SHA256Digest.hash)
        let wrongCount = InclusionProof(leafIndex: 3, leafCount: 9, path: proof.path)
        #expect(!wrongCount.verifies(leaf: Self.leaves[3], root: Hex.decode(Self.roots[7])!, hash: SHA256Digest.hash))
        #expect(!InclusionProof(leafIndex: 8, leafCount: 8, path: proof.path).verifies(leaf: Self.leaves[3], root: Hex.decode(Self.roots[7])!, hash: SHA256Digest.hash))
    }
}

import Canonical

/// A Merkle tree over a block's transactions (or receipts), shaped as in RFC 6962: a leaf is
/// hash(0x00 || leaf bytes), an inner node hash(0x01 || left || right), and a list of n > 1
/// items splits at the largest power of two below n. The empty tree's root is hash().
/// Domain separation keeps a leaf from passing for an inner node.
public enum MerkleTree {
    /// The root over `leaves` with the suite's hash.
    public static func root(_ leaves: [[UInt8]], hash: ([UInt8]) -> [UInt8]) -> [UInt8] {
        guard !leaves.isEmpty else { return hash([]) }
        var level = leaves.map { hash([0x00] + $0) }
        return subtreeRoot(&level, range: 0..<level.count, hash: hash)
    }

    /// The audit path proving that `leaves[index]` is in the tree, leaf to root.
    public static func proof(_ leaves: [[UInt8]], index: Int, hash: ([UInt8]) -> [UInt8]) -> InclusionProof {
        precondition(leaves.indices.contains(index), "proof for a leaf outside the tree")
        var hashed = leaves.map { hash([0x00] + $0) }
        var range = 0..<hashed.count
        var position = index
        var pending: [[UInt8]] = []
        while range.count > 1 {
            let split = largestPowerOfTwo(below: range.count)
            let left = range.lowerBound..<range.lowerBound + split
            let right = range.lowerBound + split..<range.upperBound
            if position < split {
                pending.append(subtreeRoot(&hashed, range: right, hash: hash))
                range = left
            } else {
                pending.append(subtreeRoot(&hashed, range: left, hash: hash))
                range = right
                position -= split
            }
        }
        return InclusionProof(leafIndex: index, leafCount: leaves.count, path: pending.reversed())
    }

    private static func subtreeRoot(_ hashed: inout [[UInt8]], range: Range<Int>, hash: ([UInt8]) -> [UInt8]) -> [UInt8] {
        if range.count == 1 { return hashed[range.lowerBound] }
        let split = largestPowerOfTwo(below: range.count)
        let left = subtreeRoot(&hashed, range: range.lowerBound..<range.lowerBound + split, hash: hash)
        let right = subtreeRoot(&hashed, range: range.lowerBound + split..<range.upperBound, hash: hash)
        return hash([0x01] + left + right)
    }

    /// The largest power of two strictly less than `count` (count ≥ 2).
    static func largestPowerOfTwo(below count: Int) -> Int {
        precondition(count >= 2, "split of fewer than two leaves")
        var power = 1
        while power << 1 < count { power <<= 1 }
        return power
    }
}

/// Proof that one leaf is in a Merkle tree of `leafCount` leaves: the sibling hashes from the
/// leaf up to the root (RFC 6962 audit path). Checkable by anyone with the leaf and the root.
public struct InclusionProof: Hashable, Sendable, CanonicalCodable {
    /// The leaf's position.
    public let leafIndex: Int
    /// How many leaves the tree has.
    public let leafCount: Int
    /// Sibling hashes, leaf level first.
    public let path: [[UInt8]]

    /// The most siblings a proof can need (trees of up to 2^40 leaves).
    public static let pathLengthMax = 40

    /// Creates a proof.
    public init(leafIndex: Int, leafCount: Int, path: [[UInt8]]) {
        self.leafIndex = leafIndex
        self.leafCount = leafCount
        self.path = path
    }

    /// Whether `leaf` at `leafIndex` hashes up to `root` along `path`.
    public func verifies(leaf: [UInt8], root: [UInt8], hash: ([UInt8]) -> [UInt8]) -> Bool {
        guard leafIndex >= 0, leafIndex < leafCount, path.count <= Self.pathLengthMax else { return false }
        // Walk down from the root to find, at each level, whether the leaf is left or right.
        var sides: [Bool] = []   // true when the sibling is on the right
        var range = 0..<leafCount
        var position = leafIndex
        while range.count > 1 {
            let split = MerkleTree.largestPowerOfTwo(below: range.count)
            if position < split {
                sides.append(true)
                range = range.lowerBound..<range.lowerBound + split
            } else {
                sides.append(false)
                range = range.lowerBound + split..<range.upperBound
                position -= split
            }
        }
        guard sides.count == path.count else { return false }
        var current = hash([0x00] + leaf)
        for (sibling, siblingOnRight) in zip(path, sides.reversed()) {
            current = siblingOnRight ? hash([0x01] + current + sibling) : hash([0x01] + sibling + current)
        }
        return current == root
    }

    /// Field order: leafIndex, leafCount, path (each hash length-prefixed).
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(leafIndex)
        writer.write(leafCount)
        writer.write(path.count)
        for sibling in path { writer.write(bytes: sibling) }
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        leafIndex = try reader.readInt()
        leafCount = try reader.readInt()
        let count = try reader.readInt(limit: Self.pathLengthMax)
        var path: [[UInt8]] = []
        for _ in 0..<count { path.append(try reader.readBytes(limit: 64)) }
        self.path = path
    }
}

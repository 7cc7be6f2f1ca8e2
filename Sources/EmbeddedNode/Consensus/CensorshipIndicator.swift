import Canonical

/// What the censorship indicator needs to know about one committed block: who packed it,
/// when, at which height, and how many transactions it carries.
public struct PackedBlockSummary: Hashable, Sendable {
    /// The block's height.
    public let height: Int64
    /// Its proposer (the primary that packed it, whatever view it was re-proposed in).
    public let proposerID: String
    /// Its header's timestamp: when it was packed (UTC ms).
    public let timestampMs: Int64
    /// How many transactions it carries.
    public let transactionCount: Int

    /// The summary of `block`.
    public init(_ block: Block) {
        height = block.header.height
        proposerID = block.header.proposerID
        timestampMs = block.header.timestampMs
        transactionCount = block.transactions.count
    }
}

/// The two newest committed blocks, as the censorship indicator reads them when the next
/// block commits: `tip` is block h (whose commit certificate, with its attestations, the next
/// block carries) and `parent` is block h-1 (whose primary may be charged).
public struct CensorshipWindow: Hashable, Sendable {
    /// Block h, nil before block 1.
    public let tip: PackedBlockSummary?
    /// Block h-1, nil before block 2.
    public let parent: PackedBlockSummary?

    /// A window over `tip` and its `parent` (both nil at genesis).
    public init(tip: PackedBlockSummary? = nil, parent: PackedBlockSummary? = nil) {
        precondition(parent == nil || tip != nil, "a parent only below a tip")
        precondition(parent == nil || parent!.height + 1 == tip!.height, "the parent is the block below the tip")
        self.tip = tip
        self.parent = parent
    }

    /// The window after `block` committed on top of `tip`. A window that does not reach the
    /// block below (a core started without one) starts afresh, so the next block charges nobody.
    public func advanced(by block: Block) -> CensorshipWindow {
        let below = tip?.height == block.header.height - 1 ? tip : nil
        return CensorshipWindow(tip: PackedBlockSummary(block), parent: below)
    }
}

/// SPEC 7's censorship indicator. Each commit vote for block h carries an attestation: a bitmap
/// over h's transactions in which bit i says "this validator first saw transaction i at least
/// `censorshipGraceMs` before block h-1's timestamp" (by its own clock and mempool), covered by
/// the vote's signature. The canonical commit certificate of h, carried in block h+1, thus holds
/// 2f+1 signed attestations, and committing h+1 charges the primary of h-1 one S_f when some
/// transaction of h is attested by f+1 of them (at least one honest validator had it in time)
/// and block h-1 had room (fewer than `transactionsPerBlockMax` transactions). Everything it
/// reads is chain data, so every honest replica charges the same validator. See docs/CBFT.md,
/// "Censorship".
public enum CensorshipIndicator {
    /// The most bytes an attestation bitmap may have (one bit per transaction of a block).
    public static let attestationBytesMax = 12_500

    /// The attestation bitmap in canonical form: bit i (byte i / 8, bit i % 8 from the least
    /// significant) set when `attests(i)`, for i in 0..<count, trailing zero bytes dropped (so an
    /// attestation of nothing is empty).
    public static func bitmap(count: Int, attests: (Int) -> Bool) -> [UInt8] {
        precondition(count >= 0 && count <= attestationBytesMax * 8, "one bit per transaction of a block")
        var bytes = [UInt8](repeating: 0, count: (count + 7) / 8)
        for index in 0..<count where attests(index) { bytes[index / 8] |= 1 << UInt8(index % 8) }
        while bytes.last == 0 { bytes.removeLast() }
        return bytes
    }

    /// Whether `bitmap` sets bit `index`.
    public static func isSet(_ bitmap: [UInt8], _ index: Int) -> Bool {
        index / 8 < bitmap.count && bitmap[index / 8] & (1 << UInt8(index % 8)) != 0
    }

    /// The validator charged S_f when a block carrying `certificate` (the commit certificate of
    /// `window.tip`) commits: the proposer of `window.parent`, if that block had room and some
    /// transaction of `window.tip` is attested by at least `attestersMin` signers; nil otherwise
    /// (also for a certificate of another height). Bits beyond the tip's transactions are ignored.
    public static func chargedPrimary(certificate: CommitCertificate?, window: CensorshipWindow, attestersMin: Int,
                                      transactionsPerBlockMax: Int) -> String? {
        precondition(attestersMin >= 1, "a charge needs attestations")
        guard let certificate, let tip = window.tip, let parent = window.parent, certificate.height == tip.height else { return nil }
        guard parent.transactionCount < transactionsPerBlockMax else { return nil }  // a full block charges nobody
        for index in 0..<tip.transactionCount {
            let attesters = certificate.signatures.reduce(0) { $0 + (isSet($1.attestation, index) ? 1 : 0) }
            if attesters >= attestersMin { return parent.proposerID }
        }
        return nil
    }
}

extension CensorshipIndicator {
    /// Reads an attestation bitmap, refusing one longer than `attestationBytesMax` or with a
    /// trailing zero byte (not canonical).
    static func readAttestation(_ reader: inout CanonicalReader) throws(CanonicalError) -> [UInt8] {
        let start = reader.offset
        let bitmap = try reader.readBytes(limit: attestationBytesMax)
        guard bitmap.last != 0 else { throw .invalidValue(offset: start, reason: "attestation ends in a zero byte") }
        return bitmap
    }
}

import Foundation

/// Which character encoding a statement file is in.
public enum StatementEncoding: String, Sendable, Codable, CaseIterable {
    /// UTF-8 (with or without a byte order mark) if the bytes are valid UTF-8, else GB18030.
    case automatic
    /// UTF-8, with or without a byte order mark.
    case utf8
    /// GB18030, which includes GBK and GB2312: what most Chinese online banking exports use.
    case gb18030
}

/// Bytes of a statement file to text. Pure: takes bytes, never opens a file.
public enum StatementTextDecoding {
    /// The largest statement file accepted, in bytes (64 MiB), checked before decoding.
    public static let statementBytesMax = 64 * 1024 * 1024

    /// Foundation's GB18030 encoding (CFStringEncoding kCFStringEncodingGB_18030_2000 with
    /// the NSString high bit), spelled as its raw value so that CoreFoundation is not needed.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The UTF-8 byte order mark.
    static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Decodes `bytes` as `encoding` says. A leading byte order mark is dropped.
    /// Throws a file-level `.fileTooLarge` or `.undecodableText` problem.
    public static func decode(_ bytes: [UInt8], encoding: StatementEncoding) throws(StatementProblem) -> String {
        guard bytes.count <= statementBytesMax else {
            throw StatementProblem(line: 0, column: nil, code: .fileTooLarge(bytes: bytes.count))
        }
        let text: String?
        switch encoding {
        case .utf8: text = decodeUTF8(bytes)
        case .gb18030: text = decodeGB18030(bytes)
        case .automatic: text = decodeUTF8(bytes) ?? decodeGB18030(bytes)
        }
        guard let text else { throw StatementProblem(line: 0, column: nil, code: .undecodableText) }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// The text if `bytes` are valid UTF-8, else nil.
    private static func decodeUTF8(_ bytes: [UInt8]) -> String? {
        let body = bytes.starts(with: utf8ByteOrderMark) ? bytes.dropFirst(utf8ByteOrderMark.count) : bytes[...]
        return String(validating: body, as: UTF8.self)
    }

    /// The text if `bytes` are valid GB18030, else nil.
    private static func decodeGB18030(_ bytes: [UInt8]) -> String? {
        String(data: Data(bytes), encoding: gb18030)
    }
}

import Canonical

/// A project type an application may choose (the list is kept in genesis).
public struct ProjectType: Hashable, Sendable, CanonicalCodable {
    /// Stable code stored in applications ("crops").
    public let code: String
    /// The Chinese name ("种植业").
    public let nameChinese: String
    /// The English name ("Crops").
    public let nameEnglish: String

    /// Creates a project type.
    public init(code: String, nameChinese: String, nameEnglish: String) {
        self.code = code
        self.nameChinese = nameChinese
        self.nameEnglish = nameEnglish
    }

    /// The name in `language`.
    public func name(_ language: Language) -> String { language.pick(nameChinese, nameEnglish) }

    /// The default list of SPEC section 3.
    public static let defaults: [ProjectType] = [
        ProjectType(code: "crops", nameChinese: "种植业", nameEnglish: "Crops"),
        ProjectType(code: "livestock", nameChinese: "养殖业", nameEnglish: "Livestock"),
        ProjectType(code: "processing", nameChinese: "农产品加工", nameEnglish: "Agricultural processing"),
        ProjectType(code: "tourism", nameChinese: "乡村旅游", nameEnglish: "Rural tourism"),
        ProjectType(code: "infrastructure", nameChinese: "基础设施", nameEnglish: "Infrastructure"),
        ProjectType(code: "relocation", nameChinese: "易地扶贫搬迁", nameEnglish: "Relocation"),
        ProjectType(code: "education", nameChinese: "教育扶贫", nameEnglish: "Education"),
        ProjectType(code: "health", nameChinese: "健康扶贫", nameEnglish: "Health"),
        ProjectType(code: "employment", nameChinese: "就业扶贫", nameEnglish: "Employment"),
        ProjectType(code: "ecology", nameChinese: "生态扶贫", nameEnglish: "Ecology"),
        ProjectType(code: "other", nameChinese: "其他", nameEnglish: "Other"),
    ]

    /// Field order: code, nameChinese, nameEnglish.
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(code)
        writer.write(nameChinese)
        writer.write(nameEnglish)
    }

    /// Reads the fields in `encode(to:)` order.
    public init(from reader: inout CanonicalReader) throws(CanonicalError) {
        code = try reader.readString(limit: 64)
        nameChinese = try reader.readString(limit: 128)
        nameEnglish = try reader.readString(limit: 128)
    }
}

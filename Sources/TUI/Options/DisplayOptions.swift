/// How the terminal is drawn: colour or monochrome, Unicode or ASCII only. Meaning never
/// depends on colour (bold, reverse and markers carry it), so monochrome loses nothing.
public struct DisplayOptions: Sendable, Equatable {
    /// Whether the bars (header, key hints, selection) are drawn in colour.
    public let usesColor: Bool
    /// Whether ambiguous-width glyphs (… · › “ ” and box drawing) are drawn as ASCII.
    public let isASCII: Bool

    /// Creates options.
    public init(usesColor: Bool, isASCII: Bool) {
        self.usesColor = usesColor
        self.isASCII = isASCII
    }

    /// The options from the flags, the config file and the environment: colour unless
    /// `--no-color`, `color = false`, a non-empty NO_COLOR or TERM=dumb says otherwise;
    /// ASCII when `--ascii` or `ascii = true`.
    public static func resolve(noColorFlag: Bool, asciiFlag: Bool, config: ClientConfig, environment: [String: String]) -> DisplayOptions {
        let noColorVariable = !(environment["NO_COLOR"] ?? "").isEmpty
        let dumbTerminal = environment["TERM"] == "dumb"
        let usesColor = !noColorFlag && !noColorVariable && !dumbTerminal && config.usesColor != false
        return DisplayOptions(usesColor: usesColor, isASCII: asciiFlag || config.isASCII == true)
    }
}

import ArgumentParser
import Foundation
import Workflow

/// The `--lang` option every command shares; declared once and grouped into each command so
/// `fundchain SUBCOMMAND --lang zh` reaches the subcommand.
struct LanguageOptions: ParsableArguments {
    @Option(name: .long, help: "Language: zh or en (default: from LANGUAGE, LC_ALL, LC_MESSAGES, LANG).")
    var lang: String?

    /// The language chosen by the option or the environment.
    var language: Language { Language.resolve(explicit: lang, environment: ProcessInfo.processInfo.environment) }
}

import ArgumentParser
import Foundation
import LedgerClient
import Workflow

/// `fundchain tranche AMOUNT`: how a draft of AMOUNT yuan splits through the tranche table.
struct TrancheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tranche",
        abstract: "Show how a draft amount (in yuan) splits into tranches, in figures and 大写.")

    @Argument(help: "The draft amount in yuan, e.g. 12,345.67 or １２３４５.")
    var amount: String

    @OptionGroup var languageOptions: LanguageOptions

    func run() throws {
        let language = languageOptions.language
        let amountFen: Fen
        do {
            amountFen = try Fen(parsingYuan: amount)
        } catch {
            throw ValidationError(language.pick("金额「\(amount)」：", "Amount \"\(amount)\": ") + error.message(language))
        }
        let table = DemoConsortium.settings.trancheTable
        print("A = ¥\(amountFen.yuanText)  \(amountFen.chineseCapital)")
        for (rule, share) in zip(table.rules, table.split(amountFen)) {
            let route = "\(rule.payer.name(language)) → \(rule.payee.name(language))"
            print("\(rule.id.padding(toLength: 22, withPad: " ", startingAt: 0)) ¥\(share.yuanText)  \(share.chineseCapital)  \(route)")
        }
    }
}

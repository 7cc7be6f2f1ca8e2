import EmbeddedNode
import Foundation
import LedgerClient
import TUI
import Workflow

/// An application session over a folder of keystores: one sign-in choice per keystore whose
/// organisation is known (demo keys marked), in the consortium's order; signing in opens the
/// keystore and hands its identity to `ledger`, whichever node that ledger reaches.
enum KeystoreSession {
    /// The session for the keystores in `keys` among `organisations`; `attachCommand` (how
    /// another terminal attaches) is shown at sign-in.
    static func make(node: Header.Node, keys: URL, organisations: [Organisation], attachCommand: String? = nil,
                     ledger: @escaping @Sendable (LedgerIdentity) -> any Ledger) -> AppSession {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: keys.path)) ?? []).filter { $0.hasSuffix(".keystore") }.sorted()
        var files: [String: URL] = [:]
        var choices: [SignedInOrganisation] = []
        for name in names {
            let url = keys.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path), let header = try? Keystore.header(data),
                  let organisation = organisations.first(where: { $0.id == header.organisation }) else { continue }
            files[header.organisation] = url
            choices.append(SignedInOrganisation(organisation: organisation, isDemo: header.demo))
        }
        let order = DemoConsortium.organisations.map(\.id)
        choices.sort { (order.firstIndex(of: $0.organisation.id) ?? order.count) < (order.firstIndex(of: $1.organisation.id) ?? order.count) }
        let keystores = files
        return AppSession(node: node, choices: choices, attachCommand: attachCommand) { organisationID, passphrase in
            guard let url = keystores[organisationID] else { return .failure(.unreadableFile(path: organisationID, reason: "no keystore")) }
            do throws(LedgerIdentityError) {
                return .success(ledger(try LedgerIdentity.load(keystoreAt: url, passphrase: passphrase)))
            } catch {
                return .failure(error)
            }
        }
    }
}

import EmbeddedNode
import Foundation
import Glibc
import LedgerClient
import Testing
import WorkflowTestSupport

/// `fundchain` with no subcommand runs the demo consortium's four validators in its own
/// process, each with its own data directory, peering over mutual TLS on loopback, with
/// JSON-RPC behind the demo's token for other terminals. Checked from outside, as an operator
/// would: the files made on first run, every validator connected to the other three, one
/// chain (identical block hashes) after the county HQ files through the terminal, a second
/// terminal on the same directory told how to attach, and after a SIGKILL of the whole
/// process a reopen that resumes all four with every block committed before the kill.
@Suite("Embedded default: four validators in process", .serialized)
struct EmbeddedConsortiumTests {
    @Test func fourValidatorsAgreeAndAKilledProcessReopensWithEveryCommittedBlock() async throws {
        // A space in the path: the attach command quotes it for the shell.
        let workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain embedded-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: workDirectory) }
        let demo = EmbeddedDemo(directory: workDirectory.appendingPathComponent("demo"))
        let session = TerminalSession(arguments: ["--data-dir", demo.directory.path], script: .english)

        let first = try await session.open(as: "county-hq") { screen in
            // The sign-in screen says how to attach: the home validator's URL and the token file.
            let url = try #require(try await demo.urls()["provincial-office"])
            #expect(screen.contains("Attach another terminal") && screen.contains("fundchain --connect \(url) \\")
                    && screen.contains("--token-file '\(demo.tokenFile.path)'"), "\(screen)")
        }
        var committed: [String: [String]] = [:]
        do {
            try Self.expectFirstRunFiles(demo)
            let clients = try await demo.clients()
            defer { Task { await EmbeddedDemo.close(clients) } }
            try await Self.expectFullMesh(clients)
            try await Self.expectUnauthenticatedCallsRefused(demo)

            try await TerminalEndToEndTests.file(first, .english)
            let filedHeight = try await clients["provincial-office"]!.call("fc_blockCount", timeout: TestDeadline.seconds(30)).int64Value ?? 0
            try await EmbeddedDemo.waitForHeight(filedHeight, clients)
            let chains = try await EmbeddedDemo.blockHashes(clients)
            for (id, chain) in chains {
                #expect(chain.prefix(Int(filedHeight)) == chains["provincial-office"]!.prefix(Int(filedHeight)),
                        "\(id) holds the same blocks 1...\(filedHeight)")
            }

            let second = try await FundChainProcess.run(["--data-dir", demo.directory.path, "--lang", "en"])
            #expect(second.status != 0)
            #expect(second.output.contains("already running in another terminal") && second.output.contains("--connect http://127.0.0.1:")
                    && second.output.contains("--token-file '\(demo.tokenFile.path)' --data-dir '\(demo.directory.path)'"), "\(second.output)")

            let tokenless = try await FundChainProcess.run(["--connect", try #require(try await demo.urls()["auditor"]), "--data-dir", demo.directory.path,
                                                            "--lang", "en"])
            #expect(tokenless.status != 0)
            #expect(tokenless.output.contains("refuses calls without its token: give its token file with --token-file"), "\(tokenless.output)")

            committed = try await EmbeddedDemo.blockHashes(clients)
            kill(try demo.runningProcess(), SIGKILL)
            #expect(try await first.waitForExit() == 128 + SIGKILL)
        } catch {
            await first.stop()
            throw error
        }
        await first.stop()

        try await Self.expectResumed(demo, committed: committed, session: session)
    }

    @Test func aSingleValidatorDemoOfAnEarlierReleaseIsRefusedNamingTheWayOut() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundchain-embedded-old-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let created = try await FundChainProcess.run(["genesis", "demo", "--out", directory.path])
        try #require(created.status == 0, "\(created.output)")
        let refused = try await FundChainProcess.run(["--data-dir", directory.path, "--lang", "en"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("The demo chain in \(directory.path) has one validator") && refused.output.contains("--data-dir"),
                "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("data").path), "no validator started")
    }

    /// Reopens the killed demo: every validator resumes with at least the blocks it had
    /// committed, the same ones, and the application filed before the kill waits for the
    /// provincial office; quitting removes connect.txt.
    static func expectResumed(_ demo: EmbeddedDemo, committed: [String: [String]], session: TerminalSession) async throws {
        let reopened = try await session.open(as: "provincial-office")
        do {
            let clients = try await demo.clients()
            defer { Task { await EmbeddedDemo.close(clients) } }
            let resumed = try await EmbeddedDemo.blockHashes(clients)
            for id in EmbeddedDemo.validators {
                let before = try #require(committed[id]), after = try #require(resumed[id])
                #expect(after.count >= before.count && Array(after.prefix(before.count)) == before,
                        "\(id) resumes with its \(before.count) committed blocks (now \(after.count))")
            }
            try await reopened.waitFor(String(TerminalScript.english.projectName.prefix(6)), TerminalEndToEndTests.amount)
            try await session.quit(reopened)
        } catch {
            await reopened.stop()
            throw error
        }
        await reopened.stop()
        #expect(!FileManager.default.fileExists(atPath: demo.directory.appendingPathComponent("connect.txt").path),
                "connect.txt is removed when the validators stop")
    }

    /// The first run made the demo's keys, CA and node certificates owner-only, the token
    /// owner-only, and a data directory per validator.
    static func expectFirstRunFiles(_ demo: EmbeddedDemo) throws {
        var secrets = [demo.tokenFile, demo.directory.appendingPathComponent("ca/ca-key.pem")]
        for id in EmbeddedDemo.validators {
            secrets.append(demo.directory.appendingPathComponent("nodes/\(id)/node-key.pem"))
            secrets.append(demo.keys.appendingPathComponent("\(id).keystore"))
            #expect(FileManager.default.fileExists(atPath: demo.directory.appendingPathComponent("data/\(id)/chain.sqlite").path), "\(id) has its own chain")
        }
        for file in secrets {
            let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
            #expect(permissions == 0o600, "\(file.lastPathComponent) is owner-only")
        }
    }

    /// Every validator reports the other three connected.
    static func expectFullMesh(_ clients: [String: JSONRPCClient]) async throws {
        for (id, client) in clients {
            let others = EmbeddedDemo.validators.filter { $0 != id }
            try await Polling.wait(for: "\(id) connected to \(others)") {
                let health = try await client.call("fc_health", timeout: TestDeadline.seconds(30))
                return health["peers"]?.arrayValue?.compactMap(\.stringValue).sorted() == others
            }
        }
    }

    /// A call without the demo's token is refused.
    static func expectUnauthenticatedCallsRefused(_ demo: EmbeddedDemo) async throws {
        let url = try #require(try await demo.urls()["auditor"])
        let stranger = JSONRPCClient(endpoint: try #require(RPCEndpoint(url: url)), bearerToken: nil)
        defer { Task { await stranger.close() } }
        await #expect(throws: RPCClientError.self) { _ = try await stranger.call("fc_blockCount", timeout: TestDeadline.seconds(30)) }
    }
}

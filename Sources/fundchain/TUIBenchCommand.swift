import ArgumentParser
import EmbeddedNode
import Foundation
import LedgerClient
import TUI
import Workflow

/// `fundchain bench tui`: the terminal application's project list with N projects, drawn into
/// its cell grid without a terminal. The county HQ files N applications on a single-validator
/// node in process; the provincial office signs in through the real shell, whose inbox lists
/// the N applications awaiting its decision (read through `InProcessLedger` and
/// `EffectRunner`, as the application does). The run then scrolls: one frame per key (the
/// shell's update plus drawing the whole screen), down through every row, then back up a page
/// at a time. It reports the inbox load and ms per frame p50/p99/max.
struct TUIBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Render the project list (inbox) with N projects and scroll through it: ms per frame.")

    @Option(name: .long, help: "Projects (applications awaiting a decision).")
    var projects = 10_000
    @Option(name: .long, help: "Terminal columns.")
    var columns = 120
    @Option(name: .long, help: "Terminal rows.")
    var rows = 40
    @OptionGroup var languageOptions: LanguageOptions

    /// The largest list accepted.
    static let projectsMax = 100_000

    func run() async throws {
        guard (1...Self.projectsMax).contains(projects) else { throw ValidationError("--projects must be 1...\(Self.projectsMax)") }
        guard (Shell.minimumColumns...500).contains(columns), (Shell.minimumRows...200).contains(rows) else {
            throw ValidationError("--columns must be \(Shell.minimumColumns)...500 and --rows \(Shell.minimumRows)...200")
        }
        let language = languageOptions.language
        print(language.pick("县指挥部提交 \(projects) 份申请…", "the county HQ files \(projects) applications…"))
        let chain = try await BenchChain(transactionsPerBlockMax: 2000)
        defer { chain.remove() }
        let hq = DemoConsortium.organisations.first { $0.kind == .countyHQ }!
        let unit = DemoConsortium.organisations.first { $0.kind == .implementingUnit }!
        let filings = try (0..<projects).map { index in
            let application = WorkflowWorkload.application(index: index, budgetFen: Int64(100_000 + index % 997) * 100, unit: unit.id)
            return try chain.transaction(.workflow(.fileApplication(application)), from: hq.id, nonce: UInt64(index + 1))
        }
        let refused = try await chain.commit(filings, blockSize: 2000)
        guard refused == 0 else { throw CommandFailure("\(refused) applications were refused") }

        let office = DemoConsortium.organisations.first { $0.kind == .provincialOffice }!
        let ledger = InProcessLedger(node: chain.node, identity: LedgerIdentity(organisationID: office.id, key: chain.keys[office.id]!))
        var shell = Shell(language: language, header: Header(), root: SignInScreen(language: language, choices: []))
        _ = shell.update(.resize(columns: columns, rows: rows))
        let loadStart = ContinuousClock.now
        try await Self.feed(shell.update(.signedIn(SignedInOrganisation(organisation: office, isDemo: false))), to: &shell, ledger: ledger)
        let loadMs = (ContinuousClock.now - loadStart).seconds * 1000

        guard let inbox = shell.stack.last as? InboxScreen, inbox.list.items.count == projects else {
            throw CommandFailure("the inbox does not list the \(projects) applications")
        }
        var buffer = ScreenBuffer(columns: columns, rows: rows)
        shell.render(into: &buffer)
        let listed = Self.count(of: "第", in: buffer)
        let pageUps = (projects - 1 + inbox.list.pageRows - 1) / inbox.list.pageRows
        var frameMs: [Double] = []
        frameMs.reserveCapacity(projects + pageUps)
        for key in Array(repeating: Key.down, count: projects - 1) + Array(repeating: Key.pageUp, count: pageUps) {
            let start = ContinuousClock.now
            let effects = shell.update(.key(key))
            buffer = ScreenBuffer(columns: columns, rows: rows)
            shell.render(into: &buffer)
            frameMs.append((ContinuousClock.now - start).seconds * 1000)
            guard effects.isEmpty else { throw CommandFailure("scrolling asked for ledger work: \(effects)") }
            if frameMs.count % 256 == 0 { await Task.yield() }
        }
        await chain.node.close()
        let backAtTop = (shell.stack.last as? InboxScreen)?.list.selectedIndex == 0 && buffer.text.contains("第1号产业扶贫项目")
        TUIBenchReport(projects: projects, columns: columns, rows: rows, loadMs: loadMs, rowsListed: listed, frameMs: frameMs,
                       backAtTop: backAtTop).print(language)
    }

    /// Runs the ledger effects of signing in and feeds their answers back until none remain.
    static func feed(_ effects: [TUIEffect], to shell: inout Shell, ledger: InProcessLedger) async throws {
        var pending = effects
        while !pending.isEmpty {
            let effect = pending.removeFirst()
            guard let reply = await EffectRunner.run(effect, on: ledger) else { continue }
            pending += shell.update(reply)
        }
    }

    /// The rows of `buffer` holding `marker`.
    static func count(of marker: String, in buffer: ScreenBuffer) -> Int { buffer.text.split(separator: "\n").count { $0.contains(marker) } }
}

/// The figures of one TUI run: a table for people and one JSON line for scripts.
struct TUIBenchReport {
    let projects: Int
    let columns: Int
    let rows: Int
    let loadMs: Double
    let rowsListed: Int
    let frameMs: [Double]
    let backAtTop: Bool

    /// The frame time at quantile `q` (0...1), in ms.
    func quantile(_ q: Double) -> Double {
        let sorted = frameMs.sorted()
        return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
    }

    func print(_ language: Language) {
        var table = BenchTable()
        table.add(language.pick("列表", "list"), language.pick("省办待办：\(projects) 份待审批申请，\(columns)×\(rows) 字符，屏上 \(rowsListed) 行",
                                                            "provincial office inbox: \(projects) applications to decide, \(columns)x\(rows) cells, \(rowsListed) rows on screen"))
        table.add(language.pick("读取待办", "inbox load"), BenchTable.figure(loadMs, 1) + " ms")
        table.add(language.pick("帧数", "frames"), language.pick("\(frameMs.count)（逐行向下，再逐页回到顶部）", "\(frameMs.count) (down row by row, back up page by page)"))
        table.add(language.pick("每帧 p50/p99/最大", "per frame p50/p99/max"),
                  [0.5, 0.99, 1.0].map { BenchTable.figure(quantile($0), 3) }.joined(separator: " / ") + " ms")
        table.add(language.pick("回到顶部", "back at the top"), backAtTop ? language.pick("是", "yes") : language.pick("否", "NO"))
        table.print()
        func ms(_ value: Double) -> JSONValue { .double((value * 1000).rounded() / 1000) }
        Swift.print(JSONValue.object(JSONObject([
            ("bench", .string("tui")), ("projects", .integer(Int64(projects))), ("columns", .integer(Int64(columns))), ("rows", .integer(Int64(rows))),
            ("inboxLoadMs", ms(loadMs)), ("rowsListed", .integer(Int64(rowsListed))), ("frames", .integer(Int64(frameMs.count))),
            ("frameP50Ms", ms(quantile(0.5))), ("frameP99Ms", ms(quantile(0.99))), ("frameMaxMs", ms(quantile(1.0))),
            ("backAtTop", .bool(backAtTop)),
        ])).serializedString())
    }
}

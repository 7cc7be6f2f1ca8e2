import Foundation

/// Blocking work (child processes, pipe reads, waits) moved off Swift's cooperative thread
/// pool, which has one thread per core: two tests blocking it would starve every other test.
public enum BlockingWork {
    /// Runs `body` on a dispatch thread and returns its result to the awaiting task.
    public static func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try body() })
            }
        }
    }
}

/// Executables SwiftPM builds beside the test bundle.
public enum BuiltProducts {
    /// The executable called `name` in the build directory holding the running test bundle.
    public static func executable(named name: String) -> URL? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }
}

/// Runs the built `fundchain` executable as a separate process.
public enum FundChainProcess {
    /// Runs `fundchain ARGUMENTS` to completion and returns its exit status and its standard
    /// output and error together.
    public static func run(_ arguments: [String], environment: [String: String]? = nil) async throws -> (status: Int32, output: String) {
        guard let executable = BuiltProducts.executable(named: "fundchain") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "fundchain is not built beside \(CommandLine.arguments[0])"])
        }
        return try await BlockingWork.run {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            if let environment { process.environment = environment }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }
}

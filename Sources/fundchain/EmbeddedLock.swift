import Foundation
import Glibc

/// The embedded default's hold on its data directory: an exclusive `flock` on
/// `DIR/embedded.lock` for as long as one terminal runs the demo's validators there, so a
/// second terminal never opens the same chains (it is told to attach instead). The file holds
/// the holder's process id. The kernel releases the lock when the process ends however it
/// ends, SIGKILL included, so a crash never leaves the directory locked.
final class EmbeddedLock {
    /// The lock file's name inside the demo directory.
    static let fileName = "embedded.lock"

    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock of `directory` and writes this process's id into it, or returns nil
    /// when another process holds it.
    static func acquire(in directory: URL) throws -> EmbeddedLock? {
        let path = directory.appendingPathComponent(fileName).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CommandFailure("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        let text = Array("\(getpid())\n".utf8)
        guard ftruncate(descriptor, 0) == 0, pwrite(descriptor, text, text.count, 0) == text.count else {
            close(descriptor)
            throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return EmbeddedLock(descriptor: descriptor)
    }

    /// The process id written by the lock's holder, if the file names one.
    static func holder(in directory: URL) -> Int32? {
        guard let text = try? String(contentsOf: directory.appendingPathComponent(fileName), encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Releases the lock (the file stays; the next holder rewrites it).
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

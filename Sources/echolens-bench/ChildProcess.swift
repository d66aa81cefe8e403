import Foundation

/// Runs another program as a child process and measures it the way the operating system sees it.
///
/// Peak memory must be the child's own (`wait4`'s `ru_maxrss`), not the largest of all children so far as
/// `getrusage(RUSAGE_CHILDREN)` would give, so children are started with `posix_spawn` and reaped with `wait4`.
struct ChildProcess {
  struct Outcome {
    var status: Int32
    var seconds: Double
    /// Peak resident set size of the child, in bytes.
    var maxResidentBytes: Int
    var standardError: String
  }

  let pid: pid_t
  /// The parent's ends of the child's standard input and output (when `pipes` was requested), else -1.
  let input: Int32
  let output: Int32
  let errorFile: String
  let started: Double

  /// Starts `executable` with `arguments`; the child's stderr goes to a temporary file so that a chatty child never
  /// blocks on a full pipe. With `pipes`, the child's stdin and stdout are pipes the caller speaks through;
  /// otherwise stdin is /dev/null and stdout is discarded.
  init(_ executable: String, _ arguments: [String], pipes: Bool = false, errorFile: String) throws {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var toChild: [Int32] = [-1, -1]
    var fromChild: [Int32] = [-1, -1]
    if pipes {
      guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
        throw BenchError("pipe: \(String(cString: strerror(errno)))")
      }
      posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
      posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
      for fd in toChild + fromChild { posix_spawn_file_actions_addclose(&actions, fd) }
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var child: pid_t = 0
    let started = Clock.now()
    let rc = posix_spawn(&child, executable, &actions, nil, argv, environ)
    guard rc == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(rc)))") }
    if pipes {
      close(toChild[0])
      close(fromChild[1])
    }
    pid = child
    input = toChild[1]
    output = fromChild[0]
    self.errorFile = errorFile
    self.started = started
  }

  /// Waits for the child to end and returns its exit status, wall time and peak memory.
  func wait() -> Outcome {
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = Clock.now() - started
    if input >= 0 { close(input) }
    if output >= 0 { close(output) }
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let err = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
    return Outcome(status: exitStatus, seconds: seconds, maxResidentBytes: usage.ru_maxrss * 1024, standardError: err)
  }

  /// Runs a program to completion.
  static func run(_ executable: String, _ arguments: [String], errorFile: String) throws -> Outcome {
    try ChildProcess(executable, arguments, errorFile: errorFile).wait()
  }
}

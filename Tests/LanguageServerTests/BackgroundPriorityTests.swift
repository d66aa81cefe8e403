import Foundation
import SystemCalls
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The server's background threads (index verification, warm-up) lower their own priority, and only their own.
@Suite struct BackgroundPriorityTests {
  #if os(Linux)
    static func niceness() -> Int32 { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }

    @Test func aThreadLowersItsOwnPriorityAndNoOtherThreads() throws {
      let before = Self.niceness()
      let seen = NSLock()
      nonisolated(unsafe) var lowered: (ok: Bool, niceness: Int32)?
      let done = DispatchSemaphore(value: 0)
      let thread = Thread {
        let ok = BackgroundPriority.lowerCurrentThread()
        let value = Self.niceness()
        seen.withLock { lowered = (ok, value) }
        done.signal()
      }
      thread.start()
      #expect(done.wait(timeout: .now() + 10) == .success)
      let result = try #require(seen.withLock { lowered })
      #expect(result.ok)
      #expect(result.niceness == max(before, BackgroundPriority.niceness))
      #expect(Self.niceness() == before, "the calling thread keeps its priority")
    }
  #endif
}

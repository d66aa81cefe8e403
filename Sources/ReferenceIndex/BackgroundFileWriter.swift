import Dispatch
import Foundation
import SystemCalls

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Appends filled buffers to a file on a thread of its own, in the order they were queued, while the builder goes
/// on with the next batch.
///
/// A 1 GiB build writes about 2.3 GB while it reads the corpus: the stored texts (`SectionWriter`) and every
/// token's term (`TokenSpill`). Each `write` copies its bytes into the page cache in the kernel, on the thread that
/// calls it; on the builder's thread that was about two seconds during which the corpus's next batch waited (the
/// build used 1.5 of its 2 cores, `perf` and a phase timer). Here the copy runs beside the tokeniser instead.
///
/// At most `buffersInFlight` buffers wait, so memory stays bounded; written buffers come back through
/// `emptyBuffer()` so that their pages are reused rather than freshly zeroed. A failed write is kept and reported
/// by the next call (and by `drain`), whose caller turns it into its own error; what follows it is not written.
final class BackgroundFileWriter: @unchecked Sendable {
  // @unchecked: `failure` and `spare` are touched only under `lock`; the descriptor and `unsynced` only on `queue`.
  private let fd: Int32
  private let queue: DispatchQueue
  private let slots: DispatchSemaphore
  private let lock = NSLock()
  private var failure: Int32?
  /// Written buffers kept for reuse, at most `buffersInFlight` of them.
  private var spare: [[UInt8]] = []
  private let bufferCapacity: Int
  private let buffersInFlight: Int
  /// Bytes written since the last background `fdatasync`.
  private var unsynced = 0
  /// After how many bytes to start a background `fdatasync` (0 for never).
  private let syncEvery: Int
  private let syncQueue: DispatchQueue

  init(fd: Int32, label: String, bufferCapacity: Int, buffersInFlight: Int = 4, syncEvery: Int = 0) {
    self.fd = fd
    self.bufferCapacity = bufferCapacity
    self.buffersInFlight = buffersInFlight
    self.syncEvery = syncEvery
    queue = DispatchQueue(label: label)
    syncQueue = DispatchQueue(label: label + ".sync", qos: .utility)
    slots = DispatchSemaphore(value: buffersInFlight)
  }

  deinit {
    // Nothing may be written to the descriptor once its owner closes it (a later file could reuse its number).
    queue.sync {}
    syncQueue.sync {}
  }

  /// An empty buffer of `bufferCapacity` bytes' capacity, reused when one has been written.
  func emptyBuffer() -> [UInt8] {
    lock.lock()
    let buffer = spare.popLast()
    lock.unlock()
    if let buffer { return buffer }
    var fresh: [UInt8] = []
    fresh.reserveCapacity(bufferCapacity)
    return fresh
  }

  /// Queues `buffer` to be appended after everything queued before; waits while `buffersInFlight` are waiting.
  ///
  /// - Returns: the `errno` of an earlier write that failed, in which case nothing more is written.
  func enqueue(_ buffer: [UInt8]) -> Int32? {
    if let failure = currentFailure() { return failure }
    slots.wait()
    queue.async { [self] in
      defer { slots.signal() }
      guard currentFailure() == nil else { return }
      let code = buffer.withUnsafeBytes { FileDescriptorWriting.writeAll(fd, $0) }
      lock.lock()
      if let code {
        failure = failure ?? code
      } else {
        var empty = buffer
        empty.removeAll(keepingCapacity: true)
        // A buffer that grew for one large write is not kept: it would hold its memory for the whole build.
        if spare.count < buffersInFlight, empty.capacity <= 2 * bufferCapacity { spare.append(empty) }
      }
      lock.unlock()
      guard code == nil, syncEvery > 0 else { return }
      unsynced += buffer.count
      if unsynced >= syncEvery {
        unsynced = 0
        // Hands the data to the disk while the build goes on; the owner's final `fsync` reports any failure.
        let fd = fd
        syncQueue.async { _ = fdatasync(fd) }
      }
    }
    return nil
  }

  /// Waits until every queued buffer is written (and every background sync started has finished).
  ///
  /// - Returns: the `errno` of the first write that failed, if one did.
  func drain() -> Int32? {
    queue.sync {}
    syncQueue.sync {}
    return currentFailure()
  }

  private func currentFailure() -> Int32? {
    lock.lock()
    defer { lock.unlock() }
    return failure
  }
}

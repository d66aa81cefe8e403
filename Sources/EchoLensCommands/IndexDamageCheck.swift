import Dispatch
import Foundation
import ReferenceIndex

/// What `scan` knows about the health of its indexes: every checksum and the data derived from the texts, verified
/// beside the scan, and the first damage a scan met.
///
/// Opening an index reads only its header, so that it is instant; damage in a section shows up either as an
/// `IndexError` from the checked reads during a scan or here, as a checksum mismatch or as postings, terms or totals
/// that differ from what the texts give (`ReferenceIndexFile.verifyDeep`), which also finds damage whose checksums
/// were recomputed. Deep verification runs once per index identity (`DeepVerifiedIdentities`); the checksums are
/// verified on every scan. Either stops the whole scan
/// with one line and status 2, because findings from a damaged index are not evidence. The verification runs on
/// its own thread while the files are scanned, so it costs wall time only when the index takes longer to hash than
/// the transcripts take to scan.
final class IndexDamageCheck: @unchecked Sendable {
  // @unchecked: `scanDamage` is guarded by `lock`; `verificationError` is written before `group.leave()` and read
  // only after `group.wait()`.
  private let lock = NSLock()
  private var scanDamage: IndexError?
  private var verificationError: Error?
  private let group = DispatchGroup()

  /// Starts verifying `sets` in the background.
  init(verifying sets: [ReferenceIndexSet]) {
    group.enter()
    DispatchQueue.global(qos: .utility).async { [self] in
      do {
        for set in sets { try set.verify(deep: true, verified: DeepVerifiedIdentities.standard()) }
      } catch {
        verificationError = error
      }
      group.leave()
    }
  }

  /// Whether a scan already met damage, so that the remaining files need not be scanned.
  var hasFailed: Bool {
    lock.lock()
    defer { lock.unlock() }
    return scanDamage != nil
  }

  /// Records damage a scan met; the first is kept.
  func record(_ error: IndexError) {
    lock.lock()
    defer { lock.unlock() }
    if scanDamage == nil { scanDamage = error }
  }

  /// Waits for the verification and throws the first damage found by a scan or by it.
  func check() throws {
    group.wait()
    lock.lock()
    let damage = scanDamage
    lock.unlock()
    if let damage { throw damage }
    if let verificationError { throw verificationError }
  }
}

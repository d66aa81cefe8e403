import Foundation
import TestSupport
import Testing
import TextProcessing

#if canImport(Glibc)
  import Glibc
#endif

/// The one mmap wrapper: bounds-checked reads, refusal of what is not a regular file, and survival when another
/// program truncates a mapped file (which would otherwise be a SIGBUS).
@Suite struct MappedFileTests {
  @Test func readsAreBoundsCheckedAndNeverTrap() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.write("f.bin", bytes: [1, 0, 0, 0, 2, 0, 0, 0, 3])
    let file = try MappedFile(path: path)
    #expect(file.count == 9)
    #expect(file.bytes.load(0, as: UInt32.self) == 1)
    #expect(file.bytes.load(5, as: UInt32.self) == 0x0300_0000)
    #expect(file.bytes.load(6, as: UInt32.self) == nil)
    #expect(file.bytes.load(-1, as: UInt8.self) == nil)
    #expect(file.bytes.load(Int.max, as: UInt64.self) == nil)
    #expect(file.bytes.withBytes(8..<9) { Array($0) } == [3])
    #expect(file.bytes.withBytes(8..<10) { Array($0) } == nil)
    #expect(!file.wasReplaced)
  }

  @Test func anEmptyFileMapsToNoBytes() throws {
    let dir = try TemporaryDirectory()
    let file = try MappedFile(path: try dir.write("empty", ""))
    #expect(file.count == 0 && file.bytes.load(0, as: UInt8.self) == nil)
  }

  @Test func whatIsNotARegularFileIsRefusedInPlainWords() throws {
    let dir = try TemporaryDirectory()
    #expect(mkfifo(dir.path + "/pipe", 0o644) == 0)
    // A regression that opens the FIFO blocking would wait for a writer forever, inside the test runner. The
    // watchdog then becomes that writer, which releases the open, and the test fails instead of hanging.
    let watchdog = FIFOWatchdog(path: dir.path + "/pipe", seconds: 10)
    defer { #expect(!watchdog.fired(), "opening the FIFO waited for a writer") }
    for (path, words) in [
      (dir.path + "/pipe", "it is a FIFO (named pipe), not a regular file"),
      (dir.path, "it is a directory, not a regular file"),
      ("/dev/null", "it is a character device, not a regular file"),
      (dir.path + "/missing", "no such file"),
    ] {
      #expect(throws: MappedFileError.self) { _ = try MappedFile(path: path) }
      do {
        _ = try MappedFile(path: path)
      } catch {
        #expect(error.description == "\(path): \(words)")
      }
    }
  }

  @Test func aFileTruncatedUnderTheMappingReadsAsZerosAndSaysSo() throws {
    let dir = try TemporaryDirectory()
    let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    let path = try dir.write("f.bin", bytes: [UInt8](repeating: 0xAB, count: 4 * pageSize))
    let file = try MappedFile(path: path)
    #expect(file.bytes.load(3 * pageSize, as: UInt8.self) == 0xAB)
    #expect(truncate(path, 0) == 0)
    // Without the fault guard this read is a SIGBUS: the page lies beyond the file's new end.
    #expect(file.bytes.load(2 * pageSize + 7, as: UInt8.self) == 0)
    #expect(file.wasReplaced)
    #expect(file.bytes.withBytes(0..<(4 * pageSize)) { $0.allSatisfy { $0 == 0 } } == true)
    // Another mapping is not affected.
    let other = try MappedFile(path: try dir.write("g.bin", bytes: [7, 7]))
    #expect(other.bytes.load(1, as: UInt8.self) == 7 && !other.wasReplaced)
  }

  @Test func aCorpusInputTruncatedWhileItIsReadIsAProblemNotACrash() throws {
    let dir = try TemporaryDirectory()
    let line = #"{"id": "x", "model": "m", "output": "\#(String(repeating: "word ", count: 200))"}"#
    let path = try dir.write("big.jsonl", Array(repeating: line, count: 200).joined(separator: "\n") + "\n")
    let reader = try CorpusReader(paths: [path], options: CorpusReadOptions())
    #expect(try reader.nextBatch(targetBytes: 4096)?.records.isEmpty == false)
    #expect(truncate(path, 0) == 0)
    #expect {
      while try reader.nextBatch(targetBytes: 1 << 20) != nil {}
    } throws: { error in
      "\(error)" == "\(path): the file shrank while it was being read (another program truncated or rewrote it)"
    }
  }
}

/// Opens the write end of a FIFO after a deadline unless stopped first: a reader blocked opening it is released.
final class FIFOWatchdog: @unchecked Sendable {
  // @unchecked: `done` and `didFire` are touched only under `lock`.
  private let lock = NSLock()
  private var done = false
  private var didFire = false

  init(path: String, seconds: Double) {
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
      lock.lock()
      defer { lock.unlock() }
      guard !done else { return }
      didFire = true
      let fd = open(path, O_WRONLY | O_NONBLOCK)
      if fd >= 0 { close(fd) }
    }
  }

  /// Stops the watchdog and says whether it had to release a blocked open.
  func fired() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    done = true
    return didFire
  }
}

import Foundation
import ReferenceIndex
import TestSupport
import Testing

/// `index verify` and the checks at open: a damaged or foreign file is refused with a message that says what is
/// wrong and names the file.
@Suite struct IndexFileIntegrityTests {
  /// A directory holding a freshly built index `ref.eli` of 12 documents.
  func builtIndex() throws -> (TemporaryDirectory, String) {
    let dir = try TemporaryDirectory()
    let input = try dir.write("ref.jsonl", IndexFixtures.corpus(count: 12))
    try IndexFixtures.build([input], to: dir.path + "/ref.eli")
    return (dir, dir.path + "/ref.eli")
  }

  @Test func verifyChecksEverySectionOfAGoodIndex() throws {
    let (directory, path) = try builtIndex()
    let index = try ReferenceIndexFile(path: path)
    let report = try withExtendedLifetime(directory) { try index.verify() }
    #expect(
      report.sectionsChecked == [
        "metadata", "documents", "strings", "postings", "directory", "terms", "tokens", "extra parts",
      ])
    #expect(report.bytesChecked == index.header.sections.reduce(0) { $0 + Int($1.length) })
  }

  @Test(arguments: [IndexSection.postings, .strings, .documents, .terms, .metadata, .tokens])
  func aFlippedByteInASectionFailsVerifyNamingTheSection(section: IndexSection) throws {
    let (dir, path) = try builtIndex()
    let entry = try ReferenceIndexFile(path: path).header.sections[section.rawValue]
    #expect(entry.length > 0)
    let corrupted = dir.path + "/corrupted.eli"
    try IndexFixtures.copy(path, to: corrupted) { $0[Int(entry.offset + entry.length / 2)] ^= 0x01 }
    let index = try ReferenceIndexFile(path: corrupted)  // opening reads only the header
    let message = IndexFixtures.errorText { _ = try index.verify() }
    #expect(
      message
        == "\(corrupted): index is corrupted: \(section.name) section checksum mismatch; rebuild it with `echolens index build`"
    )
  }

  @Test func aFlippedByteInTheHeaderIsRefusedAtOpen() throws {
    let (dir, path) = try builtIndex()
    let corrupted = dir.path + "/header.eli"
    try IndexFixtures.copy(path, to: corrupted) { $0[44] ^= 0x10 }  // inside the document count
    let message = IndexFixtures.errorText { _ = try ReferenceIndexFile(path: corrupted) }
    #expect(
      message == "\(corrupted): index is corrupted: header checksum mismatch; rebuild it with `echolens index build`")
  }

  @Test func aTruncatedCopyIsRefusedAtOpen() throws {
    let (dir, path) = try builtIndex()
    let size = try IndexFixtures.bytes(path).count
    let short = dir.path + "/short.eli"
    try IndexFixtures.copy(path, to: short) { $0.removeLast(100) }
    let message = try #require(IndexFixtures.errorText { _ = try ReferenceIndexFile(path: short) })
    #expect(message.hasPrefix("\(short): index is truncated: expected at least"))
    #expect(message.hasSuffix("found \(size - 100)"))

    let headerOnly = dir.path + "/header-only.eli"
    try IndexFixtures.copy(path, to: headerOnly) { $0.removeLast($0.count - 100) }
    #expect(
      IndexFixtures.errorText { _ = try ReferenceIndexFile(path: headerOnly) }
        == "\(headerOnly): index is truncated: expected at least 512 bytes, found 100")

    let empty = try dir.write("empty.eli", "")
    #expect(
      IndexFixtures.errorText { _ = try ReferenceIndexFile(path: empty) }
        == "\(empty): index is truncated: expected at least 512 bytes, found 0")
  }

  @Test func foreignFilesAreRefusedAtOpen() throws {
    let dir = try TemporaryDirectory()
    var generator = SeededGenerator(seed: 42)
    let random = try dir.write("random.eli", bytes: (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
    let json = try dir.write("index.json", #"{"documents": [], "version": 1}"#)
    #expect(
      IndexFixtures.errorText { _ = try ReferenceIndexFile(path: random) }
        == "\(random): not an echolens index (bad magic number)")
    #expect(
      IndexFixtures.errorText { _ = try ReferenceIndexFile(path: json) }
        == "\(json): not an echolens index (bad magic number)")
    let directory = IndexFixtures.errorText { _ = try ReferenceIndexFile(path: dir.path) }
    #expect(directory == "\(dir.path): cannot open index: it is a directory, not a regular file")
  }

  @Test func anotherFormatVersionIsRefusedBeforeAnyOtherCheck() throws {
    let (dir, path) = try builtIndex()
    let newer = dir.path + "/newer.eli"
    try IndexFixtures.copy(path, to: newer) { $0[8] = 5 }  // header checksum left stale on purpose
    let message = try #require(IndexFixtures.errorText { _ = try ReferenceIndexFile(path: newer) })
    #expect(message.hasPrefix("\(newer): index format version 5 is not supported (this echolens reads version 4)"))
    #expect(message.contains("rebuild it with `echolens index build`"))
    // Indexes of earlier formats (version 1 had no tokens section, version 2 records of 64 bytes without earlier
    // prompts, version 3 postings of 12 bytes naming a document and a position) are refused the same way, not
    // misread.
    for version: UInt8 in [1, 2, 3] {
      let older = dir.path + "/older-\(version).eli"
      try IndexFixtures.copy(path, to: older) { $0[8] = version }
      let oldMessage = try #require(IndexFixtures.errorText { _ = try ReferenceIndexFile(path: older) })
      #expect(
        oldMessage.hasPrefix(
          "\(older): index format version \(version) is not supported (this echolens reads version 4)"))
    }
  }
}

import Foundation
import ReferenceIndex
import TestSupport
import Testing

/// `echolens scan` over 1,000 damaged copies of one index, each in its own process so that a trap shows as a
/// signal instead of killing the test runner: no trap, no hang, and each run gives either exactly the intact
/// index's findings or one clean error line with status 2.
///
/// Damage covers every section and the header: flipped bits, randomised byte runs, sections zeroed or filled with
/// 0xFF, lying counts, offsets and lengths in the header, and truncations; half of the variants are "resealed",
/// their checksums recomputed after the damage so that checksums alone cannot tell. Those are found by the deep
/// verification `scan` runs beside the scan (postings, terms, tokens and totals recomputed from the texts), so the rule is
/// strict for them too: intact findings or a clean error. The one exception is the limit `Protocol/INDEX.md` states:
/// a resealed change to the primary data in the strings section that keeps every token (a letter of an id, a model
/// or source name) makes a valid index of other data, which nothing inside the file can tell; its identity tells,
/// so such a run must report findings under an identity other than the intact index's.
@Suite struct DamagedIndexTests {
  static let variantCount = 1000
  static let sectionCount = IndexSection.allCases.count

  /// The kinds of damage, applied in turn to every section.
  enum Damage: CaseIterable {
    case bitFlip, byteRun, zeroed, allOnes, lyingHeaderField, truncation
  }

  /// A transcript that echoes the reference `glass` answer, part of another, and says nothing else of note.
  static let transcript = """
    Here is how it works. \(CLITests.copied)

    Also: \(CLITests.otherAnswers[3]) That is all.

    """

  @Test func scanningDamagedIndexesNeverTrapsHangsOrChangesFindingsSilently() throws {
    let dir = try TemporaryDirectory()
    let (_, indexPath) = try CLITests().buildIndex(in: dir)
    let intact = Array(try Data(contentsOf: URL(fileURLWithPath: indexPath)))
    let transcript = try dir.write("transcript.md", Self.transcript)
    let expected = try Self.scan(index: indexPath, transcript: transcript, in: dir)
    #expect(expected.outcome == .findings, "the intact index finds the echo: \(expected.detail)")
    let sections = IndexDamage.sections(of: intact)

    let outcomes = OutcomeCounter()
    DispatchQueue.concurrentPerform(iterations: 2) { worker in
      for variant in stride(from: worker, to: Self.variantCount, by: 2) {
        let (bytes, resealed, label) = Self.damaged(intact, sections: sections, variant: variant)
        do {
          let path = try dir.write("variant-\(variant).eli", bytes: bytes)
          let result = try Self.scan(index: path, transcript: transcript, in: dir)
          try? FileManager.default.removeItem(atPath: path)
          outcomes.add(result, expected: expected, resealed: resealed, label: label, path: path)
        } catch {
          outcomes.fail("variant \(variant) (\(label)): \(error)")
        }
      }
    }
    let summary = outcomes.summary()
    #expect(summary.failures.isEmpty, "\(summary.failures.prefix(10).joined(separator: "\n"))")
    #expect(summary.total == Self.variantCount)
    // Both outcomes occur: the checks are not vacuous, and not every damage is fatal.
    #expect(summary.cleanErrors > 0 && summary.sameFindings > 0)
    print(
      "damaged indexes: \(summary.total) scanned, \(summary.sameFindings) same findings, "
        + "\(summary.cleanErrors) clean errors (\(summary.resealedCleanErrors) of them resealed), "
        + "\(summary.primaryDataChanges) resealed changes of an id, model or source under a new identity, "
        + "\(summary.failures.count) failures (\(summary.failures.filter { $0.contains(": signal ") }.count) traps, "
        + "\(summary.failures.filter { $0.contains(": hung") }.count) hangs, "
        + "\(summary.failures.filter { $0.contains("findings changed without an error") }.count) silent changes)")
  }

  // MARK: Running a scan

  enum Outcome: Equatable {
    case findings, nothingFound, cleanError, failure
  }

  struct ScanRun {
    var outcome: Outcome
    /// The findings (the `files` of the JSON output) or the error line.
    var detail: String
    /// The identities of the indexes the JSON output names.
    var identities: [String] = []
  }

  static func scan(index: String, transcript: String, in dir: TemporaryDirectory) throws -> ScanRun {
    let result = try ProcessRunner.run(
      CLITests.binary, ["scan", "--index", index, transcript, "--format", "json"], currentDirectory: dir.path,
      timeoutSeconds: 20)
    if result.timedOut { return ScanRun(outcome: .failure, detail: "hung (killed after 20 s)") }
    if result.terminatedBySignal {
      // The runtime's message and the first frames in our code say where it trapped.
      let lines = result.standardError.split(separator: "\n").filter { $0.contains("Fatal") || $0.contains(" at /") }
      return ScanRun(outcome: .failure, detail: "signal \(result.exitCode): \(lines.prefix(4).joined(separator: "\n"))")
    }
    switch result.exitCode {
    case 0, 1:
      return ScanRun(
        outcome: result.exitCode == 1 ? .findings : .nothingFound, detail: try findings(result),
        identities: try identities(result))
    case 2:
      let lines = result.standardError.split(separator: "\n")
      guard lines.count == 1, lines[0].hasPrefix("echolens: error: \(index)") else {
        return ScanRun(outcome: .failure, detail: "status 2 without one line naming the index: \(lines)")
      }
      return ScanRun(outcome: .cleanError, detail: String(lines[0]))
    default:
      return ScanRun(outcome: .failure, detail: "status \(result.exitCode): \(result.standardError)")
    }
  }

  /// The findings of a JSON scan output: its `files`, without anything that names or identifies the index file.
  static func findings(_ result: ProcessResult) throws -> String {
    let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
    guard let object = json as? [String: Any], let files = object["files"] else { return "no files" }
    let data = try JSONSerialization.data(withJSONObject: stripIdentity(files), options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  /// The `identity` of every entry of the JSON scan output's `indexes`.
  static func identities(_ result: ProcessResult) throws -> [String] {
    let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
    let indexes = (json as? [String: Any])?["indexes"] as? [[String: Any]] ?? []
    return indexes.compactMap { $0["identity"] as? String }
  }

  static func stripIdentity(_ value: Any) -> Any {
    if let object = value as? [String: Any] {
      var out: [String: Any] = [:]
      for (key, item) in object where key != "indexIdentity" && key != "index" { out[key] = stripIdentity(item) }
      return out
    }
    if let array = value as? [Any] { return array.map(stripIdentity) }
    return value
  }

  // MARK: Making damaged copies

  /// Variant `variant`: the damage and the section are taken in turn, the details from a generator seeded with the
  /// variant number, so a failure names a variant that can be rebuilt exactly.
  static func damaged(_ intact: [UInt8], sections: [(offset: Int, length: Int)], variant: Int) -> (
    [UInt8], resealed: Bool, label: String
  ) {
    var random = SeededGenerator(seed: UInt64(variant) &* 0x9E37_79B9 &+ 17)
    let damage = Damage.allCases[variant % Damage.allCases.count]
    let sectionNumber = (variant / Damage.allCases.count) % sectionCount
    let resealed = (variant / (Damage.allCases.count * sectionCount)) % 2 == 1
    let section = sections[sectionNumber]
    var bytes = intact
    func somewhere() -> Int { section.length == 0 ? IndexHeader.size : section.offset + random.below(section.length) }
    switch damage {
    case .bitFlip:
      bytes[somewhere()] ^= UInt8(1 << random.below(8))
    case .byteRun:
      let start = somewhere()
      for i in start..<min(bytes.count, start + 1 + random.below(16)) { bytes[i] = UInt8(random.below(256)) }
    case .zeroed:
      for i in section.offset..<(section.offset + section.length) { bytes[i] = 0 }
    case .allOnes:
      for i in section.offset..<(section.offset + section.length) { bytes[i] = 0xFF }
    case .lyingHeaderField:
      // A count (document, token, posting, distinct seed, term, text byte) or one of this section's offset and
      // length, changed by a little, doubled, or replaced by a huge value.
      let fields = [40, 48, 56, 64, 72, 80, 28, 96 + sectionNumber * 24, 96 + sectionNumber * 24 + 8]
      let field = fields[random.below(fields.count)]
      let width = field == 28 ? 4 : 8
      let old =
        width == 4
        ? UInt64(IndexDamage.load(bytes, field, as: UInt32.self)) : IndexDamage.load(bytes, field, as: UInt64.self)
      let new: UInt64 = [old &+ 1, old &- 1, old &* 2, old &+ 12, UInt64.max, UInt64(UInt32.max) + 5][random.below(6)]
      if width == 4 {
        IndexDamage.store(UInt32(truncatingIfNeeded: new), into: &bytes, at: field)
      } else {
        IndexDamage.store(new, into: &bytes, at: field)
      }
    case .truncation:
      bytes.removeLast(1 + random.below(max(1, bytes.count - 1)))
    }
    if resealed { IndexDamage.reseal(&bytes) }
    return (bytes, resealed, "\(damage) in \(IndexSection.allCases[sectionNumber].name)\(resealed ? ", resealed" : "")")
  }
}

/// Tallies the outcomes of the damaged scans from both workers.
private final class OutcomeCounter: @unchecked Sendable {
  // @unchecked: every property is touched only under `lock`.
  private let lock = NSLock()
  private var total = 0
  private var sameFindings = 0
  private var cleanErrors = 0
  private var resealedCleanErrors = 0
  /// Resealed changes to the strings section's primary data, reported under another identity (see the suite).
  private var primaryDataChanges = 0
  private var failures: [String] = []

  func add(
    _ run: DamagedIndexTests.ScanRun, expected: DamagedIndexTests.ScanRun, resealed: Bool, label: String,
    path: String
  ) {
    lock.lock()
    defer { lock.unlock() }
    total += 1
    switch run.outcome {
    case .cleanError:
      cleanErrors += 1
      if resealed { resealedCleanErrors += 1 }
    case .findings, .nothingFound:
      if run.outcome == expected.outcome && run.detail == expected.detail {
        sameFindings += 1
      } else if resealed, label.hasPrefix("\(DamagedIndexTests.Damage.bitFlip) in strings"),
        !run.identities.isEmpty, run.identities != expected.identities
      {
        primaryDataChanges += 1
      } else {
        failures.append("\(path) (\(label)): findings changed without an error")
      }
    case .failure:
      failures.append("\(path) (\(label)): \(run.detail)")
    }
  }

  func fail(_ message: String) {
    lock.lock()
    defer { lock.unlock() }
    total += 1
    failures.append(message)
  }

  func summary() -> (
    total: Int, sameFindings: Int, cleanErrors: Int, resealedCleanErrors: Int, primaryDataChanges: Int,
    failures: [String]
  ) {
    lock.lock()
    defer { lock.unlock() }
    return (total, sameFindings, cleanErrors, resealedCleanErrors, primaryDataChanges, failures)
  }
}

import Foundation
import ReferenceIndex
import TestSupport
import Testing

/// `echolens index verify --deep` and the verification `scan` runs beside a scan: damage whose checksums were
/// recomputed afterwards ("resealed") passes the checksum test, but postings, term statistics and totals that do not
/// follow from the stored texts are found, and stop a scan with one line naming the index and the section.
@Suite struct DeepVerifyTests {
  let cli = CLITests()

  /// One kind of resealed damage, and the section the error must name.
  struct Case: Sendable {
    var name: String
    var section: [String]
    var damage: @Sendable (inout [UInt8], [(offset: Int, length: Int)]) -> Void
  }

  static let cases: [Case] = [
    Case(name: "postings zeroed", section: ["postings section"]) { bytes, sections in
      let postings = sections[IndexSection.postings.rawValue]
      for i in postings.offset..<(postings.offset + postings.length) { bytes[i] = 0 }
    },
    // The token count also sizes the tokens section, so a changed one fails at opening; the text-byte count does not.
    Case(name: "header text-byte count one more", section: ["header: says"]) { bytes, _ in
      IndexDamage.store(IndexDamage.load(bytes, 80, as: UInt64.self) + 1, into: &bytes, at: 80)
    },
    Case(name: "a term of the rank table changed", section: ["tokens section"]) { bytes, sections in
      // Rank 2's term, after the documents' starts (documentCount at header byte 40).
      let tokens = sections[IndexSection.tokens.rawValue]
      let entry = tokens.offset + (Int(IndexDamage.load(bytes, 40, as: UInt64.self)) + 1 + 2) * 8
      IndexDamage.store(IndexDamage.load(bytes, entry, as: UInt64.self) ^ 1, into: &bytes, at: entry)
    },
    Case(name: "a token's code changed", section: ["tokens section"]) { bytes, sections in
      // The first one-byte code becomes another one-byte rank: the codes still decode, to another term.
      let tokens = sections[IndexSection.tokens.rawValue]
      let codes =
        tokens.offset
        + (Int(IndexDamage.load(bytes, 40, as: UInt64.self)) + 1 + Int(IndexDamage.load(bytes, 72, as: UInt64.self)))
        * 8
      let end = tokens.offset + tokens.length
      if let i = (codes..<end).first(where: { ($0 == codes || bytes[$0 - 1] < 0x80) && bytes[$0] < 0x80 }) {
        bytes[i] = bytes[i] == 0 ? 1 : 0
      }
    },
    Case(name: "a term's occurrence count doubled", section: ["terms section"]) { bytes, sections in
      let entry = sections[IndexSection.terms.rawValue].offset + 16 * 3 + 8
      IndexDamage.store(IndexDamage.load(bytes, entry, as: UInt32.self) * 2, into: &bytes, at: entry)
    },
    Case(name: "a letter of a reference text changed", section: ["tokens section"]) {
      bytes, sections in
      // "molten" becomes "malten": the same length and token count, another term.
      let strings = sections[IndexSection.strings.rawValue]
      let word = Array("molten".utf8)
      let start = (strings.offset..<(strings.offset + strings.length - word.count)).first {
        Array(bytes[$0..<($0 + word.count)]) == word
      }
      if let start { bytes[start + 1] = UInt8(ascii: "a") }
    },
  ]

  @Test func deepVerificationPassesAnIntactIndex() throws {
    let dir = try TemporaryDirectory()
    let (_, index) = try cli.buildIndex(in: dir)
    let result = try cli.echolens("index", "verify", "--deep", index, in: dir)
    #expect(result.exitCode == 0, "\(result.standardError)")
    #expect(result.standardOutput.hasPrefix("\(index): OK (8 section checksums"))
    #expect(result.standardOutput.contains("postings, terms, tokens and totals recomputed from the texts"))
  }

  @Test(arguments: cases.indices)
  func resealedDamageIsFoundByDeepVerificationAndStopsAScan(_ number: Int) throws {
    let damage = Self.cases[number]
    let dir = try TemporaryDirectory()
    let (_, index) = try cli.buildIndex(in: dir)
    var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: index)))
    let intact = bytes
    damage.damage(&bytes, IndexDamage.sections(of: bytes))
    #expect(bytes != intact, "\(damage.name): the damage changed nothing")
    IndexDamage.reseal(&bytes)
    let damaged = try dir.write("damaged.eli", bytes: bytes)

    // The checksums agree, so the checksum-only verification cannot tell.
    let shallow = try cli.echolens("index", "verify", damaged, in: dir)
    #expect(shallow.exitCode == 0, "\(damage.name): \(shallow.standardError)")

    let deep = try cli.echolens("index", "verify", "--deep", damaged, in: dir)
    #expect(deep.exitCode == 2, "\(damage.name): \(deep.standardOutput)")
    let deepLines = cli.lines(deep.standardError)
    #expect(deepLines.count == 1, "\(damage.name): \(deep.standardError)")
    #expect(deepLines.first?.hasPrefix("echolens: error: \(damaged): index is corrupted: ") == true)
    #expect(
      damage.section.contains { deep.standardError.contains($0) }, "\(damage.name): \(deep.standardError)")

    let transcript = try dir.write("transcript.md", "Notes.\n\n\(CLITests.copied)\n")
    let scan = try cli.echolens("scan", "--index", damaged, transcript, in: dir)
    #expect(scan.exitCode == 2, "\(damage.name): \(scan.standardOutput)")
    let scanLines = cli.lines(scan.standardError)
    #expect(scanLines.count == 1, "\(damage.name): \(scan.standardError)")
    #expect(scanLines.first == deepLines.first, "\(damage.name)")
  }

  // MARK: Once per identity

  /// The CLI with its cache folder (`XDG_CACHE_HOME`) inside the test's directory.
  func echolens(_ arguments: String..., cache: String, in dir: TemporaryDirectory) throws -> ProcessResult {
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CACHE_HOME"] = cache
    return try ProcessRunner.run(
      CLITests.binary, arguments, currentDirectory: dir.path, environment: environment, timeoutSeconds: 60)
  }

  /// A scan lists the identity it verified deeply; a listed identity is not verified deeply again, but its
  /// checksums still are, so damage that keeps the identity is found by them, and damage whose checksums were
  /// recomputed has another identity and is verified deeply.
  @Test func deepVerificationRunsOncePerIdentityAndChecksumsEveryTime() throws {
    let dir = try TemporaryDirectory()
    let (_, index) = try cli.buildIndex(in: dir)
    let cache = dir.path + "/cache"
    let listPath = cache + "/echolens/deep-verified-indexes"
    let info = try echolens("index", "info", "--json", index, cache: cache, in: dir)
    let object = try JSONSerialization.jsonObject(with: Data(info.standardOutput.utf8)) as? [String: Any]
    let identity = try #require(object?["identity"] as? String)
    let transcript = try dir.write("transcript.md", "Notes.\n\n\(CLITests.copied)\n")

    let first = try echolens("scan", "--index", index, transcript, cache: cache, in: dir)
    #expect(first.exitCode == 1, "\(first.standardError)")
    #expect(try String(contentsOfFile: listPath, encoding: .utf8) == identity + "\n")

    // The same identity, a section changed without resealing: the checksums find it.
    let intact = Array(try Data(contentsOf: URL(fileURLWithPath: index)))
    let sections = IndexDamage.sections(of: intact)
    var unsealed = intact
    let postings = sections[IndexSection.postings.rawValue]
    for i in postings.offset..<(postings.offset + postings.length) { unsealed[i] = 0 }
    let sameIdentity = try dir.write("same-identity.eli", bytes: unsealed)
    let second = try echolens("scan", "--index", sameIdentity, transcript, cache: cache, in: dir)
    #expect(second.exitCode == 2)
    #expect(
      second.standardError
        == "echolens: error: \(sameIdentity): index is corrupted: postings section checksum mismatch; rebuild it with "
        + "`echolens index build`\n")

    // Resealed: another identity, verified deeply, found, and not listed.
    var resealed = unsealed
    IndexDamage.reseal(&resealed)
    let otherIdentity = try dir.write("other-identity.eli", bytes: resealed)
    let third = try echolens("scan", "--index", otherIdentity, transcript, cache: cache, in: dir)
    #expect(third.exitCode == 2)
    #expect(
      third.standardError.hasPrefix("echolens: error: \(otherIdentity): index is corrupted: postings section: the "))
    #expect(try String(contentsOfFile: listPath, encoding: .utf8) == identity + "\n")

    // The list is what decides: with the resealed file's identity listed by hand, only its checksums are verified,
    // and they pass. (So the list must be as trusted as the index; it sits in the user's own cache folder.)
    let forged = try echolens("index", "info", "--json", otherIdentity, cache: cache, in: dir)
    let forgedObject = try JSONSerialization.jsonObject(with: Data(forged.standardOutput.utf8)) as? [String: Any]
    let forgedIdentity = try #require(forgedObject?["identity"] as? String)
    try (identity + "\n" + forgedIdentity + "\n").write(toFile: listPath, atomically: true, encoding: .utf8)
    let skipped = try echolens("scan", "--index", otherIdentity, transcript, cache: cache, in: dir)
    #expect(skipped.exitCode == 0, "\(skipped.standardError)")
  }
}

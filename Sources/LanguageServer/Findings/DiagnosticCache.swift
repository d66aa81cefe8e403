import Evidence
import Foundation
import JSONRPC
import Matching
import TextProcessing

/// What a document's last publication built, kept so that the next one builds and encodes only what changed.
///
/// After a keystroke in a long transcript, nearly every passage is found again unchanged, at most moved. Building a
/// passage's diagnostic (its message, and related links that read the reference's text and count its lines) and
/// encoding it cost about as much as rescanning the edited piece. This keeps, for the passages of the last
/// publication, the position-independent parts of each diagnostic and each diagnostic's JSON; anything not in the
/// latest publication is forgotten, so the cache is never larger than one set of diagnostics.
///
/// - Important: confined to the server's queue, like the document that owns it.
final class DiagnosticCache {
  /// What the parts were built with: other severities, another position encoding or another engine empty the cache.
  struct Context: Hashable {
    var encoding: PositionEncoding
    var severities: ServerSettings.Severities
    var library: ObjectIdentifier?
  }

  private var context: Context?
  /// Whether the JSON of the diagnostics is kept for the next publication: only once the document has been edited,
  /// since a document only opened is republished only when the settings or the index change, and its diagnostics'
  /// JSON (about a kilobyte each) would be memory for nothing.
  var keepsEncodings = false
  /// A passage, moved to offset 0 and its id cleared, to its diagnostic with a zero range and no data.
  private var parts: [PassageKey: Diagnostic] = [:]
  private var nextParts: [PassageKey: Diagnostic] = [:]
  /// A diagnostic with a zero range and no data to the JSON of its other members.
  private var encoded: [MembersKey: EncodedMembers] = [:]
  /// The table before `encoded`, empty, its storage kept for the next publication to fill.
  private var spareEncoded: [MembersKey: EncodedMembers] = [:]

  /// Begins a publication built in `context`; what the previous one built stays available until `end`.
  func begin(_ context: Context) {
    if self.context != context {
      parts = [:]
      encoded = [:]
      spareEncoded = [:]
      self.context = context
    }
    nextParts.removeAll(keepingCapacity: true)
  }

  /// The position-independent parts of `passage`'s diagnostic, built by `build` when no earlier publication had them.
  func parts(of passage: Passage, build: () -> Diagnostic) -> Diagnostic {
    let key = PassageKey(passage)
    let found = nextParts[key] ?? parts[key] ?? build()
    nextParts[key] = found
    return found
  }

  /// Forgets everything: the document is no longer among those being edited (`ServerOptions.documentsKeepingPieces`).
  func clear() {
    context = nil
    parts = [:]
    nextParts = [:]
    encoded = [:]
    spareEncoded = [:]
  }

  /// Ends a publication: from now on only its parts are kept.
  ///
  /// The two tables swap and keep their storage: filling a new table for every publication (each entry a passage
  /// and a diagnostic) moved it through several resizes onto freshly mapped pages, and that was half of building a
  /// keystroke's 501 diagnostics (perf, a 1 MB transcript of echoes).
  func end() {
    swap(&parts, &nextParts)
    nextParts.removeAll(keepingCapacity: true)
  }

  /// The params of `textDocument/publishDiagnostics`, byte for byte what `PublishDiagnosticsNotification` encodes
  /// to (the tests compare the two).
  ///
  /// Each diagnostic is written from the JSON of its position-independent members, encoded once per publication
  /// that first has them, and its range and data, written here: a passage moved by an edit has a new range and
  /// id but the same message and links.
  func publishParams(uri: String, version: Int?, diagnostics: [Diagnostic]) throws -> EncodedJSON {
    let uriJSON = [UInt8](try OutgoingMessage.encode(uri))
    // The last publication's table is read while this one is filled: both keep their storage (see `end`).
    var next = spareEncoded
    spareEncoded = [:]
    next.reserveCapacity(diagnostics.count)
    var out: [UInt8] = []
    out.reserveCapacity(diagnostics.count * 800)
    out.append(contentsOf: #"{"diagnostics":["#.utf8)
    for (index, diagnostic) in diagnostics.enumerated() {
      var parts = diagnostic
      parts.range = .zero
      parts.data = nil
      let key = MembersKey(parts)
      let members = next[key] ?? encoded[key] ?? EncodedMembers(parts)
      next[key] = members
      if index > 0 { out.append(UInt8(ascii: ",")) }
      try members.write(range: diagnostic.range, data: diagnostic.data, uriJSON: uriJSON, uri: uri, into: &out)
    }
    if keepsEncodings {
      // The old table is emptied now, keeping only its storage, so that no more than one set of encodings is held.
      var old = encoded
      encoded = next
      old.removeAll(keepingCapacity: true)
      spareEncoded = old
    } else {
      encoded = [:]
    }
    out.append(contentsOf: #"],"uri":"#.utf8)
    out.append(contentsOf: uriJSON)
    if let version { out.append(contentsOf: #","version":\#(version)"#.utf8) }
    out.append(UInt8(ascii: "}"))
    return EncodedJSON(Data(out))
  }
}

/// A diagnostic without range and data as a dictionary key, hashed by a few cheap fields only.
///
/// Swift hashes a string by its normalised form, so keying by the whole diagnostic hashed every message and related
/// message of every diagnostic on each keystroke. Equality still compares the whole diagnostics; the cached ones
/// share their strings' storage with the diagnostics being published, which makes that comparison quick.
private struct MembersKey: Hashable {
  let diagnostic: Diagnostic
  private let digest: Int

  init(_ diagnostic: Diagnostic) {
    self.diagnostic = diagnostic
    var hasher = Hasher()
    hasher.combine(diagnostic.code)
    hasher.combine(diagnostic.severity)
    hasher.combine(diagnostic.message.utf8.count)
    hasher.combine(diagnostic.relatedInformation?.count)
    hasher.combine(diagnostic.relatedInformation?.first?.location.range)
    hasher.combine(diagnostic.relatedInformation?.first?.message.utf8.count)
    digest = hasher.finalize()
  }

  func hash(into hasher: inout Hasher) { hasher.combine(digest) }
  static func == (a: MembersKey, b: MembersKey) -> Bool { a.digest == b.digest && a.diagnostic == b.diagnostic }
}

/// The JSON of a diagnostic's members other than its range and data, each as `OutgoingMessage` encodes it.
private struct EncodedMembers {
  /// `"code":…,` (or empty): the members sorted before `data`.
  var beforeData: [UInt8]
  /// `"message":…` : the one member between `data` and `range`.
  var message: [UInt8]
  /// `,"relatedInformation":…,"severity":…,"source":…`, those present: the members after `range`.
  var afterRange: [UInt8]

  /// Written directly, as `OutgoingMessage` would encode each member (`JSONStringLiteral`): a fresh `JSONEncoder` per
  /// member was most of the cost of publishing a document's diagnostics the first time.
  init(_ diagnostic: Diagnostic) {
    beforeData = []
    if let code = diagnostic.code {
      beforeData.append(contentsOf: #""code":"#.utf8)
      JSONStringLiteral.append(code, to: &beforeData)
      beforeData.append(UInt8(ascii: ","))
    }
    message = Array(#""message":"#.utf8)
    JSONStringLiteral.append(diagnostic.message, to: &message)
    afterRange = []
    if let related = diagnostic.relatedInformation {
      afterRange.append(contentsOf: #","relatedInformation":["#.utf8)
      for (index, link) in related.enumerated() {
        if index > 0 { afterRange.append(UInt8(ascii: ",")) }
        afterRange.append(contentsOf: #"{"location":{"#.utf8)
        Self.writeRange(link.location.range, into: &afterRange)
        afterRange.append(contentsOf: #","uri":"#.utf8)
        JSONStringLiteral.append(link.location.uri, to: &afterRange)
        afterRange.append(contentsOf: #"},"message":"#.utf8)
        JSONStringLiteral.append(link.message, to: &afterRange)
        afterRange.append(UInt8(ascii: "}"))
      }
      afterRange.append(UInt8(ascii: "]"))
    }
    if let severity = diagnostic.severity {
      afterRange.append(contentsOf: #","severity":"#.utf8)
      ASCIIDecimal.append(severity.rawValue, to: &afterRange)
    }
    if let source = diagnostic.source {
      afterRange.append(contentsOf: #","source":"#.utf8)
      JSONStringLiteral.append(source, to: &afterRange)
    }
  }

  /// `"range":{"end":{…},"start":{…}}`, keys sorted as `OutgoingMessage` sorts them.
  static func writeRange(_ range: TextRange, into out: inout [UInt8]) {
    out.append(contentsOf: #""range":{"end":{"character":"#.utf8)
    ASCIIDecimal.append(range.end.encodedColumn, to: &out)
    out.append(contentsOf: #","line":"#.utf8)
    ASCIIDecimal.append(range.end.line, to: &out)
    out.append(contentsOf: #"},"start":{"character":"#.utf8)
    ASCIIDecimal.append(range.start.encodedColumn, to: &out)
    out.append(contentsOf: #","line":"#.utf8)
    ASCIIDecimal.append(range.start.line, to: &out)
    out.append(contentsOf: "}}".utf8)
  }

  /// Writes the whole diagnostic, its keys in sorted order as `OutgoingMessage` writes them.
  func write(range: TextRange, data: JSONValue?, uriJSON: [UInt8], uri: String, into out: inout [UInt8]) throws {
    out.append(UInt8(ascii: "{"))
    out.append(contentsOf: beforeData)
    if let data {
      out.append(contentsOf: #""data":"#.utf8)
      // The data every passage's diagnostic has, `{"passageId", "uri"}` with a hexadecimal id and this document's
      // URI, is written directly; anything else is encoded.
      if case .object(let object) = data, object.count == 2, case .string(let id)? = object["passageId"],
        case .string(uri)? = object["uri"], id.utf8.allSatisfy({ $0.isHexDigit })
      {
        out.append(contentsOf: #"{"passageId":""#.utf8)
        out.append(contentsOf: id.utf8)
        out.append(contentsOf: #"","uri":"#.utf8)
        out.append(contentsOf: uriJSON)
        out.append(UInt8(ascii: "}"))
      } else {
        out.append(contentsOf: try OutgoingMessage.encode(data))
      }
      out.append(UInt8(ascii: ","))
    }
    out.append(contentsOf: message)
    out.append(UInt8(ascii: ","))
    Self.writeRange(range, into: &out)
    out.append(contentsOf: afterRange)
    out.append(UInt8(ascii: "}"))
  }
}

private extension UInt8 {
  var isHexDigit: Bool { (0x30...0x39).contains(self) || (0x61...0x66).contains(self) }
}

/// A passage as a dictionary key, wherever it lies in the file: two passages are the same key when one is the
/// other moved (`Passage.shifted(by:)`, which also moves the id), their E-values reading the same
/// (`SignificanceWording.readsTheSame`).
///
/// Hashed by a few position-independent fields only: a passage holds its text and every match's alignment, and
/// hashing all of it (Swift hashes strings by their normalised form) cost more than building the diagnostic.
/// Equality compares the whole passages, so passages that hash alike but differ are never confused. The passage is
/// kept as found, sharing its storage with the document's findings, and is moved only to compare.
///
/// E-values are left out of the hash and compared by their wording, since they are all the diagnostic shows of
/// them: every E-value is proportional to the transcript's token count, which about half of one-character edits
/// change, and comparing them exactly rebuilt and re-encoded every diagnostic whose E-value had not underflowed
/// (199 of 501 in a 1 MB transcript of echoes, on each such edit; with a calibration, every one).
private struct PassageKey: Hashable {
  let passage: Passage
  private let digest: Int

  init(_ passage: Passage) {
    self.passage = passage
    var hasher = Hasher()
    hasher.combine(passage.kind)
    hasher.combine(passage.range.count)
    hasher.combine(passage.text.utf8.count)
    hasher.combine(passage.best?.documentID)
    hasher.combine(passage.best?.referenceRange)
    hasher.combine(passage.alternatives.count)
    digest = hasher.finalize()
  }

  func hash(into hasher: inout Hasher) { hasher.combine(digest) }

  /// Whether one passage is the other moved: compared directly where they lie at the same offset (most passages
  /// after an edit), else with one moved onto the other, which also makes its id the other's if they are the same.
  static func == (a: PassageKey, b: PassageKey) -> Bool {
    guard a.digest == b.digest else { return false }
    return a.passage.isMoved(
      b.passage, by: a.passage.range.utf8Start - b.passage.range.utf8Start,
      eValuesAlike: SignificanceWording.readsTheSame)
  }
}

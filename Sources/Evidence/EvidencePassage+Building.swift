import Matching
import TextProcessing

extension EvidencePassage {
  /// The record of `passage`, found in the transcript file whose bytes `lines` holds.
  ///
  /// Out-of-range offsets (a result that does not belong to these bytes) are clamped rather than trapped on, so a
  /// caller's mistake gives a wrong excerpt, never a crash of the server.
  public init(_ passage: Passage, lines: LineTable) {
    let bytes = lines.bytes
    self.init(
      id: passage.id, kind: passage.kind, strength: passage.strength, role: passage.role,
      range: EvidenceRange(passage.range, in: lines), text: passage.text,
      textSHA256: SHA256.hexDigest(Array(passage.text.utf8)),
      rangeSHA256: SHA256.hexDigest(Array(bytes[Self.clamp(passage.range, bytes.count)])),
      message: FindingMessage.text(for: passage),
      best: passage.best.map { EvidenceMatch($0, lines: lines) },
      alternatives: passage.alternatives.map { EvidenceMatch($0, lines: lines) },
      background: passage.background.map { EvidenceMatch($0, lines: lines) }, identity: passage.identity,
      contrast: passage.contrast)
  }

  static func clamp(_ range: ByteRange, _ count: Int) -> Range<Int> {
    let start = min(max(range.utf8Start, 0), count)
    return start..<min(max(range.utf8End, start), count)
  }
}

extension EvidenceMatch {
  /// The record of `match`; span texts are cut from the transcript bytes and from the reference excerpt.
  public init(_ match: ReferenceMatch, lines: LineTable) {
    let excerpt = Array(match.referenceExcerpt.utf8)
    let base = match.referenceRange.utf8Start
    let spans = match.alignment.map { span in
      let transcriptBytes = lines.bytes[EvidencePassage.clamp(span.transcript, lines.bytes.count)]
      let local = ByteRange(
        utf8Start: max(span.reference.utf8Start - base, 0),
        utf8End: max(span.reference.utf8End - base, max(span.reference.utf8Start - base, 0)))
      let referenceBytes = excerpt[EvidencePassage.clamp(local, excerpt.count)]
      return EvidenceSpan(
        kind: span.kind, transcript: span.transcript, reference: span.reference, tokenCount: span.tokenCount,
        transcriptText: String(decoding: transcriptBytes, as: UTF8.self),
        referenceText: String(decoding: referenceBytes, as: UTF8.self))
    }
    self.init(
      documentID: match.documentID, model: match.model, source: match.source, prompt: match.prompt,
      indexIdentity: match.indexIdentity, referenceRange: match.referenceRange,
      referenceExcerpt: match.referenceExcerpt, transcriptRange: EvidenceRange(match.transcriptRange, in: lines),
      similarity: JSONNumber.finite(match.similarity), longestVerbatimRun: match.longestVerbatimRun,
      tokenCount: match.tokenCount, bits: JSONNumber.finite(match.bits), eValue: JSONNumber.finite(match.eValue),
      significance: match.significance,
      chance: SignificanceWording.strength(eValue: match.eValue, basis: match.significance), alignment: spans)
  }
}

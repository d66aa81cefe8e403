import Foundation
import ReferenceIndex
import TextProcessing

extension EchoScanner.SegmentScan {
  /// Which bucket a transcript token count falls in: `k` for counts from 2^(k/4) up to the next bucket's lower
  /// bound. Each bucket spans a factor of 2^(1/4), about 19%.
  public static func tokenBucket(of transcriptTokens: Int) -> Int {
    var k = Int((4 * log2(Double(max(1, transcriptTokens)))).rounded(.down))
    while k > 0, bucketLowerBound(k) > max(1, transcriptTokens) { k -= 1 }  // against rounding up near a bound
    return k
  }

  /// The smallest token count of bucket `k`.
  static func bucketLowerBound(_ k: Int) -> Int {
    Int(exp2(Double(k) / 4).rounded(.down))
  }

  /// The passages a piece's candidates give for this scan's exact transcript token count: every E-value counted
  /// again over `transcriptTokens`, and what no longer passes the thresholds dropped.
  ///
  /// A piece is searched as if the transcript had the fewest tokens of its bucket (`tokenBucket`), so that its
  /// matches are those of a slightly looser threshold, and they are assembled with common text kept whatever the
  /// kinds asked for. The result depends on the token count only through its bucket, so the language server reuses
  /// a piece's candidates after any edit that leaves the count in the same bucket, and this function turns them
  /// into what the scan reports: a passage whose best match falls short of the bits the exact count requires is
  /// dropped, as are alternatives and contrasts below it and background matches below the background's threshold;
  /// then kind, strength and id follow from what remains, as `PassageAssembler` decides them. Since matches are
  /// grouped strongest first, the weaker candidates only add alternatives and groups that are dropped here.
  public func reported(_ candidates: [Passage], of segment: TranscriptSegment) -> [Passage] {
    let thresholds = Thresholds(scan: self, segment: segment)
    return candidates.compactMap { report($0, thresholds) }
  }

  /// One piece's candidates as a caller keeps them: found in `segment`, `shift` bytes before where they now lie.
  public struct PieceCandidates {
    public var segment: TranscriptSegment
    public var candidates: [Passage]
    public var shift: Int
    public init(segment: TranscriptSegment, candidates: [Passage], shift: Int) {
      self.segment = segment
      self.candidates = candidates
      self.shift = shift
    }
  }

  /// What `finish` needs of the passages that the candidates of `pieces` give (`reported(_:of:)`, moved by their
  /// shifts): all of them, or when they are more than the passage limit, the strongest beyond it (and any tied
  /// with the last of those), since `finish` keeps only the strongest, in a total order (`Passage.strongerFirst`).
  ///
  /// Candidates are ranked before any is turned into a passage, so a rescan that reuses nearly every piece of a
  /// large file does work for the few hundred passages it reports, not for the thousands its pieces hold.
  public func reportedPassages(of pieces: [PieceCandidates]) -> [Passage] {
    struct Ranked {
      var bits: Double
      var range: ByteRange
      var piece: Int
      var index: Int
    }
    var ranked: [Ranked] = []
    ranked.reserveCapacity(pieces.reduce(0) { $0 + $1.candidates.count })
    var thresholds: [Thresholds] = []
    thresholds.reserveCapacity(pieces.count)
    var cover = CutFragments()
    for p in pieces.indices {
      let t = Thresholds(scan: self, segment: pieces[p].segment)
      thresholds.append(t)
      let shift = pieces[p].shift
      defer { cover.endPiece() }
      // Read in place: a rescan goes through every candidate of every piece of the file, and copying each
      // passage (a dozen reference-counted members) cost more than the verdicts.
      pieces[p].candidates.withUnsafeBufferPointer { candidates in
        for i in candidates.indices {
          let bits = candidates[i].best?.bits
          guard
            let kind = verdict(
              kind: candidates[i].kind, bits: bits, backgroundBits: candidates[i].background?.bits, t)
          else { continue }
          let r = candidates[i].range
          guard cover.admits(kind: kind, end: r.utf8End + shift) else { continue }
          ranked.append(
            Ranked(
              bits: bits ?? .infinity, range: ByteRange(utf8Start: r.utf8Start + shift, utf8End: r.utf8End + shift),
              piece: p, index: i))
        }
      }
    }
    let limit = scanner.parameters.maxPassagesPerDocument
    if ranked.count > limit + 1 {
      // Only the strongest `limit + 1` and their ties are sorted: every candidate that the full order puts there
      // has at least the bits of the `limit + 1`-th strongest, found in linear time. Sorting all of them (thousands
      // in a large file of echoes) was a third of assembling a keystroke's rescan (perf, audit bench).
      let cutoff = Self.largest(limit + 1, of: ranked.map(\.bits))
      ranked.removeAll { !($0.bits >= cutoff) }
      ranked.sort { $0.bits != $1.bits ? $0.bits > $1.bits : $0.range < $1.range }
      var end = limit + 1
      while end < ranked.count, ranked[end].bits == ranked[limit].bits, ranked[end].range == ranked[limit].range {
        end += 1
      }
      ranked.removeSubrange(end...)
    }
    var passages: [Passage] = []
    passages.reserveCapacity(ranked.count)
    for r in ranked {
      if let passage = report(pieces[r.piece].candidates[r.index], thresholds[r.piece], shift: pieces[r.piece].shift) {
        passages.append(passage)
      }
    }
    return passages
  }

  /// The `k`-th largest of `values` (1 ≤ k ≤ count), by selection (Hoare's quickselect with the middle element as
  /// pivot), in expected linear time.
  static func largest(_ k: Int, of values: [Double]) -> Double {
    precondition(k >= 1 && k <= values.count)
    var values = values
    var lo = 0
    var hi = values.count - 1
    let target = k - 1  // the index it has in descending order
    while lo < hi {
      let pivot = values[lo + (hi - lo) / 2]
      var i = lo
      var j = hi
      while i <= j {
        while values[i] > pivot { i += 1 }
        while values[j] < pivot { j -= 1 }
        if i <= j {
          values.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if target <= j {
        hi = j
      } else if target >= i {
        lo = i
      } else {
        return values[target]
      }
    }
    return values[target]
  }

  /// The thresholds and scales that decide what a segment's candidates report.
  struct Thresholds {
    let scale: SignificanceScale
    let backgroundScale: SignificanceScale?
    let required: Double
    let backgroundRequired: Double

    init(scan: EchoScanner.SegmentScan, segment: TranscriptSegment) {
      (scale, backgroundScale, _) = scan.scales(for: segment)
      required = scale.requiredBits(transcriptTokens: scan.transcriptTokens, maxEValue: scan.maxEValue)
      backgroundRequired =
        backgroundScale?.requiredBits(transcriptTokens: scan.transcriptTokens, maxEValue: max(scan.maxEValue, 1)) ?? 0
    }
  }

  /// Whether a candidate is reported, and then whether as common text; nil when it is dropped.
  func verdict(_ candidate: Passage, _ t: Thresholds) -> FindingKind? {
    verdict(kind: candidate.kind, bits: candidate.best?.bits, backgroundBits: candidate.background?.bits, t)
  }

  /// `verdict(_:_:)` from the few numbers it rests on, so that a pass over thousands of candidates copies none.
  func verdict(kind candidateKind: FindingKind, bits: Double?, backgroundBits: Double?, _ t: Thresholds)
    -> FindingKind?
  {
    let kinds = scanner.parameters.kinds
    guard transcriptTokens != searchTokens else { return kinds.contains(candidateKind) ? candidateKind : nil }
    switch candidateKind {
    case .selfIdentification:
      return kinds.contains(.selfIdentification) ? .selfIdentification : nil
    case .echo, .commonText:
      guard let bits, bits >= t.required else { return nil }
      let background = backgroundBits.flatMap { $0 >= t.backgroundRequired ? $0 : nil }
      let kind: FindingKind =
        (background ?? -.infinity) >= PassageAssembler.backgroundShare * bits ? .commonText : .echo
      return kinds.contains(kind) ? kind : nil
    }
  }

  /// The passage a candidate reports (`reported(_:of:)`), or nil; moved `shift` bytes on (`Passage.shifted(by:)`),
  /// which costs no second copy of the passage and no second id.
  func report(_ candidate: Passage, _ t: Thresholds, shift: Int = 0) -> Passage? {
    guard let kind = verdict(candidate, t) else { return nil }
    guard transcriptTokens != searchTokens, kind != .selfIdentification, let found = candidate.best else {
      return candidate.shifted(by: shift)
    }
    func counted(_ match: ReferenceMatch, _ scale: SignificanceScale) -> ReferenceMatch {
      var match = match
      match.eValue = scale.eValue(bits: match.bits, transcriptTokens: transcriptTokens)
      return match
    }
    var passage = candidate
    let best = counted(found, t.scale)
    passage.kind = kind
    passage.best = best
    passage.alternatives = candidate.alternatives.filter { $0.bits >= t.required }.map { counted($0, t.scale) }
    passage.contrast = candidate.contrast.flatMap { $0.bits >= t.required ? $0 : nil }
    passage.background = candidate.background.flatMap { background in
      t.backgroundScale.flatMap { background.bits >= t.backgroundRequired ? counted(background, $0) : nil }
    }
    let isCommon = kind == .commonText
    passage.strength = isCommon ? .weak : EvidenceStrength(eValue: best.eValue, basis: best.significance)
    if passage.contrast?.isNearlyAsGood == true { passage.strength = passage.strength.weaker }
    passage.moveTranscriptRanges(by: shift)
    passage.id = PassageID.make(kind: kind, range: passage.range, reference: best.documentID)
    return passage
  }

  /// The scales that turn bits into E-values in `segment`: the reference's, through the part of the calibrated null
  /// that applies (answers to prompts the panel answered too, or not), and the background's, uncalibrated; and
  /// whether the panel holds answers to the segment's prompt (by other models than the null answer's own, during
  /// calibration; nil when the segment has no prompt), which the findings' basis records.
  func scales(
    for segment: TranscriptSegment
  ) -> (reference: SignificanceScale, background: SignificanceScale?, panelAnsweredPrompt: Bool?) {
    let answered = segment.prompt.map {
      scanner.panel?.answerCount(prompt: $0, excludingModel: mode.nullModel) ?? 0 > 0
    }
    let editBits =
      null != nil || mode.nullModel != nil ? SignificanceModel.calibratedEditBits : SignificanceModel.editKindBits
    return (
      SignificanceScale(
        calibration: null?.distribution(prompted: answered ?? false), indexTokens: referenceLookup.totalTokens,
        editBits: editBits),
      backgroundLookup.map { SignificanceScale(calibration: nil, indexTokens: $0.totalTokens, editBits: editBits) },
      answered
    )
  }
}

import Foundation
import ReferenceIndex
import TextProcessing

/// Finds the echo matches of one token sequence in one index set: seed, chain, align, score.
///
/// Used twice per scan with the same code: against the reference index (evidence) and against the background
/// index (common text), so that both sides are judged by exactly the same rules.
struct EchoFinder {
  let lookup: ReferenceIndexLookup
  let parameters: ScanParameters
  /// Transcript tokens over the whole scan, for the E-value.
  let queryTokensForEValue: Int
  /// Bits to E-value: calibrated or the chance model.
  let scale: SignificanceScale
  /// A match is kept only at or below this E-value.
  let maxEValue: Double
  /// When set, a candidate document must pass it (calibration leaves the scanned null answer's own model out).
  var acceptsDocument: ((ReferenceDocument) -> Bool)? = nil
  /// Per query token, whether it is layout rather than words: a list number standing inline ("… the oven 2. Mix
  /// …") where a copy lost its line breaks. An inserted layout token is no edit (`ListMarkers`).
  var layoutTokens: [Bool] = []
  /// The terms of the prompt the transcript segment answers; nil when it gives none (bare text, whose prompt might
  /// be any reference document's).
  var transcriptPromptTerms: [UInt64]? = nil
  let workspace = TokenAligner.Workspace()
  /// A chain is aligned only when its ungapped estimate reaches this share of the bits a passage needs, where no
  /// match was accepted yet; elsewhere the whole requirement.
  ///
  /// Half, not all: the estimate charges 8 bits for every mismatch and skipped token and stops extending 24 bits
  /// below its best, while an alignment pays about 4 to 5 bits per edit at one edit in five words
  /// (`SIGNIFICANCE.md`). With the whole requirement, edited copies whose alignment passes were never aligned: of
  /// the GPTeacher plants with 20% word edits, 53 of 115 misses passed once aligned, and recall of planted copies
  /// rose from 54 to 73% there (MT-bench 70 to 88%) at one half. Over text a match already explains, a chain can
  /// only add an alternative, which must come close to that match anyway. Aligning those at half the requirement
  /// too made an echo-dense 1 MB scan 13% slower and found 4 more passages in 2,258 (twenty 100 KB files), so
  /// there the gate stays whole.
  static let alignmentGate = 0.5
  /// How many times an alignment that runs into its window's edge is redone with that side widened.
  static let maxWidenings = 3

  /// All matches in `terms` that pass the reporting thresholds, not yet grouped.
  ///
  /// - Parameters:
  ///   - promptTerms: the terms of the transcript segment's prompt (empty for none); text it dictated is no
  ///     evidence.
  ///   - panelWeights: per token, what independent answers to the same prompt leave of its weight
  ///     (`SamePromptPanel`); nil when the panel has none.
  ///
  /// - Throws: `IndexError` when the index is damaged (a posting beyond its document, a document that cannot be
  ///   read); the scan of this index stops there.
  func matches(
    terms: [UInt64], promptTerms: [UInt64], panelWeights: () throws(IndexError) -> [Double]?,
    isCancelled: () -> Bool
  )
    throws(IndexError) -> [EchoMatch]
  {
    guard terms.count >= lookup.seedLength else { return [] }
    return try terms.withUnsafeBufferPointer { query throws(IndexError) -> [EchoMatch] in
      var seedPostings: [Int] = []
      let finder = CandidateFinder(index: lookup, maxSeedDocuments: parameters.maxSeedDocuments)
      let chains = try finder.chains(
        query, in: 0..<query.count, layout: layoutTokens, minimumHits: 2, seedPostings: &seedPostings)
      guard !chains.isEmpty else { return [] }
      let dictated = PromptDictation.mask(terms: terms, promptTerms: promptTerms, seedLength: lookup.seedLength)
      let aligned = PromptDictation.alignedMask(terms: terms, promptTerms: promptTerms, workspace: workspace)
      let promptWords = PromptDictation.wordWeights(terms: terms, promptTerms: promptTerms)
      let panel = try panelWeights()
      var weights = tokenWeights(count: query.count, seedPostings: seedPostings)
      for i in 0..<weights.count {
        weights[i] = dictated[i] || aligned[i] ? 0 : weights[i] * promptWords[i] * (panel?[i] ?? 1)
      }
      // The bits a passage needs to reach `maxEValue`.
      let requiredBits = scale.requiredBits(transcriptTokens: queryTokensForEValue, maxEValue: maxEValue)
      var found: [EchoMatch] = []
      var done: [Int: [Range<Int>]] = [:]  // document key -> query ranges already aligned
      // How many accepted matches cover each query token. Once a region has a best match and as many alternatives
      // as a passage lists, further (weaker, since chains come strongest first) candidates there change nothing.
      var cover = [UInt8](repeating: 0, count: query.count)
      let enoughCover = UInt8(1 + PassageAssembler.maxAlternatives)
      for (n, chain) in chains.enumerated() {
        if n % 64 == 0, isCancelled() { return [] }
        let key = chain.shard << 32 | chain.document
        let chainRange = chain.queryStart..<chain.queryEnd
        if let ranges = done[key],
          ranges.contains(where: { $0.contains(chainRange.lowerBound) && $0.contains(chainRange.upperBound - 1) })
        {
          continue
        }
        if cover[chainRange].allSatisfy({ $0 >= enoughCover }) { continue }
        let document = try lookup.document(shard: chain.shard, number: chain.document)
        guard chain.referenceEnd <= document.terms.count else {
          throw IndexError.corrupted(
            path: lookup.set.shards[chain.shard].path,
            detail:
              "postings section: a posting names token \(chain.referenceEnd - lookup.seedLength) of document \(chain.document), which has \(document.terms.count) tokens"
          )
        }
        if let acceptsDocument, !acceptsDocument(document.document) { continue }
        let estimate = UngappedEstimate(
          query: query, reference: document.terms, tokenBits: { lookup.bits(of: query[$0]) * weights[$0] })
        let gate = cover[chainRange].contains { $0 > 0 } ? 1 : Self.alignmentGate
        guard estimate.bits(of: chain, seedLength: lookup.seedLength) >= gate * requiredBits else {
          continue
        }
        guard let match = align(chain, query: query, document: document, weights: weights) else { continue }
        done[key, default: []].append(match.queryRange)
        if match.tokenCount >= parameters.minTokens, match.similarity >= parameters.minSimilarity,
          match.bits >= requiredBits
        {
          found.append(match)
          for q in match.queryRange where cover[q] < enoughCover { cover[q] += 1 }
        }
      }
      return found
    }
  }

  /// The weight of each query token in the chance model, from the rarest seed that covers it.
  func tokenWeights(count: Int, seedPostings: [Int]) -> [Double] {
    let k = lookup.seedLength
    var weights = [Double](repeating: 1, count: count)
    guard count >= k else { return weights }
    for i in 0..<count {
      var rarest = Int.max
      for start in max(0, i - k + 1)...min(i, count - k) {
        let p = seedPostings[start]
        rarest = min(rarest, p == 0 ? 1 : p)
      }
      if rarest != Int.max {
        weights[i] = SignificanceModel.commonPhraseWeight(
          postings: rarest, maxSeedDocuments: parameters.maxSeedDocuments)
      }
    }
    return weights
  }

  /// Aligns a chain with its document. When the alignment runs into its window's edge (the copy goes on beyond
  /// the chain's seeds), it is redone with that side, and only that side, four times wider.
  ///
  /// The band is the chain's diagonals ± 8, and stays so on retries: a slack of 16, or widening it on retries, made
  /// these alignments most of a scan's work for no change in recall (`echolens-bench --section quality`; 4 and 6
  /// did not lose recall either).
  func align(
    _ chain: SeedChain, query: UnsafeBufferPointer<UInt64>, document: ReferenceIndexLookup.CachedDocument,
    weights: [Double]
  ) -> EchoMatch? {
    let span = chain.queryEnd - chain.queryStart
    // Padding and band are capped so that a very long copy costs time linear in its length, not quadratic.
    let pad = min(256, 24 + span / 4)
    var leftPad = pad
    var rightPad = pad
    let diagonals = (chain.minDiagonal - 8)...(chain.maxDiagonal + 8)
    for widening in 0...Self.maxWidenings {
      let queryWindow = max(0, chain.queryStart - leftPad)..<min(query.count, chain.queryEnd + rightPad)
      let referenceWindow =
        max(0, chain.referenceStart - leftPad)..<min(document.terms.count, chain.referenceEnd + rightPad)
      let alignment = document.terms.withUnsafeBufferPointer { reference in
        TokenAligner.align(
          query: query, queryWindow: queryWindow, reference: reference, referenceWindow: referenceWindow,
          diagonals: diagonals, workspace: workspace)
      }
      guard let alignment else { return nil }
      let touchesLeft =
        (alignment.queryRange.lowerBound == queryWindow.lowerBound && queryWindow.lowerBound > 0)
        || (alignment.referenceRange.lowerBound == referenceWindow.lowerBound && referenceWindow.lowerBound > 0)
      let touchesRight =
        (alignment.queryRange.upperBound == queryWindow.upperBound && queryWindow.upperBound < query.count)
        || (alignment.referenceRange.upperBound == referenceWindow.upperBound
          && referenceWindow.upperBound < document.terms.count)
      if (touchesLeft || touchesRight) && widening < Self.maxWidenings {
        if touchesLeft { leftPad *= 4 }
        if touchesRight { rightPad *= 4 }
        continue
      }
      return score(alignment, chain: chain, query: query, weights: weights, document: document)
    }
    return nil
  }

  func score(
    _ raw: TokenAligner.Alignment, chain: SeedChain, query: UnsafeBufferPointer<UInt64>, weights: [Double],
    document: ReferenceIndexLookup.CachedDocument
  ) -> EchoMatch {
    var alignment = raw
    if !layoutTokens.isEmpty {
      alignment.columns.removeAll { column in
        if case .insert(let q) = column, q < layoutTokens.count { return layoutTokens[q] }
        return false
      }
    }
    let (equal, longest) = EchoMatch.equalRuns(alignment.columns)
    // Most aligned candidates are too short or too loose to report; their bits would need the reference's prompt
    // dictation, which is costly to compute and would change nothing.
    let tokenCount = alignment.queryRange.count
    let similarity = alignment.columns.isEmpty ? 0 : Double(equal) / Double(alignment.columns.count)
    guard tokenCount >= parameters.minTokens, similarity >= parameters.minSimilarity else {
      return EchoMatch(
        shard: chain.shard, document: chain.document, queryRange: alignment.queryRange,
        referenceRange: alignment.referenceRange, columns: alignment.columns, columnBits: [], equalCount: equal,
        longestRun: longest, bits: 0, eValue: .infinity)
    }
    // The reference's prompt words count a quarter only where the transcript may have answered that prompt too:
    // when it answers another prompt, they are not its topic's words, and sharing them is no less rare.
    let sharesReferencePrompt = transcriptPromptTerms.map { $0 == document.promptTerms } ?? true
    var columnBits = [Double](repeating: 0, count: alignment.columns.count)
    for (i, column) in alignment.columns.enumerated() {
      if case .equal(let q, let r) = column, !document.fromPrompt[r] {
        columnBits[i] =
          lookup.bits(of: query[q]) * weights[q] * (sharesReferencePrompt ? document.promptWordWeights[r] : 1)
      }
    }
    let matchedBits = columnBits.reduce(0, +)
    let edits = alignment.columns.count - equal
    let bits = SignificanceModel.bits(
      matchedBits: matchedBits, columns: alignment.columns.count, edits: edits, editBits: scale.editBits)
    let eValue = scale.eValue(bits: bits, transcriptTokens: queryTokensForEValue)
    return EchoMatch(
      shard: chain.shard, document: chain.document, queryRange: alignment.queryRange,
      referenceRange: alignment.referenceRange, columns: alignment.columns, columnBits: columnBits, equalCount: equal,
      longestRun: longest, bits: bits, eValue: eValue)
  }
}

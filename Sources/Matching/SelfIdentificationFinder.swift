import TextProcessing

/// Finds the places where a transcript's model claims another model's identity or maker.
///
/// Works on normalised tokens, like echo matching, so case, punctuation and CJK text without spaces are handled by
/// the same rules ("我是ChatGPT" is the tokens 我 是 chatgpt).
struct SelfIdentificationFinder: Sendable {
  struct Pattern: Sendable {
    var terms: [UInt64]
    var model: String?
    var maker: String
  }

  struct Claim {
    var tokenRange: Range<Int>
    var identity: SelfIdentification
  }

  /// The names by their first term. Every token of every scanned segment is looked up here, which as a
  /// `Dictionary` (SipHash on each already hashed term) cost 3.5% of a batch scan of short answers.
  let names: TermHashTable<[Pattern]>
  let selfPhrases: [[UInt64]]
  let makerPhrases: [[UInt64]]
  let selfContext: Set<UInt64>
  let negations: Set<UInt64>
  let maxFiller: Int
  let contextWindow: Int

  init(catalog: IdentityCatalog, ownIdentities: [String]) {
    let own = Set(ownIdentities.map { $0.lowercased() })
    func terms(_ s: String) -> [UInt64] { Tokenizer.terms(s) }
    var names: [UInt64: [Pattern]] = [:]
    for identity in catalog.identities
    where !own.contains(identity.model.lowercased()) && !own.contains(identity.maker.lowercased()) {
      for name in identity.names {
        let t = terms(name)
        guard let first = t.first else { continue }
        names[first, default: []].append(Pattern(terms: t, model: identity.model, maker: identity.maker))
      }
    }
    for maker in catalog.makers where !own.contains(maker.maker.lowercased()) {
      for name in maker.names {
        let t = terms(name)
        guard let first = t.first else { continue }
        names[first, default: []].append(Pattern(terms: t, model: nil, maker: maker.maker))
      }
    }
    // Longest names first, so "Google DeepMind" wins over "Google".
    var table = TermHashTable<[Pattern]>(capacity: names.count)
    for (first, patterns) in names { table.insert(first, patterns.sorted { $0.terms.count > $1.terms.count }) }
    self.names = table
    selfPhrases = catalog.selfPhrases.map(terms).filter { !$0.isEmpty }
    makerPhrases = catalog.makerPhrases.map(terms).filter { !$0.isEmpty }
    selfContext = Set(catalog.selfContextWords.flatMap(terms))
    negations = Set(catalog.negations.flatMap(terms))
    maxFiller = catalog.maxFillerTokens
    contextWindow = catalog.contextWindowTokens
  }

  /// The claims in `terms`, in order; a model claim and a maker claim close together are merged into one.
  func claims(in terms: [UInt64]) -> [Claim] {
    var claims: [Claim] = []
    var i = 0
    while i < terms.count {
      guard let candidates = names[terms[i]],
        let pattern = candidates.first(where: { matches($0.terms, in: terms, at: i) })
      else {
        i += 1
        continue
      }
      let nameEnd = i + pattern.terms.count
      if let model = pattern.model, let start = phraseStart(selfPhrases, before: i, in: terms) {
        claims.append(
          Claim(
            tokenRange: start..<nameEnd,
            identity: SelfIdentification(claimedModel: model, maker: pattern.maker, rule: "self-phrase + model name")))
      } else if let start = phraseStart(makerPhrases, before: i, in: terms), hasSelfContext(before: start, in: terms) {
        claims.append(
          Claim(
            tokenRange: start..<nameEnd,
            identity: SelfIdentification(claimedModel: nil, maker: pattern.maker, rule: "maker phrase + maker name")))
      }
      i = nameEnd
    }
    return merged(claims)
  }

  func matches(_ pattern: [UInt64], in terms: [UInt64], at start: Int) -> Bool {
    guard start + pattern.count <= terms.count else { return false }
    for (k, t) in pattern.enumerated() where terms[start + k] != t { return false }
    return true
  }

  /// Where a phrase of `phrases` starts that ends at most `maxFiller` non-negating tokens before `nameStart`.
  func phraseStart(_ phrases: [[UInt64]], before nameStart: Int, in terms: [UInt64]) -> Int? {
    for filler in 0...maxFiller {
      let phraseEnd = nameStart - filler
      guard phraseEnd > 0 else { break }
      if filler > 0, negations.contains(terms[phraseEnd]) { return nil }
      for phrase in phrases {
        let start = phraseEnd - phrase.count
        if start >= 0, matches(phrase, in: terms, at: start) {
          return start
        }
      }
    }
    return nil
  }

  func hasSelfContext(before start: Int, in terms: [UInt64]) -> Bool {
    let from = max(0, start - contextWindow)
    return terms[from..<start].contains { selfContext.contains($0) }
  }

  /// Joins "I am ChatGPT" and a following "developed by OpenAI" of the same maker into one claim.
  func merged(_ claims: [Claim]) -> [Claim] {
    var out: [Claim] = []
    for claim in claims {
      if var last = out.last, last.identity.maker == claim.identity.maker,
        claim.tokenRange.lowerBound - last.tokenRange.upperBound <= 6
      {
        last.tokenRange = last.tokenRange.lowerBound..<claim.tokenRange.upperBound
        if last.identity.claimedModel == nil { last.identity.claimedModel = claim.identity.claimedModel }
        if last.identity.rule != claim.identity.rule { last.identity.rule += " and " + claim.identity.rule }
        out[out.count - 1] = last
      } else {
        out.append(claim)
      }
    }
    return out
  }
}

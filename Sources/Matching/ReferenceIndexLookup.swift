import Foundation
import ReferenceIndex
import TextProcessing

/// What the matcher needs from an index, with per-scan caches of tokenised reference documents.
///
/// The matcher sees an `ReferenceIndexSet` only through this type, so the chance model and the aligner never touch the file
/// format.
final class ReferenceIndexLookup {
  let set: ReferenceIndexSet
  let seedLength: Int
  let totalTokens: Double
  let vocabulary: Double
  private var documents: [Int: CachedDocument] = [:]
  /// Bits of the terms met so far: the scanner's (`TermBitsCache`) and those this lookup added, which it hands back
  /// when it ends.
  private var termBits: TermHashTable<Double>
  private var addedBits: [(term: UInt64, bits: Double)] = []
  private let sharedBits: TermBitsCache
  /// See `CachedDocument.promptWorkspace`; one per lookup, as the lookup is one per scan and thread.
  private let promptWorkspace = TokenAligner.Workspace()
  /// The first damage met where the caller cannot throw (term statistics); the scan throws it when it is done.
  private(set) var damage: IndexError?

  /// A reference document with its stored terms, read once per scan.
  final class CachedDocument {
    let document: ReferenceDocument
    let terms: [UInt64]
    /// The tokens with byte ranges found so far, from the start of the document (see `tokens(upTo:)`).
    private var tokenPrefix: [Token] = []
    let seedLength: Int
    /// The scan's matrices for aligning outputs with their prompts. Shared, because a fresh workspace per document
    /// allocated and zeroed about 1 MB each time, which once cost a third of a rescan in the language server.
    private let promptWorkspace: TokenAligner.Workspace
    /// Tokens of the output that repeat its own prompt: those of a k-gram of the prompt (`PromptDictation.mask`)
    /// and those in stretches that align with it (`PromptDictation.alignedMask`). Computed only for documents that
    /// get as far as scoring, since most candidates are dropped before, and then kept by the scanner
    /// (`PromptMaskCache`) for later scans.
    lazy var fromPrompt: [Bool] = masks.mask(shard: shard, number: number, tokenCount: terms.count) {
      let dictated = PromptDictation.mask(terms: terms, promptTerms: promptTerms, seedLength: seedLength)
      let aligned = PromptDictation.alignedMask(terms: terms, promptTerms: promptTerms, workspace: promptWorkspace)
      return zip(dictated, aligned).map { $0 || $1 }
    }
    /// Per token, a lower weight where the word occurs in the document's prompt.
    lazy var promptWordWeights: [Double] = PromptDictation.wordWeights(terms: terms, promptTerms: promptTerms)
    /// The terms of the document's prompt (empty when it has none).
    lazy var promptTerms: [UInt64] = document.prompt.map { Tokenizer.terms($0) } ?? []

    /// At least the first `count` tokens with their byte ranges (fewer only if the document has fewer).
    ///
    /// Byte ranges are needed only for the documents a passage names, and only up to the end of the passage, so
    /// the document is tokenised that far (and twice as far as last time, when a later passage needs more).
    ///
    /// - Throws: `IndexError.corrupted` when the text's tokens are not the stored terms (`terms`) they are
    ///   aligned by: a damaged text must not put a passage at the wrong bytes, or past the end of the text.
    func tokens(upTo count: Int) throws(IndexError) -> [Token] {
      if tokenPrefix.count < count, tokenPrefix.count < terms.count {
        let found = Tokenizer.tokenize(document.text, maxTokens: max(count, 2 * tokenPrefix.count))
        let expected = min(terms.count, max(count, 2 * tokenPrefix.count))
        // Worded as deep verification words the same damage, so a scan and `index verify --deep` say one thing.
        guard found.count == expected else {
          throw IndexError.corrupted(
            path: path,
            detail:
              "documents section: document \(number) says it has \(terms.count) tokens, its text has \(found.count)")
        }
        if let i = found.indices.first(where: { found[$0].term != terms[$0] }) {
          throw IndexError.corrupted(
            path: path, detail: "tokens section: document \(number)'s stored term \(i) is not its text's")
        }
        tokenPrefix = found
      }
      return tokenPrefix
    }

    /// Where the document is in the index, for `masks` and for errors.
    private let path: String
    private let shard: Int
    private let number: Int
    private let masks: PromptMaskCache

    init(
      document: ReferenceDocument, terms: [UInt64], path: String, shard: Int, number: Int, seedLength: Int,
      promptWorkspace: TokenAligner.Workspace, masks: PromptMaskCache
    ) {
      self.document = document
      self.path = path
      self.terms = terms
      self.shard = shard
      self.number = number
      self.masks = masks
      self.seedLength = seedLength
      self.promptWorkspace = promptWorkspace
    }
  }

  /// The scanner's prompt masks of this set's documents, shared by every scan.
  let masks: PromptMaskCache

  init(set: ReferenceIndexSet, masks: PromptMaskCache, bits: TermBitsCache) {
    self.set = set
    self.masks = masks
    sharedBits = bits
    termBits = bits.snapshot()
    seedLength = set.seedLength
    totalTokens = Double(max(1, set.tokenCount))
    vocabulary = Double(max(1, set.shards.reduce(0) { $0 + Int($1.header.termCount) }))
  }

  /// For each seed, its postings in each shard (see `ReferenceIndexSet.postingRanges`).
  func postingRanges(of seeds: UnsafeBufferPointer<UInt64>) throws(IndexError) -> [[Range<Int>]] {
    try set.postingRanges(of: seeds)
  }

  func posting(shard: Int, at i: Int) throws(IndexError) -> (document: Int, tokenPosition: Int) {
    try set.posting(shard: shard, at: i)
  }

  /// Document `number` of shard `shard`, tokenised; its token count must be the one the index recorded.
  func document(shard: Int, number: Int) throws(IndexError) -> CachedDocument {
    let key = shard << 32 | number
    if let cached = documents[key] { return cached }
    let cached = try uncachedDocument(shard: shard, number: number)
    documents[key] = cached
    return cached
  }

  /// Document `number` of shard `shard` with its terms, without keeping it in this lookup (see `document`).
  ///
  /// The terms are the index's (`ReferenceIndexFile.documentTerms`), whose run the reader checks against the
  /// record's token count; deep verification checks them against the text.
  func uncachedDocument(shard: Int, number: Int) throws(IndexError) -> CachedDocument {
    let file = set.shards[shard]
    let document: ReferenceDocument
    let terms: [UInt64]
    do {
      document = try file.document(number)
      terms = try file.documentTerms(number)
    } catch let error as IndexError {
      throw error
    } catch {
      throw IndexError.corrupted(path: file.path, detail: "document \(number): \(error)")
    }
    return CachedDocument(
      document: document, terms: terms, path: file.path, shard: shard, number: number, seedLength: seedLength,
      promptWorkspace: promptWorkspace, masks: masks)
  }

  /// Surprise of seeing `term` at a given position of the reference corpus, in bits: -log2 of its smoothed
  /// frequency, capped so a single typo-like rare word cannot carry a match on its own.
  func bits(of term: UInt64) -> Double {
    let set = self.set
    let totalTokens = self.totalTokens
    let vocabulary = self.vocabulary
    return termBits.value(of: term) { term in
      let count: Double
      do throws(IndexError) {
        count = Double(try set.termCount(term))
      } catch {
        if damage == nil { damage = error }
        count = 0
      }
      let p = (count + 0.5) / (totalTokens + 0.5 * vocabulary)
      let bits = min(SignificanceModel.maxBitsPerToken, -log2(p))
      addedBits.append((term, bits))
      return bits
    }
  }

  /// Hands the bits this lookup computed to the scanner's cache, unless it met damage (whose terms count as 0) or
  /// an index changed under it (whose reads may have been zeros).
  deinit {
    if damage == nil, !set.shards.contains(where: \.changedWhileOpen) { sharedBits.add(addedBits) }
  }
}

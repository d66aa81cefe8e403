import Foundation
import ReferenceIndex
import TextProcessing

/// The null panel's answers grouped by the prompt they answer, for discounting what independent answers to the
/// same prompt also say.
///
/// Two answers to "define photosynthesis" agree on "the process by which green plants use sunlight" whether or not
/// one was trained on the other. When the panel (the background index) holds answers by unrelated models to the
/// transcript's own prompt, the words and phrases they share with the transcript are no evidence of copying, however
/// rare those words are in the reference corpus. Prompts are matched by their tokens, so case, punctuation and
/// Markdown do not matter.
///
/// - Important: the prompt map is built on first use, under a lock; after that the panel is read-only and shared
///   by concurrent scans.
final class SamePromptPanel: @unchecked Sendable {
  let set: ReferenceIndexSet
  private let lock = NSLock()
  private var byPrompt: [UInt64: [Entry]]?

  struct Entry {
    var shard: Int
    var number: Int
    var model: String
  }

  /// A token covered by a k-gram that a same-prompt independent answer also contains adds nothing.
  static let sharedPhraseWeight = 0.0
  /// A token whose word a quarter or more of the same-prompt independent answers use counts this much.
  static let sharedWordWeight = 0.25

  init(set: ReferenceIndexSet) { self.set = set }

  /// The key of a prompt: its tokens, hashed.
  static func key(of prompt: String) -> UInt64? {
    let terms = Tokenizer.terms(prompt)
    guard !terms.isEmpty else { return nil }
    return terms.withUnsafeBufferPointer { TermHasher.seed($0, start: 0, count: $0.count) }
  }

  private func entries(for key: UInt64) -> [Entry] {
    lock.lock()
    defer { lock.unlock() }
    if byPrompt == nil {
      var map: [UInt64: [Entry]] = [:]
      for (s, shard) in set.shards.enumerated() {
        for n in 0..<shard.documentCount {
          guard let document = try? shard.document(n), let prompt = document.prompt, let k = Self.key(of: prompt)
          else { continue }
          map[k, default: []].append(Entry(shard: s, number: n, model: document.model))
        }
      }
      byPrompt = map
    }
    return byPrompt?[key] ?? []
  }

  /// How many independent answers the panel holds for `prompt` (leaving out `excludedModel`'s).
  func answerCount(prompt: String, excludingModel excludedModel: String?) -> Int {
    guard let key = Self.key(of: prompt) else { return 0 }
    return entries(for: key).filter { $0.model != excludedModel }.count
  }

  /// Per token of `terms`, its weight after what the panel's answers to `prompt` also say; nil when the panel has
  /// no answer to that prompt (other than `excludedModel`'s).
  ///
  /// - Parameter excludedModel: the model whose answers are being scanned as the null during calibration: its own
  ///   answers must not explain themselves away.
  func weights(terms: [UInt64], prompt: String, excludingModel excludedModel: String?, seedLength: Int) -> [Double]? {
    guard let key = Self.key(of: prompt) else { return nil }
    let answers = entries(for: key).filter { $0.model != excludedModel }
    guard !answers.isEmpty else { return nil }
    var phrases = TermHashTable<Bool>(capacity: 1024)
    var wordAnswers = TermHashTable<Int>(capacity: 1024)
    for entry in answers {
      guard let answer = try? set.shards[entry.shard].documentTerms(entry.number) else { continue }
      var seen = TermHashTable<Bool>(capacity: max(16, answer.count))
      for term in answer where !seen.contains(term) {
        seen.insert(term, true)
        wordAnswers.insert(term, (wordAnswers[term] ?? 0) + 1)
      }
      guard answer.count >= seedLength else { continue }
      answer.withUnsafeBufferPointer { a in
        for i in 0...(a.count - seedLength) { phrases.insert(TermHasher.seed(a, start: i, count: seedLength), true) }
      }
    }
    let common = max(1, Int((Double(answers.count) / 4).rounded(.up)))
    var weights = terms.map { (wordAnswers[$0] ?? 0) >= common ? Self.sharedWordWeight : 1 }
    if terms.count >= seedLength {
      terms.withUnsafeBufferPointer { t in
        for i in 0...(t.count - seedLength) where phrases.contains(TermHasher.seed(t, start: i, count: seedLength)) {
          for j in i..<(i + seedLength) { weights[j] = Self.sharedPhraseWeight }
        }
      }
    }
    return weights
  }
}

import Foundation
import Matching
import ReferenceIndex
import TestSupport
import TextProcessing

/// A small reference corpus written for these tests, and helpers to build indexes and scan transcripts.
///
/// Every reference answer opens with "Here are some tips:" and closes with "I hope this helps!", as chat answers
/// do, so the corpus itself makes those phrases common. Filler answers drawn from a separate vocabulary bring the
/// corpus to enough documents for the statistics to mean something.
enum MatchingFixtures {
  static let lighthouse = """
    Keeping a lighthouse in the nineteenth century meant trimming the wicks every four hours through the night, \
    polishing the brass lens housing until it shone, and recording the weather in a leather logbook that the \
    inspector read twice a year. Keepers often raised goats on the rocky islands, mended their own boots, and \
    rowed to the mainland only when the supply boat failed to arrive before the autumn storms.
    """
  static let sourdough = """
    A sourdough starter is a living culture of wild yeast and lactic bacteria. Feed it equal weights of rye flour \
    and lukewarm water each morning, keep the jar loosely covered on a shelf away from drafts, and discard half \
    before every feeding so the acidity stays balanced. After about a week the starter should double within six \
    hours and smell pleasantly tangy, like yogurt mixed with green apples.
    """
  static let beekeeping = """
    Honeybees communicate the direction of distant flowers through a waggle dance performed on the vertical comb. \
    The angle of the dance relative to straight up encodes the angle between the sun and the food source, while \
    the duration of each waggle run tells nestmates roughly how far they must fly. Foragers returning with richer \
    nectar dance longer and recruit more sisters to the same patch of clover.
    """
  static let tidePools = """
    Tide pools along rocky coasts shelter anemones, hermit crabs, periwinkles and tiny sculpins that survive the \
    daily rhythm of submersion and exposure. Visitors should step only on bare rock, never lift animals from \
    their crevices, and turn any overturned stone back exactly as it was found. The best exploring happens during \
    the lowest spring tides, which arrive shortly after every full and new moon.
    """
  static let clockRepair = """
    Before disassembling an antique pendulum clock, photograph every gear train from several angles and let the \
    mainspring down slowly with a proper letdown key. Clean the brass plates in an ammonia-free solution, peg out \
    each pivot hole with sharpened pegwood, and oil only the pivots and the escapement pallets with a tiny drop of \
    synthetic clock oil, because excess lubricant attracts dust that grinds the bushings.
    """
  static let quotesAndLists = """
    Remember the "three rules" of trail safety: tell someone your route before leaving, carry more water than you \
    expect to drink, and turn around when the weather changes. Pack a whistle, a headlamp with spare batteries, \
    a paper map in a waterproof sleeve, and a compact first aid kit. Hikers who follow these habits rarely need \
    rescue, and when they do, searchers find them quickly.
    """
  static let chinese = "长城是中国古代修建的伟大防御工程，东起山海关，西至嘉峪关，绵延数千公里，翻越高山与沙漠，见证了两千多年的历史变迁。"

  /// The reference answers with hand-written content, by id.
  static let answers: [(id: String, text: String)] = [
    ("lighthouse", lighthouse), ("sourdough", sourdough), ("bees", beekeeping), ("tide-pools", tidePools),
    ("clock-repair", clockRepair), ("trail-safety", quotesAndLists), ("great-wall", chinese),
  ]

  static let fillerVocabulary = """
    alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo \
    sierra tango uniform victor whiskey xray yankee zulu amber bronze crimson denim emerald fuchsia golden \
    hazelnut iris jade khaki lemon magenta navy olive peach ruby saffron teal ultramarine vermilion
    """.split(whereSeparator: \.isWhitespace).map(String.init)

  /// A filler answer of `words` words that depends only on `seed` (SplitMix64).
  static func filler(seed: UInt64, words: Int = 50) -> String {
    var generator = SeededGenerator(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 1)
    var out: [String] = []
    for _ in 0..<words {
      out.append(fillerVocabulary[Int(generator.next() % UInt64(fillerVocabulary.count))])
    }
    return out.joined(separator: " ") + "."
  }

  /// Wraps an answer the way chat models write them, with the stock opening and closing.
  static func chatAnswer(_ text: String) -> String { "Here are some tips: " + text + " I hope this helps!" }

  /// One JSONL line with sorted keys.
  static func jsonLine(_ object: [String: String]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  /// The reference corpus: the hand-written answers, `fillerCount` filler answers, and `extra` (id, text) pairs.
  static func referenceCorpus(fillerCount: Int = 12, extra: [(String, String)] = [], model: String = "gpt-4")
    -> String
  {
    var lines: [String] = []
    for (id, text) in answers + extra {
      lines.append(jsonLine(["id": id, "model": model, "prompt": "Question about \(id)", "output": chatAnswer(text)]))
    }
    lines += fillerLines(fillerCount, model: model, output: { chatAnswer(filler(seed: UInt64($0))) })
    return lines.joined(separator: "\n") + "\n"
  }

  /// A corpus of one gpt-4 answer to `prompt` and twelve plain filler answers to other prompts.
  static func promptedCorpus(id: String, prompt: String, output: String) -> String {
    ([jsonLine(["id": id, "model": "gpt-4", "prompt": prompt, "output": output])]
      + fillerLines(12, model: "gpt-4", output: { filler(seed: UInt64($0)) })).joined(separator: "\n") + "\n"
  }

  /// `count` filler answers `filler-0`, `filler-1`, … to "Filler question i", with `output(i)` as their text.
  static func fillerLines(_ count: Int, model: String, output: (Int) -> String) -> [String] {
    (0..<count).map { i in
      jsonLine(["id": "filler-\(i)", "model": model, "prompt": "Filler question \(i)", "output": output(i)])
    }
  }

  /// Builds `corpus` into an index in `directory` and opens it.
  static func index(
    _ corpus: String, in directory: TemporaryDirectory, name: String = "ref", options: IndexBuildOptions = .init()
  ) throws -> ReferenceIndexSet {
    let input = try directory.write(name + ".jsonl", corpus)
    var options = options
    options.builtAt = 0
    try IndexBuilder(inputs: [input], outputPath: directory.path + "/\(name).eli", options: options).build()
    return try ReferenceIndexSet(paths: [directory.path + "/\(name).eli"])
  }

  /// A scanner over the standard reference corpus (plus `extra` answers) with the built-in identity list.
  static func scanner(
    extra: [(String, String)] = [], background: ReferenceIndexSet? = nil,
    parameters: ScanParameters = ScanParameters(), in directory: TemporaryDirectory
  ) throws -> EchoScanner {
    let references = try index(referenceCorpus(extra: extra), in: directory)
    return try EchoScanner(
      references: references, background: background, identities: try IdentityCatalog.builtIn(),
      parameters: parameters)
  }

  /// The null of `panel`'s answers against `references`, collected as `echolens calibrate` collects it.
  static func calibration(references: ReferenceIndexSet, panel: ReferenceIndexSet) throws -> NullCalibration {
    let calibrator = try NullCalibrator(
      scanner: try EchoScanner(
        references: references, background: panel, identities: try IdentityCatalog.builtIn(),
        parameters: NullCalibrator.parameters(for: ScanParameters())))
    let answers = calibrator.answers()
    return calibrator.calibration(answers: answers, scans: try answers.map { try calibrator.scan($0) }, tool: "test")
  }

  /// Scans `text` (markers already stripped) as `format`.
  static func scan(_ text: String, format: TranscriptFormat = .plainText, with scanner: EchoScanner) throws
    -> ScanResult
  {
    try scanner.scan(bytes: Array(text.utf8), format: format)
  }

  /// Unrelated words that occur nowhere in the reference corpus, to surround copies in transcripts.
  static let unrelated = """
    Yesterday my neighbour asked whether the bakery on Fifth Street still sells cinnamon rolls on Sundays, and I \
    promised to check after choir practice.
    """
}

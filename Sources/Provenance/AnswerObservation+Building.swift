import Matching

extension AnswerObservation {
  /// The observations of one scanned file: each answer with the findings that start inside it.
  ///
  /// - Parameters:
  ///   - path: the file as given.
  ///   - answers: the file's answers (`TranscriptAnswer.answers(of:)`).
  ///   - passages: the file's findings.
  ///   - fallbackModel: the model of answers whose record names none (the file name without its extension).
  public static func observations(
    path: String, answers: [TranscriptAnswer], passages: [ObservedPassage], fallbackModel: String
  ) -> [AnswerObservation] {
    var observations = answers.map { answer in
      AnswerObservation(
        path: path, record: answer.record, model: answer.model ?? fallbackModel,
        promptKey: answer.prompt.map(PromptKey.make), tokenCount: answer.tokenCount,
        scannedBytes: answer.scannedBytes, passages: [:], echoedBytes: [:], claims: [])
    }
    var covered: [Int: [String: [Range<Int>]]] = [:]
    for passage in passages.sorted(by: { ($0.utf8Start, $0.utf8End) < ($1.utf8Start, $1.utf8End) }) {
      guard passage.utf8Start <= passage.utf8End else { continue }
      guard
        let index = answers.lastIndex(where: {
          $0.utf8Start <= passage.utf8Start && passage.utf8Start < max($0.utf8End, $0.utf8Start + 1)
        })
      else { continue }
      switch passage.kind {
      case .echo, .commonText:
        guard let model = passage.model else { continue }
        observations[index].passages[model, default: 0] += 1
        covered[index, default: [:]][model, default: []].append(passage.utf8Start..<passage.utf8End)
      case .selfIdentification:
        if let identity = passage.identity { observations[index].claims.append(identity) }
      }
    }
    for (index, byModel) in covered {
      for (model, ranges) in byModel {
        observations[index].echoedBytes[model] = unionLength(ranges)
      }
    }
    return observations
  }

  /// Total length of possibly overlapping ranges.
  static func unionLength(_ ranges: [Range<Int>]) -> Int {
    var total = 0
    var end = Int.min
    for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if r.lowerBound >= end {
        total += r.count
        end = r.upperBound
      } else if r.upperBound > end {
        total += r.upperBound - end
        end = r.upperBound
      }
    }
    return total
  }

  /// The file name of `path` without folders or extension: the model of answers that name none.
  public static func fileModel(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
    return String(name[..<dot])
  }
}

import Evidence
import Matching

/// The one line that sums up a scanned file, e.g. "echolens: 38% echoes gpt-4 · 12 passages · claims to be ChatGPT
/// twice".
///
/// An auditor opening a transcript first wants to know how much of it echoes the reference and whether it claims to
/// be another model; the diagnostics say where, this says how much. It is shown as a code lens on the first line, or
/// as an information diagnostic there for clients without code lenses, and is rebuilt with every scan.
struct FileSummary {
  /// The summary's text.
  let text: String

  init(_ result: ScanResult) {
    var parts: [String] = []
    let covered = result.coverage.filter { $0.coveredBytes > 0 }
    if let top = covered.first {
      var echoes = "\(FindingMessage.percent(top.share)) echoes \(top.model)"
      for other in covered.dropFirst().prefix(2) { echoes += ", \(FindingMessage.percent(other.share)) \(other.model)" }
      if covered.count > 3 { echoes += " and \(covered.count - 3) more models" }
      parts.append(echoes)
    }
    // Counted in place: filtering copied every passage (a dozen reference-counted members each) on every
    // keystroke's rescan, a tenth of publishing 501 diagnostics (perf, audit bench).
    var echoPassages = 0
    var onOtherPrompts = 0
    var common = 0
    for passage in result.passages {
      if passage.kind == .echo {
        echoPassages += 1
        if passage.best?.significance.restsOnOtherPrompts == true { onOtherPrompts += 1 }
      } else if passage.kind == .commonText {
        common += 1
      }
    }
    if echoPassages > 0 || covered.isEmpty {
      var echoed = Self.count(echoPassages, "echoed passage", "echoed passages")
      // Said once for the file as each finding says it: their E-values rest on answers to other prompts.
      if onOtherPrompts > 0 {
        echoed += onOtherPrompts == 1 ? " (1 on a prompt" : " (\(onOtherPrompts) on prompts"
        echoed += " the panel never answered)"
      }
      parts.append(echoed)
    }
    if common > 0 { parts.append(Self.count(common, "common-text passage", "common-text passages")) }
    var claims: [(name: String, times: Int)] = []
    for passage in result.passages where passage.kind == .selfIdentification {
      guard let identity = passage.identity else { continue }
      let name = identity.claimedModel ?? "made by \(identity.maker)"
      if let i = claims.firstIndex(where: { $0.name == name }) {
        claims[i].times += 1
      } else {
        claims.append((name, 1))
      }
    }
    for claim in claims { parts.append("claims to be \(claim.name) \(Self.times(claim.times))") }
    if result.truncated { parts.append("only the strongest \(result.passages.count) shown") }
    text = "echolens: " + parts.joined(separator: " · ")
  }

  static func count(_ n: Int, _ one: String, _ many: String) -> String {
    n == 1 ? "1 \(one)" : "\(n == 0 ? "no" : String(n)) \(many)"
  }

  static func times(_ n: Int) -> String {
    switch n {
    case 1: return "once"
    case 2: return "twice"
    default: return "\(n) times"
    }
  }
}

/// The one place that says which values the shared scan settings take.
///
/// The CLI calls these after parsing its flags and the server after decoding its settings, so the two can never
/// disagree about what is valid; both report the `ScanSettingError` thrown here.
public enum ScanSettingRules {
  /// Checks every field of `parameters`; the first one out of range is thrown.
  public static func validate(_ parameters: ScanParameters) throws {
    try atLeastOne(parameters.minTokens, setting: "minTokens")
    guard (0...1).contains(parameters.minSimilarity) else {
      throw ScanSettingError(
        setting: "minSimilarity", requirement: "a number from 0 to 1", given: plain(parameters.minSimilarity))
    }
    guard parameters.maxEValue > 0 else {
      throw ScanSettingError(setting: "maxEValue", requirement: "a positive number", given: plain(parameters.maxEValue))
    }
    guard parameters.maxUncalibratedEValue > 0 else {
      throw ScanSettingError(
        setting: "maxUncalibratedEValue", requirement: "a positive number",
        given: plain(parameters.maxUncalibratedEValue))
    }
    for (group, members) in parameters.modelGroups where group.isEmpty || members.contains(where: \.isEmpty) {
      throw ScanSettingError(
        setting: "modelGroups", requirement: "non-empty group and model names", given: "'\(group)'")
    }
    try atLeastOne(parameters.maxPassagesPerDocument, setting: "maxPassagesPerDocument")
    try atLeastOne(parameters.maxSeedDocuments, setting: "maxSeedDocuments")
  }

  /// The kinds named in `names` (`echo`, `self-identification`, `common-text`).
  public static func kinds(_ names: [String]) throws -> Set<FindingKind> {
    var kinds: Set<FindingKind> = []
    for name in names {
      guard let kind = FindingKind(rawValue: name) else {
        let known = FindingKind.allCases.map(\.rawValue).joined(separator: ", ")
        throw ScanSettingError(setting: "kinds", requirement: "kinds from \(known)", given: "'\(name)'")
      }
      kinds.insert(kind)
    }
    return kinds
  }

  /// The largest file, in bytes, that is read and scanned; larger ones are reported as not scanned.
  public static func maxFileBytes(_ value: Int) throws -> Int {
    guard value >= 0 else {
      throw ScanSettingError(
        setting: "maxFileBytes", requirement: "a whole number of bytes, 0 or more", given: "\(value)")
    }
    return value
  }

  static func atLeastOne(_ value: Int, setting: String) throws {
    guard value >= 1 else {
      throw ScanSettingError(setting: setting, requirement: "a whole number, 1 or more", given: "\(value)")
    }
  }

  /// `5` for 5.0, so the message repeats what the user typed rather than Swift's spelling of it.
  static func plain(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return "\(Int(value))" }
    return "\(value)"
  }
}

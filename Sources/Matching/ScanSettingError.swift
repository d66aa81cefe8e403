/// A scan setting outside what the engine accepts, named the way the editor names it.
///
/// `echolens scan` and the language server check every shared setting through `ScanSettingRules`, so a value the
/// CLI refuses is refused by the editor too, with the same words; each front end only says how the setting is
/// spelled there (`--min-similarity` on the command line, `echolens.minSimilarity` in the editor).
public struct ScanSettingError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The setting's name in `Protocol/LSP.md`, e.g. `minSimilarity`.
  public var setting: String
  /// What the setting takes, e.g. `a number from 0 to 1`.
  public var requirement: String
  /// The value that was given, as the user wrote it where that is known.
  public var given: String

  public init(setting: String, requirement: String, given: String) {
    self.setting = setting
    self.requirement = requirement
    self.given = given
  }

  /// The one sentence both front ends show, with the setting spelled as `name`.
  public func message(naming name: String) -> String { "\(name) takes \(requirement), not \(given)" }

  public var description: String { message(naming: setting) }
}

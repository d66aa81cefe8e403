import JSONRPC
import Matching

/// Why settings from the editor were refused, in one sentence that names the setting as the user writes it.
///
/// A range problem reads exactly as the CLI's (both come from `ScanSettingRules`), only the name differs:
/// `echolens.minSimilarity takes a number from 0 to 1, not 5` here, `--min-similarity …` on the command line.
struct InvalidSettings: Error, CustomStringConvertible {
  let description: String

  init(_ error: any Error) {
    switch error {
    case let error as InvalidSettings:
      description = error.description
    case let error as ScanSettingError:
      description = error.message(naming: Self.prefix + error.setting)
    case let error as DecodingError:
      description = Self.prefix + ResponseError.describe(error)
    default:
      description = "\(error)"
    }
  }

  /// A value out of range for a server-only setting, worded like `ScanSettingError`.
  init(setting: String, requirement: String, given: String) {
    self.init(ScanSettingError(setting: setting, requirement: requirement, given: given))
  }

  /// The settings section, so that a message names `echolens.minTokens` as the user's configuration spells it.
  static let prefix = "echolens."
}

import Foundation
import TextProcessing

/// The documented list of model identities and makers that self-identification findings are made from.
///
/// The defaults ship as `Resources/identities.json` (documented in `Protocol/IDENTITIES.md`); users extend them with
/// files of the same shape (`scan --identities FILE`, setting `identityFiles`), so no model name is buried in code.
public struct IdentityCatalog: Codable, Sendable, Hashable {
  public struct Identity: Codable, Sendable, Hashable {
    /// The model or product, as findings name it.
    public var model: String
    public var maker: String
    /// Spellings that name it in text.
    public var names: [String]
  }

  public struct Maker: Codable, Sendable, Hashable {
    public var maker: String
    public var names: [String]
  }

  public var version: Int
  public var identities: [Identity]
  public var makers: [Maker]
  /// Phrases that, right before a model name, make the text claim to be that model ("I am").
  public var selfPhrases: [String]
  /// Phrases that, right before a maker name, say who made the speaker ("developed by").
  public var makerPhrases: [String]
  /// A maker claim counts only with one of these words shortly before it, so that "Android was developed by
  /// Google" is not read as the model speaking about itself.
  public var selfContextWords: [String]
  /// Words that turn a claim around ("I am not ChatGPT").
  public var negations: [String]
  /// Words allowed between a phrase and the name ("I am actually ChatGPT").
  public var maxFillerTokens: Int
  /// How far before a maker claim to look for a self-context word.
  public var contextWindowTokens: Int

  /// The catalog that ships with echolens.
  public static func builtIn() throws -> IdentityCatalog {
    guard let url = Bundle.module.url(forResource: "identities", withExtension: "json") else {
      throw IdentityCatalogError(
        path: "identities.json", reason: "the built-in identity list is missing from the bundle")
    }
    return try load(path: url.path)
  }

  /// Loads a catalog file; the error names the file and what is wrong with it.
  public static func load(path: String) throws -> IdentityCatalog {
    let data: Data
    do {
      data = Data(try RegularFile.read(path))
    } catch {
      throw IdentityCatalogError(path: path, reason: "cannot read: \(error.reason)")
    }
    do {
      return try JSONDecoder().decode(IdentityCatalog.self, from: data)
    } catch let DecodingError.keyNotFound(key, _) {
      throw IdentityCatalogError(path: path, reason: "missing field '\(key.stringValue)'")
    } catch let DecodingError.typeMismatch(_, context) {
      throw IdentityCatalogError(
        path: path, reason: "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
    } catch {
      throw IdentityCatalogError(path: path, reason: "not a valid identity list: \(error)")
    }
  }

  /// This catalog extended by `other`: lists are concatenated, numbers take the larger value.
  public func merging(_ other: IdentityCatalog) -> IdentityCatalog {
    var merged = self
    merged.identities += other.identities
    merged.makers += other.makers
    merged.selfPhrases += other.selfPhrases
    merged.makerPhrases += other.makerPhrases
    merged.selfContextWords += other.selfContextWords
    merged.negations += other.negations
    merged.maxFillerTokens = max(maxFillerTokens, other.maxFillerTokens)
    merged.contextWindowTokens = max(contextWindowTokens, other.contextWindowTokens)
    return merged
  }
}

/// A catalog file that could not be used.
public struct IdentityCatalogError: Error, CustomStringConvertible, Sendable {
  public var path: String
  public var reason: String
  public var description: String { "\(path): \(reason)" }
}

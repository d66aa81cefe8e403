import Foundation
import TextProcessing

/// The identities of the index files whose deep verification passed, kept in a small file in the user's cache
/// folder, so that deep verification runs once per index rather than on every scan.
///
/// This is sound because of what the identity is: the header checksum, which covers every section checksum
/// (`Protocol/INDEX.md`). A scan still verifies every section checksum of a file whose identity is listed; when they
/// match, the bytes are those that were deep-verified under that identity. Damage that leaves the checksums alone
/// fails them, and damage whose checksums were recomputed changes the identity, which is then not listed, so the
/// file is verified deeply again. Losing or deleting the file only costs time; one that cannot be written is
/// ignored for the same reason.
public struct DeepVerifiedIdentities: Sendable {
  /// The file: one 16-digit identity per line, the most recent last.
  public let path: String
  /// How many identities the file keeps; older ones are dropped.
  static let capacity = 1000

  public init(path: String) {
    self.path = path
  }

  /// `$XDG_CACHE_HOME/echolens/deep-verified-indexes`, else `$HOME/.cache/echolens/deep-verified-indexes`; nil
  /// when neither variable is set.
  public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> DeepVerifiedIdentities?
  {
    let cache: String
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      cache = xdg
    } else if let home = environment["HOME"], home.hasPrefix("/") {
      cache = home + "/.cache"
    } else {
      return nil
    }
    return DeepVerifiedIdentities(path: cache + "/echolens/deep-verified-indexes")
  }

  /// The listed identities, oldest first; empty when the file is missing or unreadable.
  func identities() -> [String] {
    guard let bytes = try? RegularFile.read(path, maxBytes: Self.capacity * 17 + 1) else { return [] }
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).filter(Self.isIdentity)
  }

  /// Whether `identity` passed deep verification before.
  public func contains(_ identity: String) -> Bool {
    identities().contains(identity)
  }

  /// Lists `identity`, keeping the newest `capacity` entries; written to a temporary file and renamed, so that a
  /// concurrent reader sees the old or the new list, never half of one.
  public func add(_ identity: String) {
    guard Self.isIdentity(identity) else { return }
    var list = identities().filter { $0 != identity }
    list.append(identity)
    let kept = list.suffix(Self.capacity)
    let folder = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    // Unique per call: two index sets of one server may list identities at the same time.
    let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    TemporaryFileRegistry.register(temporary)
    defer { TemporaryFileRegistry.unregister(temporary) }
    guard FileManager.default.createFile(atPath: temporary, contents: Data((kept.joined(separator: "\n") + "\n").utf8))
    else { return }
    if rename(temporary, path) != 0 { unlink(temporary) }
  }

  static func isIdentity(_ text: String) -> Bool {
    text.utf8.count == 16 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
  }
}

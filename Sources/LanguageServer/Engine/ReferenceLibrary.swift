import Foundation
import ReferenceIndex

/// The reference answers of the open indexes, found by the names editor links give them.
///
/// A diagnostic, a definition and the compare view name a reference by the identity of its index file and its
/// document id (`echolens-index:///<identity>/<id>`). Each file's id table is built on the first lookup in that
/// file and kept, so later lookups are a binary search.
///
/// - Important: thread-safe; used on the server's queue and on background queues.
final class ReferenceLibrary: @unchecked Sendable {
  private let files: [ReferenceIndexFile]
  private let lock = NSLock()
  private var tables: [String: DocumentIDTable] = [:]

  init(references: ReferenceIndexSet?, background: ReferenceIndexSet?) {
    files = (references?.shards ?? []) + (background?.shards ?? [])
  }

  /// The reference `documentID` of the index file with identity `indexIdentity`, or nil when no open file has it.
  func document(indexIdentity: String, documentID: String) -> ReferenceDocument? {
    guard let file = files.first(where: { $0.identity == indexIdentity }) else { return nil }
    let table = lock.withLock { () -> DocumentIDTable in
      if let table = tables[indexIdentity] { return table }
      let table = DocumentIDTable(file)
      tables[indexIdentity] = table
      return table
    }
    guard let number = table.number(of: documentID, in: file) else { return nil }
    return try? file.document(number)
  }
}

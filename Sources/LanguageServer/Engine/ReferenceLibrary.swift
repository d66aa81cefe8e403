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

  /// Reference answer `documentNumber` of the index file with identity `indexIdentity`, provided its id is
  /// `documentID`; without a number, the first answer with that id. Nil when no open file has it.
  func document(indexIdentity: String, documentNumber: Int?, documentID: String) -> ReferenceDocument? {
    guard let file = files.first(where: { $0.identity == indexIdentity }) else { return nil }
    guard let number = documentNumber ?? table(of: file).number(of: documentID, in: file),
      let document = try? file.document(number), document.id == documentID
    else { return nil }
    return document
  }

  /// Builds every file's id table now, so that the first document's diagnostics (whose links look references up
  /// by id) do not wait for it: the server calls this in its background warm-up when an index opens.
  func buildIDTables() {
    for file in files { _ = table(of: file) }
  }

  private func table(of file: ReferenceIndexFile) -> DocumentIDTable {
    lock.withLock {
      if let table = tables[file.identity] { return table }
      let table = DocumentIDTable(file)
      tables[file.identity] = table
      return table
    }
  }
}

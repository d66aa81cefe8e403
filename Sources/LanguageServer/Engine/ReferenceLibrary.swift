import Foundation
import ReferenceIndex

/// The reference answers of the open indexes, found by the names editor links give them.
///
/// A diagnostic, a definition and the compare view name a reference by the identity of its index file, its
/// document number and its id (`echolens-index:///<identity>/<number>/<id>`), so they need no lookup by id. A link
/// without the number (`echolens-index:///<identity>/<id>`, as typed or kept from elsewhere) opens the first answer
/// with that id: the file's id table (`DocumentIDTable`, 16 bytes per answer, 7.8 MB for 487,243 answers) is built
/// on the first such lookup in that file and kept. It used to be built when an index opened, from when links had no
/// number; resident in every server, it was an eighth of the server's memory beyond the mapped 1 GiB index.
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

  private func table(of file: ReferenceIndexFile) -> DocumentIDTable {
    lock.withLock {
      if let table = tables[file.identity] { return table }
      let table = DocumentIDTable(file)
      tables[file.identity] = table
      return table
    }
  }
}

import Foundation
import TextProcessing

/// Refuses an output path that names one of the command's inputs, before anything is read or written.
///
/// `index build` already refuses `-o corpus.jsonl`; `calibrate -o` and `report --output` wrote over whatever they
/// were given, so one slip (`--output suspect.jsonl`) destroyed the transcripts under audit. Compared by device and
/// inode, so no spelling, link or mount of the same file slips through; folders are walked for the files in them.
enum OutputGuard {
  /// - Parameters:
  ///   - what: what is written, for the message ("the report", "the calibration").
  ///   - inputs: files and folders the command reads.
  /// - Throws: `CommandError.failed` naming the output and the input it is.
  static func refuse(output: String, writing what: String, inputs: [String]) throws {
    guard let target = RegularFile.identity(of: output) else { return }  // not there yet: nothing to lose
    for input in files(in: inputs) where RegularFile.identity(of: input) == target {
      throw CommandError.failed(
        "the output \(output) is the input \(input); refusing to replace an input with \(what)")
    }
  }

  /// The regular files named by `paths`, folders walked (links followed, unreadable folders skipped: the command
  /// reports those itself when it reads them).
  static func files(in paths: [String]) -> [String] {
    var out: [String] = []
    for path in paths {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
      guard isFolder.boolValue else {
        out.append(path)
        continue
      }
      let walker = FileManager.default.enumerator(atPath: path)
      while let relative = walker?.nextObject() as? String {
        out.append((path as NSString).appendingPathComponent(relative))
      }
    }
    return out
  }
}

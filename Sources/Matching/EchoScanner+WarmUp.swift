import ReferenceIndex

extension EchoScanner {
  /// Computes ahead the prompt mask of every reference answer (`PromptMaskCache`), until `isCancelled` says stop.
  ///
  /// A scan computes the mask of each reference answer it aligns with the first time, and that is about a fifth of
  /// a scan of text that echoes the references. A long-lived scanner (the language server's) calls this in the
  /// background once its indexes are open, so that the first documents opened are scanned at the speed of later
  /// ones. It costs one pass over the references' texts on one thread (about half a second for the 23 MB index of
  /// the shared data) and four bytes per reference answer, plus eight per marked run.
  ///
  /// - Throws: `IndexError` when a document cannot be read; the scans report such damage themselves.
  public func warmPromptMasks(isCancelled: () -> Bool) throws(IndexError) {
    let lookup = ReferenceIndexLookup(set: references, masks: referenceMasks, bits: referenceBits)
    for (shard, file) in references.shards.enumerated() {
      for number in 0..<file.documentCount where !referenceMasks.has(shard: shard, number: number) {
        if isCancelled() { return }
        _ = try lookup.uncachedDocument(shard: shard, number: number).fromPrompt
      }
    }
  }
}

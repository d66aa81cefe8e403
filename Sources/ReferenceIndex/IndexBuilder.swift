import Dispatch
import Foundation
import TextProcessing

/// Builds an index file from corpus files in one streaming pass with bounded memory.
///
/// Records are read in batches; each batch is tokenised and winnowed on every core; stored texts go straight into
/// the output's strings section; postings collect in memory and are spilled as sorted runs when they reach half of
/// the memory limit; at the end the runs are merged into the postings section while the directory is counted. The
/// output is written to a temporary file beside the destination and renamed into place only when complete, so a
/// reader never sees a half-written index and a failed build leaves the old one untouched.
public final class IndexBuilder {
  let inputs: [String]
  let outputPath: String
  let options: IndexBuildOptions
  let selector: SeedSelector

  public init(inputs: [String], outputPath: String, options: IndexBuildOptions) {
    self.inputs = inputs
    self.outputPath = outputPath
    self.options = options
    selector = SeedSelector(seedLength: options.seedLength, windowSize: options.windowSize)
  }

  /// The per-record result of the parallel phase.
  struct ProcessedRecord {
    var postings: [Posting] = []
    var terms: [UInt64] = []
  }

  /// Runs the build.
  ///
  /// - Parameters:
  ///   - problems: called for each bad record as it is found (the builder also returns them all).
  ///   - progress: called after each batch.
  @discardableResult
  public func build(
    problems reportProblem: (CorpusProblem) -> Void = { _ in },
    progress: (IndexBuildProgress) -> Void = { _ in }
  ) throws -> IndexBuildReport {
    let started = Date()
    guard options.shardIndex >= 1, options.shardIndex <= options.shardCount else {
      throw IndexError.buildFailed(detail: "shard \(options.shardIndex)/\(options.shardCount) is out of range")
    }
    let reader = try CorpusReader(paths: inputs, options: options.corpus)
    // Compared by device and inode, so no spelling, link or mount of the same file slips through.
    if let output = RegularFile.identity(of: outputPath),
      let input = reader.filePaths.first(where: { RegularFile.identity(of: $0) == output })
    {
      throw IndexError.buildFailed(
        detail: "the output \(outputPath) is the input \(input); refusing to replace an input with the index")
    }
    let totalInputBytes = inputs.reduce(0) { $0 + Self.size(of: $1) }
    let temporaryPath = outputPath + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
    var succeeded = false
    TemporaryFileRegistry.register(temporaryPath)
    defer {
      if !succeeded { unlink(temporaryPath) }
      TemporaryFileRegistry.unregister(temporaryPath)
    }
    let writer = try SectionWriter(path: temporaryPath)
    let spill = try TokenSpill(path: temporaryPath + ".tokens")
    var documentTokenCounts: [UInt32] = []
    try writer.write([UInt8](repeating: 0, count: IndexHeader.size))

    // Strings come first so that texts stream straight to disk.
    try writer.beginSection()
    var stringCache: [String: DocumentRecord.StringRef] = [:]
    // Same-prompt panels repeat each prompt once per model (a third of the shared data's prompt bytes), so prompts
    // are stored once too; their cache is emptied when it would pass `promptCacheLimit` bytes, which bounds its memory.
    var promptCache: [String: DocumentRecord.StringRef] = [:]
    var promptCacheBytes = 0
    // Every model's answer to one follow-up has the same earlier turns, and encoding them as JSON
    // (`EarlierPrompts.encode`, Foundation's writer) is costly on the builder's one thread; each distinct list is
    // encoded once. The cache is emptied with the prompt cache, so a cached reference is always the one
    // `appendPrompt` would return and the output does not change.
    var earlierPromptsCache: [[String]: DocumentRecord.StringRef] = [:]
    let promptCacheLimit = max(1 << 12, min(64 << 20, options.memoryLimitBytes / 16))
    func appendString(_ s: String, cache: Bool) throws -> DocumentRecord.StringRef {
      if cache, let ref = stringCache[s] { return ref }
      var copy = s
      let ref = DocumentRecord.StringRef(
        offset: UInt64(writer.position - writer.sectionStart), length: UInt32(copy.utf8.count))
      try copy.withUTF8 { try writer.write(UnsafeRawBufferPointer($0)) }
      if cache { stringCache[s] = ref }
      return ref
    }
    func appendPrompt(_ prompt: String) throws -> DocumentRecord.StringRef {
      if let ref = promptCache[prompt] { return ref }
      let ref = try appendString(prompt, cache: false)
      if promptCacheBytes + Int(ref.length) > promptCacheLimit {
        promptCache.removeAll(keepingCapacity: true)
        earlierPromptsCache.removeAll(keepingCapacity: true)
        promptCacheBytes = 0
      }
      promptCache[prompt] = ref
      promptCacheBytes += Int(ref.length)
      return ref
    }
    func appendEarlierPrompts(_ prompts: [String]) throws -> DocumentRecord.StringRef {
      if let ref = earlierPromptsCache[prompts] { return ref }
      let ref = try appendPrompt(try EarlierPrompts.encode(prompts))
      earlierPromptsCache[prompts] = ref
      return ref
    }

    var documents: [UInt8] = []
    var documentCount = 0
    var tokenCount = 0
    var textBytes = 0
    var postings: [Posting] = []
    var runs: [PostingRun] = []
    var totalPostings = 0
    var termTable = TermCounter(capacity: 1 << 16)
    var allProblems: [CorpusProblem] = []
    var recordNumber = 0
    var inputBytesRead = 0
    // Half the memory limit holds postings (the sorter needs a second copy), and input is read in batches of a
    // sixteenth of it, so the limit holds however small it is set.
    let postingBudget = max(1 << 10, options.memoryLimitBytes / 2 / MemoryLayout<Posting>.stride / 2)
    let batchBytes = max(16 << 10, min(16 << 20, options.memoryLimitBytes / 16))
    // Room for the budget and one more batch from the start: growing the array by doubling copied it and touched
    // fresh pages again and again (half a gigabyte of postings on the bench's 1 GiB corpus). Untouched, the
    // reserved pages cost nothing.
    postings.reserveCapacity(postingBudget + batchBytes / 16)

    let prefetcher = BatchPrefetcher(reader: reader, targetBytes: batchBytes)
    let releases = DispatchQueue(label: "echolens.index-build.releases")
    while let batch = try prefetcher.next() {
      inputBytesRead += batch.inputBytes
      for problem in batch.problems {
        if options.strict { throw IndexError.buildFailed(detail: problem.description) }
        reportProblem(problem)
        allProblems.append(problem)
      }
      // Deal records to this shard.
      var mine: [CorpusRecord] = []
      mine.reserveCapacity(batch.records.count)
      for record in batch.records {
        if recordNumber % options.shardCount == options.shardIndex - 1 { mine.append(record) }
        recordNumber += 1
      }
      let firstDocument = documentCount
      let (processed, batchTerms) = process(mine, firstDocument: firstDocument)
      for counter in batchTerms { termTable.merge(counter) }
      for (i, record) in mine.enumerated() {
        let result = processed[i]
        let text = try appendString(record.text, cache: false)
        let entry = DocumentRecord(
          id: try appendString(record.id, cache: false), model: try appendString(record.model, cache: true),
          source: try appendString(record.source, cache: true),
          prompt: try record.prompt.map { try appendPrompt($0) }, text: text,
          tokenCount: UInt32(clamping: result.terms.count),
          earlierPrompts: record.earlierPrompts.isEmpty ? nil : try appendEarlierPrompts(record.earlierPrompts))
        entry.encode(into: &documents)
        tokenCount += result.terms.count
        documentTokenCounts.append(UInt32(clamping: result.terms.count))
        try spill.append(result.terms)
        textBytes += Int(text.length)
        postings.append(contentsOf: result.postings)
      }
      documentCount += mine.count
      if postings.count >= postingBudget {
        PostingSorter.sort(&postings, threads: options.threads)
        let run = try postings.withUnsafeBufferPointer {
          try PostingRun(path: temporaryPath + ".run\(runs.count)", postings: $0)
        }
        runs.append(run)
        totalPostings += postings.count
        postings.removeAll(keepingCapacity: true)
      }
      progress(
        IndexBuildProgress(
          inputBytesRead: inputBytesRead, inputBytesTotal: totalInputBytes, documents: documentCount,
          seconds: Date().timeIntervalSince(started), phase: "reading"))
      // The batch's records, terms and postings are freed on a queue of their own: freeing them here kept this
      // loop, the build's one single-threaded stretch, busy while a core idled (shared data, six alternating runs:
      // median 0.37 → 0.345 s). A batch waiting there is memory beyond the budget; freeing is far quicker than
      // tokenising, so that is at most about one batch (peak RSS of the 1 GiB build +1%).
      let finished = (batch, mine, processed, batchTerms)
      releases.async { withExtendedLifetime(finished) {} }
    }
    // An empty shard of a non-empty corpus is fine (fewer documents than shards); empty inputs are a mistake.
    guard recordNumber > 0 else {
      let skipped = allProblems.isEmpty ? "" : " (\(allProblems.count) bad records skipped)"
      throw IndexError.buildFailed(
        detail:
          "no documents in \(inputs.joined(separator: ", "))\(skipped); an index without documents finds nothing, so none was written"
      )
    }
    guard documentCount < Int(UInt32.max) else {
      throw IndexError.buildFailed(detail: "more than 4 billion documents in one shard; use --shard")
    }
    let strings = writer.endSection()

    try writer.beginSection()
    try writer.write(documents)
    let documentsSection = writer.endSection()
    documents = []

    progress(
      IndexBuildProgress(
        inputBytesRead: inputBytesRead, inputBytesTotal: totalInputBytes, documents: documentCount,
        seconds: Date().timeIntervalSince(started), phase: "sorting"))
    PostingSorter.sort(&postings, threads: options.threads)
    totalPostings += postings.count
    guard totalPostings < Int(UInt32.max) else {
      throw IndexError.buildFailed(detail: "more than 4 billion postings in one shard; use --shard")
    }
    // Postings name a document part and a position in it with 32 bits.
    guard
      let positionBits = PostingLocator.positionBits(
        tokenCounts: documentTokenCounts, widest: options.widestPositionBits),
      documentTokenCounts.allSatisfy({ $0 < UInt32.max })
    else {
      throw IndexError.buildFailed(detail: "more than 4 billion documents and tokens in one shard; use --shard")
    }
    let locator = PostingLocator(positionBits: positionBits, tokenCounts: documentTokenCounts)
    // The token file is recoded on other threads while the postings are merged and written on this one: the two
    // share nothing, and the merge alone leaves a core idle.
    let statistics = termTable.sortedStatistics()
    let tokenCounts = documentTokenCounts
    let threads = options.threads
    let recoding = BackgroundTask {
      try Self.recodeTokens(tokenCounts, statistics: statistics, spill: spill, threads: threads)
    }
    let merge = try PostingMerger(runs: runs, memory: postings)
    let written = try Self.writePostingsAndDirectory(merge, count: totalPostings, locator: locator, to: writer)
    postings = []
    runs = []
    let termsSection = try Self.writeTerms(statistics, to: writer)
    let tokensSection = try Self.writeTokens(try recoding.result(), spill: spill, to: writer)
    let extraPartsSection = try Self.writeExtraParts(
      PostingLocator.extraPartEntries(tokenCounts: documentTokenCounts, positionBits: positionBits), to: writer)

    try writer.beginSection()
    let metadata = BuildMetadata(
      toolVersion: options.toolVersion, builtAt: options.builtAt ?? Self.reproducibleBuildTime(inputs),
      inputs: reader.inputs.map { BuildMetadata.Input(path: $0.path, byteCount: $0.byteCount, sha256: $0.sha256) },
      options: metadataOptions(), recordCount: recordNumber, skippedRecordCount: allProblems.count)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try writer.write(Array(try encoder.encode(metadata)))
    let metadataSection = writer.endSection()

    var sections = [SectionEntry](
      repeating: SectionEntry(offset: 0, length: 0, checksum: 0), count: IndexSection.allCases.count)
    sections[IndexSection.metadata.rawValue] = metadataSection
    sections[IndexSection.documents.rawValue] = documentsSection
    sections[IndexSection.strings.rawValue] = strings
    sections[IndexSection.postings.rawValue] = written.postings
    sections[IndexSection.directory.rawValue] = written.directory
    sections[IndexSection.terms.rawValue] = termsSection
    sections[IndexSection.tokens.rawValue] = tokensSection
    sections[IndexSection.extraParts.rawValue] = extraPartsSection
    let header = IndexHeader(
      normalizerVersion: NormalizationRules.version, seedLength: UInt32(options.seedLength),
      windowSize: UInt32(options.windowSize), directoryBits: UInt32(written.directoryBits),
      shardIndex: UInt32(options.shardIndex), shardCount: UInt32(options.shardCount),
      documentCount: UInt64(documentCount), tokenCount: UInt64(tokenCount), postingCount: UInt64(totalPostings),
      distinctSeedCount: UInt64(written.distinctSeeds), termCount: UInt64(termTable.count),
      textByteCount: UInt64(textBytes), positionBits: UInt32(positionBits), sections: sections)
    let outputBytes = writer.position
    try writer.overwrite(header.encoded(), at: 0)
    try writer.finish()
    TemporaryFileRegistry.unregister(temporaryPath)  // waits forever if an interrupt is removing it
    guard rename(temporaryPath, outputPath) == 0 else {
      throw IndexError.buildFailed(
        detail: "\(outputPath): cannot rename into place: \(SystemErrorText.words(for: errno))")
    }
    succeeded = true
    return IndexBuildReport(
      outputPath: outputPath, documentCount: documentCount, tokenCount: tokenCount, postingCount: totalPostings,
      termCount: termTable.count, inputBytes: inputBytesRead, textBytes: textBytes, outputBytes: outputBytes,
      problems: allProblems, runsSpilled: merge.runCount, seconds: Date().timeIntervalSince(started))
  }

  /// Tokenises and winnows `records` on every core; results are in record order, with one term counter per worker.
  func process(_ records: [CorpusRecord], firstDocument: Int) -> ([ProcessedRecord], [TermCounter]) {
    var results = [ProcessedRecord](repeating: ProcessedRecord(), count: records.count)
    let workers = max(1, min(options.threads, records.count))
    var counters = [TermCounter](repeating: TermCounter(), count: workers)
    let selector = self.selector
    results.withUnsafeMutableBufferPointer { buffer in
      counters.withUnsafeMutableBufferPointer { counterBuffer in
        // Each worker writes only its own result indices and its own counter, so sharing the buffers is race-free.
        nonisolated(unsafe) let out = buffer
        nonisolated(unsafe) let counterOut = counterBuffer
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
          var i = worker
          var counter = TermCounter(capacity: 1 << 14)
          while i < records.count {
            var text = records[i].text
            let terms = text.withUTF8 { Tokenizer.terms($0) }
            let document = UInt32(firstDocument + i)
            for term in terms { counter.add(term, document: document) }
            var result = ProcessedRecord()
            terms.withUnsafeBufferPointer { buffer in
              selector.forEachSelectedSeed(buffer) { seed, position in
                result.postings.append(Posting(seed: seed, document: document, tokenPosition: UInt32(position)))
              }
            }
            result.terms = terms
            out[i] = result
            i += workers
          }
          counterOut[worker] = counter
        }
      }
    }
    return (results, counters)
  }

  func metadataOptions() -> [String: String] {
    var o: [String: String] = [
      "textField": options.corpus.textField, "idField": options.corpus.idField,
      "modelField": options.corpus.modelField, "promptField": options.corpus.promptField,
      "shard": "\(options.shardIndex)/\(options.shardCount)", "seedLength": "\(options.seedLength)",
      "windowSize": "\(options.windowSize)",
    ]
    if let model = options.corpus.model { o["model"] = model }
    return o
  }

  static func size(of path: String) -> Int {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return 0 }
    if (attributes[.type] as? FileAttributeType) == .typeDirectory {
      var total = 0
      if let e = FileManager.default.enumerator(atPath: path) {
        while let name = e.nextObject() as? String {
          total += ((try? FileManager.default.attributesOfItem(atPath: path + "/" + name))?[.size] as? Int) ?? 0
        }
      }
      return total
    }
    return (attributes[.size] as? Int) ?? 0
  }

  /// `SOURCE_DATE_EPOCH`, else the newest modification time of the inputs, so rebuilds are byte-identical.
  static func reproducibleBuildTime(_ inputs: [String]) -> Int64 {
    if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let value = Int64(epoch) {
      return value
    }
    var newest: Int64 = 0
    for path in inputs {
      if let date = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date {
        newest = max(newest, Int64(date.timeIntervalSince1970))
      }
    }
    return newest
  }
}

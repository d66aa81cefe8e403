/// Gives freed heap memory back to the operating system after a scan.
///
/// A scan of a large transcript allocates tens of megabytes of short-lived token, hit and alignment buffers on a
/// background thread. glibc keeps such memory in per-thread arenas, so a long-running server's resident size grows
/// with the largest scan it ever did, and with the number of threads that ran scans. Limiting the arenas at start
/// and trimming after each large scan keeps the server's own memory close to what its open documents need.
enum HeapTrimmer {
  /// Called once at start: at most two malloc arenas, whatever the number of scan threads; and every block of
  /// `mappedBlockBytes` or more in its own mapping.
  ///
  /// glibc raises its mapping threshold each time a mapped block is freed, up to 32 MiB, so after the first large
  /// document the server's megabyte-sized buffers (message frames, decoded texts, diagnostics being encoded) came
  /// from the heap, between the small blocks that outlive them, and their pages stayed resident once freed: with ten
  /// 1 MB documents open, 22 MiB of the heap was free but could not be given back. A fixed threshold keeps them
  /// mapped, so freeing one returns its pages at once.
  static func limitArenas() {
    #if os(Linux)
      _ = glibcMallopt(glibcArenaMaxParameter, 2)
      _ = glibcMallopt(glibcMappingThresholdParameter, Int32(mappedBlockBytes))
    #endif
  }

  /// Blocks at least this large get their own mapping (`M_MMAP_THRESHOLD`); a scan piece's buffers stay below.
  ///
  /// 1 MiB rather than glibc's initial 128 KiB or the 256 KiB this was: a passage takes 632 bytes, so each
  /// array of a long file's 500 passages (assembled, in file order, stored), and each 375 KB publication of their
  /// diagnostics, was a fresh mapping whose pages faulted in one by one, several times per keystroke (perf,
  /// `lsp-audit`). Measured, interleaved: keystroke medians 23/23/24 -> 23/21/21 ms; the server's memory beyond the
  /// mapped index with ten 1 MB documents open 61.8/60.3 -> 60.7/60.8 MiB (`lsp`).
  static let mappedBlockBytes = 1 << 20

  /// Scans that read less text than this are not followed by a trim. A keystroke's rescan of one or two pieces of a
  /// long file frees a megabyte or so that the next keystroke allocates again; trimming after it gave the pages
  /// back only to fault them in again.
  static let worthTrimmingBytes = 512 << 10

  /// Called after each scan that read at least `worthTrimmingBytes`, and after the warm-up.
  static func releaseFreeMemory() {
    #if os(Linux)
      _ = glibcMallocTrim(0)
    #endif
  }
}

#if os(Linux)
  // <malloc.h> is not part of the Glibc module map, so the glibc entry points are declared here.
  /// `M_ARENA_MAX` from <malloc.h>.
  private let glibcArenaMaxParameter: Int32 = -8
  /// `M_MMAP_THRESHOLD` from <malloc.h>.
  private let glibcMappingThresholdParameter: Int32 = -3

  @_silgen_name("mallopt")
  private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

  @_silgen_name("malloc_trim")
  private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

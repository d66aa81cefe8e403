#if canImport(Glibc)
  import Glibc
#endif

/// Lowers the scheduling priority of the calling thread, for work that should run on what the foreground leaves of
/// the cores.
///
/// The language server checks a newly opened index and prepares per-reference data on background threads while the
/// first documents are opened. With two cores, those two threads took half of the machine from the first scans.
/// At nice 10 a thread still gets about a tenth of a busy core, so the work always progresses, and all of an idle
/// one.
public enum BackgroundPriority {
  /// The nice value background threads take.
  public static let niceness: Int32 = 10

  /// Lowers the calling thread's priority to `niceness` unless it is lower already; false when the system refused or
  /// cannot do it for one thread.
  ///
  /// Linux keeps the nice value per thread, so this leaves the rest of the process alone; elsewhere it does
  /// nothing, since there the call would lower the whole process.
  @discardableResult
  public static func lowerCurrentThread() -> Bool {
    #if os(Linux)
      let which = __priority_which_t(PRIO_PROCESS.rawValue)
      // Only ever lower: a process already started nicer (a batch job) keeps its own value.
      errno = 0
      let current = getpriority(which, 0)
      if errno == 0 && current >= niceness { return true }
      return setpriority(which, 0, niceness) == 0
    #else
      return false
    #endif
  }
}

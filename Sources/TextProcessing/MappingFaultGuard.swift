import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns the SIGBUS of a mapped file that shrank under us into zero-filled pages and a flag, so that no reader of
/// a mapping can be killed by another program rewriting the file.
///
/// A mapped file that another tool truncates or overwrites in place (`cp new.eli reference.eli` truncates first)
/// makes every read past its new end a SIGBUS, which would kill the language server or a build. Reads through
/// `MappedBytes` are already bounds-checked against the size at open, so the only way to survive is to keep the
/// memory readable: the handler maps anonymous zero pages over the whole mapping (`MAP_FIXED`, one system call)
/// and marks it replaced. The faulting read then restarts and sees zeros, which the checked readers above treat
/// like any other damage; the owner checks `MappedFile.wasReplaced` when it is done and reports that the file
/// changed while it was read. A SIGBUS outside our mappings is handed back to the handler that was there before.
///
/// - Important: the handler runs on the faulting thread at any moment, so it touches only `slots`, a fixed table
///   allocated before the handler is installed, and calls only `mmap` and `sigaction` (plain system calls).
enum MappingFaultGuard {
  /// How many mappings can be guarded at once: index shards plus one build input at a time need far fewer.
  static let capacity = 1024

  /// One guarded mapping: `[start, end)` in addresses (0 when the slot is free) and whether it was replaced.
  struct Slot {
    var start: UInt
    var end: UInt
    var replaced: UInt
  }

  nonisolated(unsafe) static let slots: UnsafeMutablePointer<Slot> = {
    let slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
    slots.initialize(repeating: Slot(start: 0, end: 0, replaced: 0), count: capacity)
    return slots
  }()
  nonisolated(unsafe) static var previousAction = sigaction()
  private static let lock = NSLock()
  private nonisolated(unsafe) static var installed = false

  /// Guards the mapping `[start, start + count)`; returns its slot, or nil when every slot is taken.
  static func register(start: UnsafeRawPointer, count: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    if !installed {
      _ = slots  // allocated before the handler can run
      install()
      installed = true
    }
    for i in 0..<capacity where slots[i].start == 0 {
      let address = UInt(bitPattern: start)
      slots[i].replaced = 0
      slots[i].end = address + UInt(count)
      slots[i].start = address
      return i
    }
    return nil
  }

  /// Stops guarding the mapping of `slot` (before it is unmapped).
  static func unregister(_ slot: Int) {
    lock.lock()
    defer { lock.unlock() }
    slots[slot].start = 0
  }

  /// Whether the handler replaced the mapping of `slot` with zeros.
  static func wasReplaced(_ slot: Int) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return slots[slot].replaced != 0
  }

  private static func install() {
    var action = sigaction()
    #if canImport(Darwin)
      action.__sigaction_u.__sa_sigaction = handleFault
    #else
      action.__sigaction_handler.sa_sigaction = handleFault
    #endif
    action.sa_flags = SA_SIGINFO | SA_ONSTACK
    sigemptyset(&action.sa_mask)
    sigaction(SIGBUS, &action, &previousAction)
  }
}

/// The SIGBUS handler (see `MappingFaultGuard`).
private func handleFault(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?)
{
  #if canImport(Darwin)
    let address = UInt(bitPattern: info?.pointee.si_addr)
  #else
    let address = UInt(bitPattern: info?.pointee._sifields._sigfault.si_addr)
  #endif
  let slots = MappingFaultGuard.slots
  for i in 0..<MappingFaultGuard.capacity {
    let slot = slots[i]
    guard slot.start != 0, address >= slot.start, address < slot.end else { continue }
    let replaced = mmap(
      UnsafeMutableRawPointer(bitPattern: slot.start), Int(slot.end - slot.start), PROT_READ,
      MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    if replaced != MAP_FAILED {
      slots[i].replaced = 1
      return  // the read restarts and sees zeros
    }
    break
  }
  // Not one of ours (or it could not be replaced): the handler from before takes it when the read faults again.
  sigaction(SIGBUS, &MappingFaultGuard.previousAction, nil)
}

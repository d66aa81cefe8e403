import Testing

@testable import Matching

@Suite struct TermBitsCacheTests {
  @Test func everyTermIsComputedOnceAndKeepsItsValueThroughGrowthAndCollisions() {
    var cache = TermBitsCache(capacity: 4)
    var computed: [UInt64: Int] = [:]
    // Keys that share their low bits collide in every table size; the others spread.
    let keys = (0..<3000).map { UInt64($0) << 20 } + (0..<3000).map { UInt64($0) &* 0x9e37_79b9_7f4a_7c15 }
    for round in 0..<2 {
      for key in keys {
        let value = cache.value(of: key) { term in
          computed[term, default: 0] += 1
          return Double(term % 1000) + 0.5
        }
        #expect(value == Double(key % 1000) + 0.5, "round \(round)")
      }
    }
    #expect(computed.count == Set(keys).count)
    #expect(computed.values.allSatisfy { $0 == 1 })
  }
}

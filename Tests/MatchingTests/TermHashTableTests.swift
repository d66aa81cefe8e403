import Testing

@testable import Matching

@Suite struct TermHashTableTests {
  @Test func everyKeyIsComputedOnceAndKeepsItsValueThroughGrowthAndCollisions() {
    var table = TermHashTable<Double>(capacity: 4)
    var computed: [UInt64: Int] = [:]
    // Keys that share their low bits collide in every table size; the others spread.
    let keys = (0..<3000).map { UInt64($0) << 20 } + (0..<3000).map { UInt64($0) &* 0x9e37_79b9_7f4a_7c15 }
    for round in 0..<2 {
      for key in keys {
        let value = table.value(of: key) { term in
          computed[term, default: 0] += 1
          return Double(term % 1000) + 0.5
        }
        #expect(value == Double(key % 1000) + 0.5, "round \(round)")
      }
    }
    #expect(computed.count == Set(keys).count)
    #expect(computed.values.allSatisfy { $0 == 1 })
    #expect(table[12345 << 20] == nil)
  }

  @Test func asASetItHoldsExactlyItsMembers() {
    let members = (0..<500).map { UInt64($0) << 16 } + [0, .max]
    let set = TermHashTable(members, capacity: 8)
    #expect(members.allSatisfy { set.contains($0) })
    #expect(!(1..<500).contains { set.contains(UInt64($0) << 16 | 1) })
    #expect(!set.contains(1))
  }
}

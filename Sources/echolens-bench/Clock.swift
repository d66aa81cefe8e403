import Foundation

/// Monotonic wall-clock time for measurements.
enum Clock {
  /// Seconds since an arbitrary fixed point; never goes backwards.
  static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  /// Runs `body` and returns its result and how long it took, in seconds.
  static func measure<R>(_ body: () throws -> R) rethrows -> (R, seconds: Double) {
    let start = now()
    let r = try body()
    return (r, now() - start)
  }

  /// Runs `body` `runs` times and returns the median duration in seconds (after one unmeasured warm-up run, so that
  /// page faults of a freshly mapped index do not count as scan time).
  static func median(runs: Int, warmUp: Bool = true, _ body: () throws -> Void) rethrows -> Double {
    if warmUp { try body() }
    var times: [Double] = []
    for _ in 0..<runs {
      let start = now()
      try body()
      times.append(now() - start)
    }
    return Statistics.median(times)
  }
}

/// Small helpers for summarising measurements.
enum Statistics {
  static func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }

  /// The `fraction` quantile by the nearest-rank rule: the smallest value with at least that share of the values at
  /// or below it (of 100 values, the 99th percentile is the second largest).
  static func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let s = values.sorted()
    return s[max(0, min(s.count - 1, Int((fraction * Double(s.count)).rounded(.up)) - 1))]
  }
}

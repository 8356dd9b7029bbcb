#pragma once
// The wire's random numbers: SplitMix64 streams, written out here so that a
// seed gives the same numbers with every compiler and standard library
// (std::uniform_real_distribution may differ between them). No global state.

#include <cstdint>

namespace wirecheck::wire {

/// One stream of numbers, fixed by the seed and the stream's id.
class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t stream) : state_(Mix(seed ^ Mix(stream + 1))) {}

  std::uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return Mix(state_);
  }
  /// Uniform in [0, 1), 53 bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  static std::uint64_t Mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_;
};

}  // namespace wirecheck::wire

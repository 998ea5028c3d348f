// `plexus-bench curves [iterations]`: time per call of the elliptic-curve precompiles.
#include <cstdio>
#include <string>
#include <vector>

#include "bench_registry.hpp"
#include "per_call_timer.hpp"
#include "core/curves/precompiles.hpp"
#include "core/hex.hpp"

namespace plexus::bench {
namespace {

using Fn = Result<Bytes> (*)(BytesView);

struct Case {
  const char* name;
  Fn fn;
  std::string input_hex;
};

std::string word(std::string_view hex) {
  return std::string(64 - hex.size(), '0') + std::string(hex);
}

std::vector<Case> cases() {
  const std::string g1 = word("1") + word("2");
  const std::string neg_g1 =
      word("1") + word("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45");
  const std::string g2 = word("198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2") +
                         word("1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed") +
                         word("090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b") +
                         word("12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa");
  // r - 1: a full-width scalar.
  const std::string scalar = "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000";
  // A valid EIP-4844 point evaluation input (go-ethereum's pointEvaluation1).
  const std::string kzg =
      "01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b"
      "564c0a11a0f704f4fc3e8acfe0f8245f0ad1347b378fbf96e206da11a5d36306"
      "24d25032e67a7e6a4910df5834b8fe70e6bcfeeac0352434196bdf4b2485d5a1"
      "8f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca2"
      "5f26936857bc3a7c2539ea8ec3a952b7873033e038326e87ed3e1276fd140253"
      "fa08e9fc25fb2d9a98527fc22a2c9612fbeafdad446cbc7bcdbdcd780af2c16a";
  return {{"bn254_add", curves::bn254_add, g1 + g1},
          {"bn254_mul", curves::bn254_mul, g1 + scalar},
          {"bn254_pairing_2", curves::bn254_pairing_check, g1 + g2 + neg_g1 + g2},
          {"kzg_point_evaluation", curves::kzg_point_evaluation, kzg}};
}

int run(const std::vector<std::string>& args) {
  const int iterations = args.empty() ? 0 : std::stoi(args[0]);
  for (const Case& c : cases()) {
    const Bytes input = hex_or_throw(c.input_hex);
    if (!c.fn(input)) {
      std::fprintf(stderr, "%s: benchmark input rejected\n", c.name);
      return 1;
    }
    time_per_call(c.name, iterations, [&] { (void)c.fn(input); });
  }
  return 0;
}

}  // namespace

PLEXUS_BENCH_SUITE(curves, "BN254 add/mul/pairing and KZG point evaluation precompiles", run);

}  // namespace plexus::bench

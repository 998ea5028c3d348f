// Runs ethereum/tests RLPTests: encode every valid case and compare, decode every encoding and
// re-encode it, and require every invalid encoding to be rejected.
#include <gmp.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "core/rlp.hpp"
#include "testdata.hpp"

namespace plexus {
namespace {

using nlohmann::json;

Bytes big_decimal_to_bytes(const std::string& decimal) {
  mpz_t v;
  mpz_init_set_str(v, decimal.c_str(), 10);
  Bytes out((mpz_sizeinbase(v, 2) + 7) / 8);
  std::size_t written = 0;
  mpz_export(out.data(), &written, 1, 1, 1, 0, v);
  out.resize(written);
  mpz_clear(v);
  return out;
}

Bytes encode_json(const json& in) {
  if (in.is_array()) {
    std::vector<Bytes> items;
    for (const auto& e : in) items.push_back(encode_json(e));
    return rlp::encode_list(items);
  }
  if (in.is_number_unsigned() || in.is_number_integer()) return rlp::encode_uint(in.get<uint64_t>());
  const auto s = in.get<std::string>();
  if (!s.empty() && s[0] == '#') return rlp::encode_string(big_decimal_to_bytes(s.substr(1)));
  return rlp::encode_string(as_bytes(s));
}

// Decodes fully (recursing into lists) and re-encodes; fails on any malformed item.
Result<Bytes> reencode(const rlp::Item& item) {
  if (!item.is_list) return rlp::encode_string(item.payload);
  PLEXUS_TRY(auto items, rlp::list_items(item));
  std::vector<Bytes> encoded;
  for (const auto& child : items) {
    PLEXUS_TRY(Bytes e, reencode(child));
    encoded.push_back(std::move(e));
  }
  return rlp::encode_list(encoded);
}

Result<Bytes> decode_and_reencode(BytesView in) {
  PLEXUS_TRY(rlp::Item item, rlp::decode(in));
  return reencode(item);
}

TEST(RlpConformance, EthereumRlpTests) {
  PLEXUS_TESTDATA_OR_SKIP(dir, "ethereum/rlp_tests");
  int passed = 0, failed = 0;
  for (const char* file : {"rlptest.json", "invalidRLPTest.json", "RandomRLPTests/example.json"}) {
    const json suite = json::parse(testing::read_file(dir / file));
    for (const auto& [name, test] : suite.items()) {
      const Bytes out = hex_or_throw(test["out"].get<std::string>());
      const json& in = test["in"];
      bool ok = false;
      if (in.is_string() && in == "INVALID") {
        ok = !decode_and_reencode(out).has_value();
      } else if (in.is_string() && in == "VALID") {
        ok = decode_and_reencode(out).has_value();
      } else {
        auto round = decode_and_reencode(out);
        ok = encode_json(in) == out && round && *round == out;
      }
      if (ok) {
        ++passed;
      } else {
        ++failed;
        ADD_FAILURE() << file << " / " << name;
      }
    }
  }
  std::printf("rlp_tests: %d passed, %d failed\n", passed, failed);
  EXPECT_EQ(passed, 55);
}

}  // namespace
}  // namespace plexus

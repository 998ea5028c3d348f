// The Ethereum consensus BLS vectors (../shared/testdata/bls/eth2, ethereum/bls12-381-tests as
// JSON): every file of every folder, with the number of cases checked per folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/bls/bls.hpp"
#include "core/curves/hash_to_curve.hpp"
#include "core/hex.hpp"
#include "testdata.hpp"

namespace plexus::bls {
namespace {

using nlohmann::json;

std::vector<json> cases(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<json> out;
  for (const auto& f : files) {
    json j = json::parse(::plexus::testing::read_file(f));
    j["file"] = f.filename().string();
    out.push_back(std::move(j));
  }
  return out;
}

Bytes hex(const json& j) { return from_hex(j.get<std::string>()).value(); }

std::optional<std::vector<PublicKey>> keys(const json& list) {
  std::vector<PublicKey> out;
  for (const json& k : list) {
    auto pk = PublicKey::from_bytes(hex(k));
    if (!pk) return std::nullopt;
    out.push_back(*pk);
  }
  return out;
}

std::optional<Signature> signature(const json& j) {
  auto sig = Signature::from_bytes(hex(j));
  if (!sig) return std::nullopt;
  return *sig;
}

#define PLEXUS_ETH2_FOLDER(var, folder, expected_count) \
  PLEXUS_TESTDATA_OR_SKIP(var##_dir, "bls/eth2/" folder); \
  const std::vector<json> var = cases(var##_dir);         \
  EXPECT_EQ(var.size(), expected_count##u) << folder

TEST(BlsEth2, Sign) {
  PLEXUS_ETH2_FOLDER(all, "sign", 10);
  for (const json& c : all) {
    const auto sk = SecretKey::from_bytes(hex(c["input"]["privkey"]));
    if (c["output"].is_null()) {
      EXPECT_FALSE(sk) << c["file"];
      continue;
    }
    ASSERT_TRUE(sk) << c["file"];
    const Signature sig = sign(*sk, hex(c["input"]["message"]));
    EXPECT_EQ(to_hex(sig.to_bytes()), c["output"].get<std::string>()) << c["file"];
  }
}

TEST(BlsEth2, Verify) {
  PLEXUS_ETH2_FOLDER(all, "verify", 29);
  for (const json& c : all) {
    const auto pk = PublicKey::from_bytes(hex(c["input"]["pubkey"]));
    const auto sig = signature(c["input"]["signature"]);
    const bool ok = pk && sig && verify(*pk, hex(c["input"]["message"]), *sig);
    EXPECT_EQ(ok, c["output"].get<bool>()) << c["file"];
  }
}

TEST(BlsEth2, Aggregate) {
  PLEXUS_ETH2_FOLDER(all, "aggregate", 6);
  for (const json& c : all) {
    std::vector<Signature> sigs;
    bool decoded = true;
    for (const json& s : c["input"]) {
      const auto sig = signature(s);
      decoded = decoded && sig.has_value();
      if (sig) sigs.push_back(*sig);
    }
    const auto agg = decoded ? aggregate(sigs) : Result<Signature>(fail(Errc::kDecode, ""));
    if (c["output"].is_null()) {
      EXPECT_FALSE(agg) << c["file"];
      continue;
    }
    ASSERT_TRUE(agg) << c["file"];
    EXPECT_EQ(to_hex(agg->to_bytes()), c["output"].get<std::string>()) << c["file"];
  }
}

TEST(BlsEth2, FastAggregateVerify) {
  PLEXUS_ETH2_FOLDER(all, "fast_aggregate_verify", 12);
  for (const json& c : all) {
    const auto pks = keys(c["input"]["pubkeys"]);
    const auto sig = signature(c["input"]["signature"]);
    const bool ok = pks && sig && fast_aggregate_verify(*pks, hex(c["input"]["message"]), *sig);
    EXPECT_EQ(ok, c["output"].get<bool>()) << c["file"];
  }
}

TEST(BlsEth2, AggregateVerify) {
  PLEXUS_ETH2_FOLDER(all, "aggregate_verify", 5);
  for (const json& c : all) {
    const auto pks = keys(c["input"]["pubkeys"]);
    const auto sig = signature(c["input"]["signature"]);
    std::vector<Bytes> msgs;
    for (const json& m : c["input"]["messages"]) msgs.push_back(hex(m));
    const std::vector<BytesView> views(msgs.begin(), msgs.end());
    const bool ok = pks && sig && aggregate_verify(*pks, views, *sig);
    EXPECT_EQ(ok, c["output"].get<bool>()) << c["file"];
  }
}

TEST(BlsEth2, BatchVerify) {
  PLEXUS_ETH2_FOLDER(all, "batch_verify", 2);
  for (const json& c : all) {
    const auto pks = keys(c["input"]["pubkeys"]);
    std::vector<Signature> sigs;
    bool decoded = pks.has_value();
    for (const json& s : c["input"]["signatures"]) {
      const auto sig = signature(s);
      decoded = decoded && sig.has_value();
      if (sig) sigs.push_back(*sig);
    }
    std::vector<Bytes> msgs;
    for (const json& m : c["input"]["messages"]) msgs.push_back(hex(m));
    std::vector<SignatureSet> sets;
    if (decoded && pks->size() == sigs.size() && msgs.size() == sigs.size())
      for (std::size_t i = 0; i < sigs.size(); ++i) sets.push_back({&(*pks)[i], msgs[i], &sigs[i]});
    const bool ok = decoded && batch_verify(sets);
    EXPECT_EQ(ok, c["output"].get<bool>()) << c["file"];
  }
}

// Deserialization alone: infinity decodes here (PublicKey::from_bytes then refuses it as a key).
template <std::size_t N, class Decode>
void check_deserialization(const std::vector<json>& all, const char* field, Decode decode) {
  for (const json& c : all) {
    const Bytes b = hex(c["input"][field]);
    const bool ok = b.size() == N && decode(b.data()).has_value();
    EXPECT_EQ(ok, c["output"].get<bool>()) << c["file"];
  }
}

TEST(BlsEth2, DeserializationG1) {
  PLEXUS_ETH2_FOLDER(all, "deserialization_G1", 13);
  check_deserialization<48>(all, "pubkey", curves::bls12_381::decompress_g1);
}

TEST(BlsEth2, DeserializationG2) {
  PLEXUS_ETH2_FOLDER(all, "deserialization_G2", 15);
  check_deserialization<96>(all, "signature", curves::bls12_381::decompress_g2);
}

TEST(BlsEth2, HashToG2) {
  PLEXUS_ETH2_FOLDER(all, "hash_to_G2", 4);
  constexpr std::string_view kDst = "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";
  for (const json& c : all) {
    const std::string msg = c["input"]["msg"];
    const auto p = curves::bls12_381::hash_to_g2(
        Bytes(msg.begin(), msg.end()), Bytes(kDst.begin(), kDst.end()));
    const auto coordinate = [](const curves::bls12_381::Fq2& v) {
      Bytes c0(48), c1(48);
      v.c0.to_be(c0.data(), 48);
      v.c1.to_be(c1.data(), 48);
      return to_hex(c0) + "," + to_hex(c1);
    };
    EXPECT_EQ(coordinate(p.x), c["output"]["x"].get<std::string>()) << c["file"];
    EXPECT_EQ(coordinate(p.y), c["output"]["y"].get<std::string>()) << c["file"];
  }
}

}  // namespace
}  // namespace plexus::bls

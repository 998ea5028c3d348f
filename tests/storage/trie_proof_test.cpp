// Merkle proofs: generated for present and absent keys, verified against the root, and rejected
// once tampered with.
#include <gtest/gtest.h>

#include <random>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/rlp.hpp"
#include "storage/memory_store.hpp"
#include "storage/trie.hpp"

namespace plexus {
namespace {

class TrieProof : public ::testing::TestWithParam<bool> {
 protected:
  // 300 random keys with values of mixed length, so paths hold embedded and hashed nodes.
  void SetUp() override {
    std::mt19937 rng(3);
    for (int i = 0; i < 300; ++i) {
      Bytes key(std::uniform_int_distribution<int>(1, 6)(rng));
      for (Byte& c : key) c = static_cast<Byte>(rng() % 8);
      Bytes value(std::uniform_int_distribution<int>(1, 50)(rng), static_cast<Byte>(i));
      ASSERT_TRUE(trie.put(key, value));
      keys.push_back(key);
    }
  }
  bool secure() const { return GetParam(); }

  kv::MemoryStore store;
  Trie trie{store, {.node_prefix = {}, .secure_keys = GetParam()}};
  std::vector<Bytes> keys;
};

TEST_P(TrieProof, PresentKeysProveTheirValues) {
  const Hash256 root = trie.root_hash();
  for (const Bytes& key : keys) {
    const auto proof = trie.prove(key);
    ASSERT_TRUE(proof.has_value());
    ASSERT_FALSE(proof->empty());
    EXPECT_EQ(keccak256(proof->front()), root);  // root node first
    const auto proven = verify_proof(root, key, *proof, secure());
    ASSERT_TRUE(proven.has_value()) << proven.error().to_string();
    EXPECT_EQ(*proven, trie.get(key).value());
  }
}

TEST_P(TrieProof, AbsentKeysProveAbsence) {
  const Hash256 root = trie.root_hash();
  for (const char* text : {"", "\x01\x02\x03\x04\x05\x06\x07", "\x09", "zz"}) {
    const Bytes key = to_bytes(as_bytes(text));
    ASSERT_FALSE(trie.get(key).value().has_value());
    const auto proof = trie.prove(key);
    ASSERT_TRUE(proof.has_value());
    const auto proven = verify_proof(root, key, *proof, secure());
    ASSERT_TRUE(proven.has_value()) << proven.error().to_string();
    EXPECT_FALSE(proven->has_value());
  }
}

TEST_P(TrieProof, CommittedAndReopenedTrieGivesTheSameProofs) {
  const Hash256 root = trie.commit(store).value();
  auto reopened = Trie::open(store, root, {.node_prefix = {}, .secure_keys = secure()});
  ASSERT_TRUE(reopened.has_value());
  for (std::size_t i = 0; i < keys.size(); i += 17)
    EXPECT_EQ(reopened->prove(keys[i]).value(), trie.prove(keys[i]).value());
}

TEST_P(TrieProof, TamperedProofsFail) {
  const Hash256 root = trie.root_hash();
  const Bytes& key = keys[42];
  const auto proof = trie.prove(key).value();
  ASSERT_GE(proof.size(), 2u);
  // Any flipped byte in any node breaks the hash chain.
  for (std::size_t n = 0; n < proof.size(); ++n) {
    auto bad = proof;
    bad[n][bad[n].size() / 2] ^= 0x01;
    EXPECT_FALSE(verify_proof(root, key, bad, secure()).has_value()) << "node " << n;
  }
  // A missing node, an empty proof, and the wrong root.
  auto truncated = proof;
  truncated.pop_back();
  EXPECT_EQ(verify_proof(root, key, truncated, secure()).error().code, Errc::kValidation);
  EXPECT_FALSE(verify_proof(root, key, {}, secure()).has_value());
  EXPECT_FALSE(verify_proof(keccak256(proof[1]), key, proof, secure()).has_value() &&
               verify_proof(keccak256(proof[1]), key, proof, secure())->has_value());
  EXPECT_FALSE(verify_proof(keccak256(to_bytes(as_bytes("other"))), key, proof, secure()));
}

TEST_P(TrieProof, ProofOfAnotherValueDoesNotVerifyOldValue) {
  const Bytes& key = keys[7];
  const Hash256 old_root = trie.root_hash();
  const auto old_proof = trie.prove(key).value();
  ASSERT_TRUE(trie.put(key, to_bytes(as_bytes("changed"))));
  // The new proof proves the new value under the new root only.
  const auto new_proof = trie.prove(key).value();
  EXPECT_EQ(verify_proof(trie.root_hash(), key, new_proof, secure()).value(),
            to_bytes(as_bytes("changed")));
  EXPECT_FALSE(verify_proof(old_root, key, new_proof, secure()).has_value());
  EXPECT_NE(verify_proof(old_root, key, old_proof, secure()).value(),
            to_bytes(as_bytes("changed")));
}

TEST(TrieProofEdge, EmptyRootProvesEverythingAbsent) {
  const auto proven = verify_proof(kEmptyTrieRoot, to_bytes(as_bytes("k")), {});
  ASSERT_TRUE(proven.has_value());
  EXPECT_FALSE(proven->has_value());
}

TEST(TrieProofEdge, GarbageNodeWithMatchingHashIsRejected) {
  const Bytes garbage = to_bytes(as_bytes("not rlp at all"));
  const auto proven = verify_proof(keccak256(garbage), to_bytes(as_bytes("k")), {{garbage}});
  ASSERT_FALSE(proven.has_value());
  EXPECT_EQ(proven.error().code, Errc::kValidation);
}

// Mutated nodes re-hashed into a matching root reach the strict decoder: it must answer with a
// value, an absence or an error, never crash (this runs under the sanitizers too).
TEST(TrieProofEdge, MutatedRootNodesAreHandled) {
  kv::MemoryStore store;
  Trie trie(store);
  for (int i = 0; i < 64; ++i)
    ASSERT_TRUE(trie.put(Bytes{static_cast<Byte>(i), 1}, Bytes(1 + i % 40, 7)));
  const Bytes key{5, 1};
  const Bytes node = trie.prove(key).value().front();
  std::mt19937 rng(9);
  int rejected = 0;
  for (int i = 0; i < 2000; ++i) {
    Bytes bad = node;
    switch (rng() % 3) {
      case 0:
        bad[rng() % bad.size()] = static_cast<Byte>(rng());
        break;
      case 1:
        bad.resize(rng() % bad.size());
        break;
      default:
        bad.push_back(static_cast<Byte>(rng()));
        break;
    }
    if (!verify_proof(keccak256(bad), key, {{bad}})) ++rejected;
  }
  EXPECT_GT(rejected, 1000);
}

INSTANTIATE_TEST_SUITE_P(Keys, TrieProof, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Secure" : "Plain"; });

}  // namespace
}  // namespace plexus

// Proofs: every share of a square proves against its data root; a proof for another root, a
// changed share, a position outside the square and a truncated encoding are all rejected;
// namespace proofs are complete and catch a dropped share.
#include <gtest/gtest.h>

#include "da/proof.hpp"
#include "da_test_util.hpp"

namespace plexus::da {
namespace {

struct Fixture {
  ExtendedSquare eds;
  DataAvailabilityHeader dah;
  Hash256 root;
};

Fixture make(const Bytes& ods) {
  auto eds = *ExtendedSquare::extend(ods);
  auto dah = *eds.header();
  const Hash256 root = dah.hash();
  return Fixture{std::move(eds), std::move(dah), root};
}

TEST(Proofs, EveryShareOfASquareVerifies) {
  const Fixture f = make(testing::random_original(4, 11));
  for (std::size_t r = 0; r < 8; ++r)
    for (std::size_t c = 0; c < 8; ++c) {
      const auto proof = prove_share(f.eds, f.dah, r, c);
      ASSERT_TRUE(proof);
      const auto ok = verify_share(f.root, *proof);
      ASSERT_TRUE(ok) << r << "," << c << ": " << ok.error().message;
      const auto decoded = decode_share_proof(encode_share_proof(*proof));
      ASSERT_TRUE(decoded);
      EXPECT_TRUE(verify_share(f.root, *decoded));
    }
}

TEST(Proofs, ProofForAnotherRootIsRejected) {
  const Fixture a = make(testing::random_original(4, 12));
  const Fixture b = make(testing::random_original(4, 13));
  const auto proof = *prove_share(a.eds, a.dah, 2, 5);
  const auto wrong = verify_share(b.root, proof);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("not committed to by this data root"), std::string::npos);
}

TEST(Proofs, ChangedShareOrPositionIsRejected) {
  const Fixture f = make(testing::random_original(4, 14));
  auto proof = *prove_share(f.eds, f.dah, 1, 6);
  auto changed = proof;
  changed.share[200] ^= 1;
  EXPECT_FALSE(verify_share(f.root, changed));
  auto moved = proof;
  moved.col = 7;
  EXPECT_FALSE(verify_share(f.root, moved));
  auto outside = proof;
  outside.row = 8;
  const auto r = verify_share(f.root, outside);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("outside"), std::string::npos);
  auto other_row = proof;
  other_row.row = 2;  // the path still proves row 1's root
  EXPECT_FALSE(verify_share(f.root, other_row));
  EXPECT_FALSE(prove_share(f.eds, f.dah, 0, 8));
}

TEST(Proofs, TruncatedOrPaddedEncodingIsRejected) {
  const Fixture f = make(testing::random_original(2, 15));
  const Bytes good = encode_share_proof(*prove_share(f.eds, f.dah, 0, 0));
  for (std::size_t n = 0; n < good.size(); n += 37)
    EXPECT_FALSE(decode_share_proof(BytesView(good.data(), n))) << n;
  Bytes longer = good;
  longer.push_back(0);
  EXPECT_FALSE(decode_share_proof(longer));
}

TEST(Proofs, RowAndColumnRootsProveAgainstTheDataRoot) {
  const Fixture f = make(testing::random_original(4, 16));
  for (std::size_t i = 0; i < 16; ++i) {
    const auto p = prove_root(f.dah, i);
    ASSERT_TRUE(p);
    EXPECT_TRUE(verify_root(f.root, 8, *p)) << i;
    auto wrong = *p;
    wrong.root.digest[0] ^= 1;
    EXPECT_FALSE(verify_root(f.root, 8, wrong));
  }
  EXPECT_FALSE(prove_root(f.dah, 16));
}

TEST(Proofs, NamespaceProofIsCompleteAndCatchesADroppedShare) {
  // Row 0 holds namespaces a a b b, so proving b covers columns 2 and 3.
  const Namespace a = namespace_v0(as_bytes("aa")), b = namespace_v0(as_bytes("bb")),
                  c = namespace_v0(as_bytes("cc"));
  Bytes ods;
  for (const Namespace* ns : {&a, &a, &b, &b, &c, &c, &c, &c, &c, &c, &c, &c, &c, &c, &c, &c}) {
    const Share s = testing::filled_share(*ns, static_cast<Byte>(ods.size() / kShareSize));
    ods.insert(ods.end(), s.bytes.begin(), s.bytes.end());
  }
  const Fixture f = make(ods);
  const auto proofs = prove_namespace(f.eds, f.dah, b);
  ASSERT_TRUE(proofs);
  ASSERT_EQ(proofs->size(), 1u);
  const NamespaceProof& p = (*proofs)[0];
  EXPECT_EQ(p.start, 2u);
  EXPECT_EQ(p.end, 4u);
  EXPECT_TRUE(verify_namespace(f.root, p));

  // Claiming only column 3 would hide column 2: the left subtree (0..2) holds b.
  NamespaceProof hidden = p;
  hidden.start = 3;
  hidden.shares.erase(hidden.shares.begin());
  hidden.nodes = nmt_prove_range(f.eds.row_leaves(0), 3, 4).nodes;
  const auto r = verify_namespace(f.root, hidden);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("incomplete"), std::string::npos) << r.error().message;

  EXPECT_EQ(prove_namespace(f.eds, f.dah, c)->size(), 3u);  // rows 1-3
  EXPECT_TRUE(prove_namespace(f.eds, f.dah, namespace_v0(as_bytes("zz")))->empty());
}

TEST(Proofs, NamespaceAbsenceIsProvenAndCannotHideShares) {
  const Namespace a = namespace_v0(as_bytes("aa")), b = namespace_v0(as_bytes("bb")),
                  between = namespace_v0(as_bytes("ab"));
  Bytes ods;
  for (const Namespace* ns : {&a, &a, &b, &b}) {
    const Share s = testing::filled_share(*ns, 1);
    ods.insert(ods.end(), s.bytes.begin(), s.bytes.end());
  }
  const Fixture f = make(ods);  // row 0: a a, row 1: b b
  // Row 0 holds only a: its root's range [a, a] excludes "ab", so the root alone proves absence.
  const auto outside = prove_namespace_in_row(f.eds, f.dah, 0, between);
  ASSERT_TRUE(outside);
  EXPECT_TRUE(outside->nodes.empty());
  EXPECT_TRUE(verify_namespace(f.root, *outside));

  // A row holding a, b: "ab" falls inside its range and is proven absent by the first b leaf.
  Bytes mixed;
  for (const Namespace* ns : {&a, &b, &b, &b}) {
    const Share s = testing::filled_share(*ns, 2);
    mixed.insert(mixed.end(), s.bytes.begin(), s.bytes.end());
  }
  const Fixture g = make(mixed);
  const auto absent = prove_namespace_in_row(g.eds, g.dah, 0, between);
  ASSERT_TRUE(absent);
  ASSERT_TRUE(absent->absent_leaf.has_value());
  EXPECT_EQ(absent->start, 1u);
  EXPECT_TRUE(verify_namespace(g.root, *absent));
  EXPECT_EQ(prove_namespace(g.eds, g.dah, between)->size(), 1u);

  // Claiming b absent from row 0 with the same kind of proof fails: the leaf is b itself.
  NamespaceProof lie = *absent;
  lie.ns = b;
  EXPECT_FALSE(verify_namespace(g.root, lie));
  // An absence leaf further right is refused: the subtree on its left reaches past "ab".
  NamespaceProof skipped = *absent;
  skipped.start = 2;
  skipped.end = 3;
  skipped.absent_leaf = g.eds.row_leaves(0)[2];
  skipped.nodes = nmt_prove_range(g.eds.row_leaves(0), 2, 3).nodes;
  EXPECT_FALSE(verify_namespace(g.root, skipped));
}

}  // namespace
}  // namespace plexus::da

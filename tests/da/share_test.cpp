// Share format: namespaces, sparse shares with and without a signer, compact shares, padding,
// and the parse errors for malformed sequences.
#include <gtest/gtest.h>

#include "da/share.hpp"

namespace plexus::da {
namespace {

TEST(Shares, NamespacesFollowTheVersionRules) {
  EXPECT_TRUE(validate_namespace(namespace_v0(as_bytes("abc"))));
  Namespace bad_prefix = namespace_v0(as_bytes("abc"));
  bad_prefix[3] = 1;
  EXPECT_FALSE(validate_namespace(bad_prefix));
  Namespace v7;
  v7[0] = 7;
  const auto r = validate_namespace(v7);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("version 7"), std::string::npos);
  EXPECT_TRUE(validate_namespace(parity_namespace()));
  EXPECT_FALSE(validate_blob_namespace(pay_for_blob_namespace()));
  EXPECT_FALSE(validate_blob_namespace(tail_padding_namespace()));
}

TEST(Shares, WrongSizesAreRejected) {
  EXPECT_FALSE(share_from(Bytes(511)));
  EXPECT_FALSE(share_from(Bytes(513)));
  EXPECT_TRUE(share_from(Bytes(512)));
  const auto r = shares_from(Bytes(1000));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("512"), std::string::npos);
}

TEST(Shares, SparseSharesRoundTrip) {
  for (const std::size_t n : {std::size_t{0}, std::size_t{478}, std::size_t{479}, std::size_t{5000}}) {
    Blob b{namespace_v0(as_bytes("ns")), kShareVersionZero, {}, Bytes(n)};
    for (std::size_t i = 0; i < n; ++i) b.data[i] = static_cast<Byte>(i * 7);
    const auto shares = blob_shares(b);
    ASSERT_TRUE(shares);
    EXPECT_EQ(shares->size(), sparse_shares_needed(n));
    const auto seqs = parse_sparse_shares(*shares);
    ASSERT_TRUE(seqs) << seqs.error().message;
    ASSERT_EQ(seqs->size(), 1u);
    EXPECT_EQ((*seqs)[0].data, b.data);
  }
}

TEST(Shares, SignerOccupiesTheFirstShareOfVersionOne) {
  Blob b{namespace_v0(as_bytes("sig")), kShareVersionOne, Bytes(kSignerSize, 0x5A), Bytes(458, 1)};
  const auto shares = blob_shares(b);
  ASSERT_TRUE(shares);
  EXPECT_EQ(shares->size(), 1u);
  b.data.push_back(2);
  EXPECT_EQ(blob_shares(b)->size(), 2u);
  const auto seqs = parse_sparse_shares(*blob_shares(b));
  ASSERT_TRUE(seqs);
  EXPECT_EQ((*seqs)[0].signer, Bytes(kSignerSize, 0x5A));
  EXPECT_EQ((*seqs)[0].data, b.data);
  Blob unsigned_v1 = b;
  unsigned_v1.signer.clear();
  EXPECT_FALSE(blob_shares(unsigned_v1));
}

TEST(Shares, MalformedSequencesAreRejectedWithTheRule) {
  const Blob b{namespace_v0(as_bytes("x")), kShareVersionZero, {}, Bytes(2000, 3)};
  const auto shares = *blob_shares(b);
  const auto orphan = parse_sparse_shares(std::span(shares).subspan(1));
  ASSERT_FALSE(orphan);
  EXPECT_NE(orphan.error().message.find("never started"), std::string::npos);
  auto mixed = shares;
  mixed[2][kNamespaceSize - 1] ^= 1;
  const auto m = parse_sparse_shares(mixed);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("namespace changes"), std::string::npos);
  auto v9 = shares;
  v9[0][kNamespaceSize] = static_cast<Byte>((9 << 1) | 1);
  EXPECT_FALSE(parse_sparse_shares(v9));
}

TEST(Shares, CompactSharesCarryUnitsAcrossShares) {
  std::vector<Bytes> units;
  for (std::size_t i = 0; i < 20; ++i) units.push_back(Bytes(37 * i + 1, static_cast<Byte>(i)));
  const auto shares = compact_shares(tx_namespace(), units);
  EXPECT_GT(shares.size(), 1u);
  // The first share's reserved bytes point right after themselves (38), where unit 0 starts.
  const Byte* reserved = shares[0].data() + kNamespaceSize + 1 + kSequenceLengthSize;
  EXPECT_EQ(reserved[3], 38);
  const auto back = parse_compact_shares(shares);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, units);
}

TEST(Shares, PaddingShareLayout) {
  const Share p = tail_padding_share();
  EXPECT_EQ(namespace_of(p), tail_padding_namespace());
  EXPECT_EQ(p[kNamespaceSize], 0x01);
  for (std::size_t i = kNamespaceSize + 1; i < kShareSize; ++i) ASSERT_EQ(p[i], 0) << i;
}

}  // namespace
}  // namespace plexus::da

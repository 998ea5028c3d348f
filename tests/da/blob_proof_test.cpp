// Blob inclusion proofs: every blob of a square proves by its commitment, across rows too; a
// proof for another root, another namespace or commitment, a dropped or changed share and a
// truncated encoding are refused. Namespace proofs survive their binary form.
#include <gtest/gtest.h>

#include "da/blob_proof.hpp"
#include "da/layout.hpp"
#include "da_test_util.hpp"

namespace plexus::da {
namespace {

Blob blob(Byte tail, std::size_t size, Byte fill) {
  return Blob{namespace_v0(Bytes{0x01, tail}), kShareVersionZero, {}, Bytes(size, fill)};
}

struct Square {
  SquareContent content;
  OriginalSquare original;
  ExtendedSquare eds;
  DataAvailabilityHeader dah;
};

Square make(std::vector<Blob> blobs) {
  SquareContent content{{}, std::move(blobs)};
  OriginalSquare original = build_square(content).value();
  ExtendedSquare eds = ExtendedSquare::extend(square_bytes(original.shares)).value();
  DataAvailabilityHeader dah = eds.header().value();
  return Square{std::move(content), std::move(original), std::move(eds), std::move(dah)};
}

TEST(BlobProofs, EveryBlobProvesByItsCommitmentAcrossRows) {
  // 5,000 bytes span 11 shares: more than one row of a 4 x 4 square.
  const Square sq = make({blob(3, 5000, 0x33), blob(1, 20, 0x11), blob(2, 700, 0x22)});
  ASSERT_EQ(sq.original.width, 4u);
  const Hash256 root = sq.dah.hash();
  for (std::size_t i = 0; i < sq.content.blobs.size(); ++i) {
    const Blob& b = sq.content.blobs[i];
    const BlobPlacement& at = sq.original.blobs[i];
    const BlobProof proof = prove_shares(sq.eds, sq.dah, at.start, at.shares).value();
    const auto decoded = decode_blob_proof(encode_blob_proof(proof)).value();
    const auto got = verify_blob(root, decoded, b.ns, share_commitment(b).value());
    ASSERT_TRUE(got) << i << ": " << got.error().message;
    EXPECT_EQ(got->data, b.data);
    EXPECT_EQ(got->ns, b.ns);
  }
  const BlobPlacement& big = sq.original.blobs[0];
  EXPECT_GT(prove_shares(sq.eds, sq.dah, big.start, big.shares)->rows.size(), 1u);
}

TEST(BlobProofs, WrongRootNamespaceCommitmentOrSharesAreRefused) {
  const Square sq = make({blob(1, 2000, 0x11), blob(2, 30, 0x22)});
  const Square other = make({blob(1, 2000, 0x12), blob(2, 30, 0x22)});
  const Hash256 root = sq.dah.hash();
  const Blob& b = sq.content.blobs[0];
  const Hash256 commitment = share_commitment(b).value();
  const BlobPlacement& at = sq.original.blobs[0];
  const BlobProof proof = prove_shares(sq.eds, sq.dah, at.start, at.shares).value();
  ASSERT_TRUE(verify_blob(root, proof, b.ns, commitment));
  EXPECT_FALSE(verify_blob(other.dah.hash(), proof, b.ns, commitment));
  EXPECT_EQ(verify_blob(root, proof, namespace_v0(Bytes{0x01, 2}), commitment).error().message,
            "blob proof: the blob is in another namespace");
  EXPECT_EQ(
      verify_blob(root, proof, b.ns, share_commitment(sq.content.blobs[1]).value()).error().message,
      "blob proof: the shares' commitment is not the blob's");
  BlobProof changed = proof;
  changed.shares[1].bytes[100] ^= 1;
  EXPECT_NE(verify_blob(root, changed, b.ns, commitment).error().message.find("row root"),
            std::string::npos);
  BlobProof dropped = proof;
  dropped.shares.pop_back();
  EXPECT_FALSE(verify_blob(root, dropped, b.ns, commitment));
  // No shares, or past the end of the 4 x 4 square.
  EXPECT_FALSE(prove_shares(sq.eds, sq.dah, 0, 0));
  EXPECT_FALSE(prove_shares(sq.eds, sq.dah, 15, 2));
  const Bytes encoded = encode_blob_proof(proof);
  EXPECT_FALSE(decode_blob_proof(BytesView(encoded).first(encoded.size() - 1)));
  Bytes longer = encoded;
  longer.push_back(0);
  EXPECT_EQ(decode_blob_proof(longer).error().message,
            "blob proof: trailing bytes after the proof");
}

TEST(BlobProofs, NamespaceProofsSurviveTheirEncoding) {
  const Square sq = make({blob(1, 2000, 0x11), blob(1, 30, 0x12), blob(4, 30, 0x44)});
  const Hash256 root = sq.dah.hash();
  for (const Byte tail : {Byte{1}, Byte{3}, Byte{4}}) {
    const auto proofs = prove_namespace(sq.eds, sq.dah, namespace_v0(Bytes{0x01, tail})).value();
    for (const NamespaceProof& p : proofs) {
      const Bytes encoded = encode_namespace_proof(p);
      const NamespaceProof decoded = decode_namespace_proof(encoded).value();
      EXPECT_EQ(encode_namespace_proof(decoded), encoded);
      EXPECT_TRUE(verify_namespace(root, decoded));
    }
  }
  EXPECT_EQ(decode_namespace_proof(Bytes{'P', 'X', 'S', '1'}).error().message,
            "namespace proof: does not start with \"PXN1\"");
}

}  // namespace
}  // namespace plexus::da

// Blobs on the primary network: SubmitBlobs rules, the block's data root, fees, the builder's
// square limit, the stored blobs and the encodings.
#include "platform/blobs.hpp"

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "core/rlp.hpp"
#include "da/square.hpp"
#include "platform/builder.hpp"
#include "state_fixture.hpp"

namespace plexus::platform::testing {
namespace {

Bytes ns_bytes(Byte tail) {
  const da::Namespace ns = da::namespace_v0(Bytes{0x01, tail});
  return Bytes(ns.bytes.begin(), ns.bytes.end());
}

BlobData blob(Byte tail, std::size_t size, Byte fill = 0xAB) {
  return BlobData{ns_bytes(tail), Bytes(size, fill)};
}

SubmitBlobs submit(std::vector<BlobData> blobs) {
  return SubmitBlobs{std::move(blobs), PlatformParams{}.min_blob_fee_per_byte};
}

// The data root computed from the blobs directly with src/da, not through the platform.
Hash256 expected_root(const std::vector<BlobData>& blobs) {
  da::SquareContent content;
  for (const BlobData& b : blobs) content.blobs.push_back(to_da_blob(b));
  const da::OriginalSquare square = da::build_square(content).value();
  const auto eds = da::ExtendedSquare::extend(da::square_bytes(square.shares)).value();
  return eds.header().value().hash();
}

class BlobsTest : public StateTest {
 protected:
  void SetUp() override { open(); }
};

TEST_F(BlobsTest, ABlockCommitsToItsBlobsSquareAndStoresTheBlobs) {
  const SubmitBlobs first = submit({blob(2, 1000), blob(1, 10)});
  const SubmitBlobs second = submit({blob(1, 600, 0x11)});
  const std::vector<SignedOperation> ops = {op(first, {1}), sign(second, {2}, 0)};
  const BuiltBlock built = build_block(*state_, ops, 2000);
  ASSERT_TRUE(built.dropped.empty()) << built.dropped[0].reason.message;
  EXPECT_EQ(built.block.data_root, expected_root({blob(2, 1000), blob(1, 10), blob(1, 600, 0x11)}));
  EXPECT_NE(built.block.data_root, empty_data_root());
  const uint256 before = state_->account(addr(1)).balance;
  const uint256 burned = state_->data().totals.burned;
  ASSERT_TRUE(state_->apply_block(built.block));
  // The operation fee and 1,010 bytes at the fee per byte, burned.
  const uint256 blob_fee = PlatformParams{}.min_blob_fee_per_byte * uint256(1010);
  EXPECT_EQ(state_->account(addr(1)).balance, before - fee() - blob_fee);
  EXPECT_EQ(state_->data().totals.burned,
            burned + fees(2) + blob_fee + PlatformParams{}.min_blob_fee_per_byte * uint256(600));
  // The block store serves the blobs and the root; the index finds the operations' height.
  const PlatformBlock stored = state_->block_at(1).value();
  EXPECT_EQ(stored, built.block);
  EXPECT_EQ(blobs_of(stored.ops).size(), 3u);
  EXPECT_EQ(state_->height_of_blobs(keccak256(encode_signed(ops[1]))).value(),
            std::optional<std::uint64_t>(1));
  EXPECT_EQ(state_->height_of_blobs(Hash256{}).value(), std::nullopt);
  // The header's root survives the encoding; a block without blobs keeps its old encoding.
  EXPECT_EQ(decode_block(encode_block(built.block)).value(), built.block);
  const PlatformBlock empty = next_block({});
  EXPECT_EQ(empty.data_root, empty_data_root());
  EXPECT_EQ(rlp::list_items(rlp::decode(encode_block(empty)).value()).value().size(), 5u);
}

TEST_F(BlobsTest, ABlockWhoseDataRootIsNotItsBlobsSquareIsRefused) {
  const auto before = dump(store_);
  // Blobs under the empty square's root (what a block without blobs carries).
  PlatformBlock lying = next_block({op(submit({blob(1, 100)}), {1})});
  auto refused = state_->apply_block(lying);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kValidation);
  EXPECT_NE(refused.error().message.find(
                "platform block 1: data root " + to_hex(empty_data_root()) +
                " is not that of its blobs' square, " + to_hex(expected_root({blob(1, 100)}))),
            std::string::npos)
      << refused.error().message;
  // A root for other data.
  lying.data_root = expected_root({blob(1, 101)});
  EXPECT_FALSE(state_->apply_block(lying));
  // No blobs, but a root claiming some.
  PlatformBlock claims = next_block({});
  claims.data_root = expected_root({blob(1, 100)});
  EXPECT_FALSE(state_->apply_block(claims));
  EXPECT_FALSE(state_->run_pending(state_->head_state(), claims));
  EXPECT_EQ(state_->height(), 0u);
  EXPECT_EQ(dump(store_), before);
  // The right root is accepted.
  lying.data_root = expected_root({blob(1, 100)});
  EXPECT_TRUE(state_->apply_block(lying));
}

TEST_F(BlobsTest, EachRuleRefusesTheWholeSubmissionWithItsReason) {
  const BlobData reserved{to_bytes(da::tx_namespace().view()), Bytes(5, 1)};
  expect_refused(op(submit({blob(1, 10), reserved}), {1}),
                 "platform: blob 1: namespace: reserved namespaces cannot hold blobs");
  // Parity and tail padding are reserved too.
  expect_refused(op(submit({BlobData{to_bytes(da::parity_namespace().view()), Bytes(5, 1)}}), {1}),
                 "platform: blob 0: namespace: reserved namespaces cannot hold blobs");
  expect_refused(op(submit({BlobData{Bytes(28, 0), Bytes(5, 1)}}), {1}),
                 "platform: blob 0: a namespace is 29 bytes, not 28");
  expect_refused(op(submit({blob(1, 10), blob(2, 0)}), {1}),
                 "platform: blob 1: empty blob (a blob holds at least one byte)");
  expect_refused(op(submit({blob(1, 256 * 1024 + 1)}), {1}),
                 "platform: blob 0: 262145 bytes exceed the maximum blob size of 262144");
  expect_refused(op(submit({}), {1}), "platform: a blob submission carries 1 to 16 blobs, not 0");
  expect_refused(op(submit(std::vector<BlobData>(17, blob(1, 1))), {1}),
                 "platform: a blob submission carries 1 to 16 blobs, not 17");
  SubmitBlobs cheap = submit({blob(1, 10)});
  cheap.fee_per_byte = PlatformParams{}.min_blob_fee_per_byte - uint256(1);
  expect_refused(op(cheap, {1}),
                 "platform: blob fee per byte 999999999 is below the network's "
                 "minimum of 1000000000");
  SubmitBlobs dear = submit({blob(1, 10)});
  dear.fee_per_byte = plx(100) / uint256(10);  // 100 PLX for 10 bytes, all account 5 has
  expect_refused(op(dear, {5}),
                 "platform: insufficient PLX balance for the blob fee of 10 bytes "
                 "at 10000000000000000000 per byte");
  // Blobs that fit in no square the network allows: 32 x 32 shares hold less than 16 x 100 KiB.
  expect_refused(op(submit(std::vector<BlobData>(16, blob(1, 100 * 1024))), {1}),
                 "platform: the blobs need a data square wider than the network's maximum square "
                 "size 32");
}

TEST_F(BlobsTest, TheBuilderLeavesOutBlobsThatNoLongerFitTheSquare) {
  PlatformConfig config = test_config();
  config.max_square_size = 2;  // four shares
  open_new(config);
  const std::vector<SignedOperation> pool = {
      sign(submit({blob(1, 900)}), {1}, 0),  // two shares
      sign(submit({blob(2, 900)}), {2}, 0),  // two more: the square is full
      sign(submit({blob(3, 10)}), {3}, 0),   // no room left
  };
  const BuiltBlock built = build_block(*state_, pool, 2000);
  ASSERT_EQ(built.dropped.size(), 1u);
  EXPECT_EQ(built.dropped[0].index, 2u);
  EXPECT_EQ(built.dropped[0].reason.code, Errc::kLimitExceeded);
  EXPECT_EQ(built.dropped[0].reason.message, "platform: the block's data square is full");
  EXPECT_EQ(built.block.data_root, expected_root({blob(1, 900), blob(2, 900)}));
  ASSERT_TRUE(state_->apply_block(built.block));
  // A block that holds all three anyway is refused: its square is wider than the network's.
  std::vector<SignedOperation> all = {sign(submit({blob(1, 900)}), {1}, 1),
                                      sign(submit({blob(2, 900)}), {2}, 1),
                                      sign(submit({blob(3, 10)}), {3}, 0)};
  auto refused = state_->apply_block(next_block(all));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "platform block 2: the blobs need a data square wider than the network's maximum "
            "square size 2");
}

TEST(BlobSquare, TheCountedWidthIsTheLaidOutWidth) {
  // Seeded mixes of sizes and namespaces: the builder's count agrees with build_square.
  std::uint64_t state = 12345;
  const auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<da::Blob> blobs;
    std::vector<BlobShape> shapes;
    const std::size_t count = 1 + next() % 12;
    for (std::size_t i = 0; i < count; ++i) {
      const BlobData b = blob(static_cast<Byte>(next() % 5), 1 + (next() >> 20) % 40'000);
      blobs.push_back(to_da_blob(b));
      shapes.emplace_back(blobs.back().ns, b.data.size());
    }
    const auto square = da::build_square(da::SquareContent{{}, blobs}).value();
    ASSERT_EQ(square_width_needed(shapes), square.width) << "trial " << trial;
  }
}

TEST_F(BlobsTest, TheSquareSizeIsANetworkParameter) {
  PlatformParams params;
  // Defaults are left out of the encoding, so genesis hashes from before blobs are unchanged.
  EXPECT_EQ(rlp::list_items(rlp::decode(encode_params(params)).value()).value().size(), 16u);
  params.max_square_size = 64;
  params.max_blob_size = 1000;
  const Bytes encoded = encode_params(params);
  EXPECT_EQ(rlp::list_items(rlp::decode(encoded).value()).value().size(), 17u);
  EXPECT_EQ(decode_params(encoded).value(), params);
  params.max_square_size = 48;
  EXPECT_EQ(decode_params(encode_params(params)).error().message,
            "platform parameters: the maximum square size is a power of two from 1 to 512, not 48");
  PlatformConfig config = test_config();
  config.max_square_size = 1024;
  kv::MemoryStore other;
  EXPECT_FALSE(PlatformState::open(other, genesis_, config));
  config.max_square_size = 4;
  auto reopened = PlatformState::open(other, genesis_, config).value();
  EXPECT_EQ(reopened->config().max_square_size, 4u);
}

TEST_F(BlobsTest, SubmitBlobsRoundTripsThroughItsEncoding) {
  const SubmitBlobs op = submit({blob(1, 3), blob(7, 1)});
  EXPECT_EQ(decode_operation(encode_operation(op)).value(), Operation(op));
  // A blob is exactly [namespace, data].
  const Bytes bad_blob[] = {rlp::encode_string(ns_bytes(1))};
  const Bytes blobs[] = {rlp::encode_list(bad_blob)};
  const Bytes fields[] = {rlp::encode_uint(9), rlp::encode_list(blobs), rlp::encode_uint(1)};
  EXPECT_EQ(decode_operation(rlp::encode_list(fields)).error().message,
            "platform operation: a blob is [namespace, data]");
}

}  // namespace
}  // namespace plexus::platform::testing

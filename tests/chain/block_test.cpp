#include "chain/block.hpp"

#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "core/hex.hpp"

namespace plexus::chain {
namespace {

Block sample_block() {
  Block b;
  b.header.number = 7;
  b.header.gas_limit = 30'000'000;
  b.header.base_fee_per_gas = uint256(875'000'000);
  b.header.withdrawals_root = kEmptyTrieRoot;
  b.header.blob_gas_used = 0;
  b.header.excess_blob_gas = 0;
  b.header.parent_beacon_block_root = Hash256{};
  b.transactions = {hex_or_throw("c3010203"),         // a legacy transaction is a list
                    hex_or_throw("02c5820539800a")};  // a typed one: type || payload
  b.withdrawals = std::vector<Withdrawal>{{1, 2, Address{}, 3}};
  return b;
}

TEST(Block, EncodesBodyInEthereumShape) {
  const Block b = sample_block();
  const auto encoded = encode_block(b);
  ASSERT_TRUE(encoded) << encoded.error().to_string();
  const Bytes header = *encode_header(b.header);
  // After the header: [legacy list, typed as string], [] ommers, [[1, 2, address, 3]].
  const std::string tail = to_hex(BytesView(*encoded).subspan(3 + header.size()), false);
  EXPECT_EQ(tail,
            "cc"
            "c3010203"
            "8702c5820539800a"
            "c0"
            "d9"
            "d8"
            "01"
            "02"
            "94" +
                std::string(40, '0') + "03");
  const auto decoded = decode_block(*encoded);
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, b);
}

TEST(Block, PreShanghaiBlocksHaveNoWithdrawals) {
  Block b;
  b.header.base_fee_per_gas = uint256(7);
  const auto encoded = encode_block(b);
  ASSERT_TRUE(encoded);
  EXPECT_EQ(*decode_block(*encoded), b);
  b.withdrawals = std::vector<Withdrawal>{};
  EXPECT_FALSE(encode_block(b));  // withdrawals without a withdrawals root
}

TEST(Block, RejectsMalformedBodies) {
  Bytes encoded = *encode_block(sample_block());
  EXPECT_FALSE(decode_block(BytesView(encoded).first(encoded.size() - 1)));
  EXPECT_FALSE(decode_block(hex_or_throw("c0")));
  Block empty_tx = sample_block();
  empty_tx.transactions.push_back({});
  EXPECT_FALSE(encode_block(empty_tx));
  Block typed_prefix = sample_block();
  typed_prefix.transactions = {hex_or_throw("80")};  // neither a list nor a typed envelope
  EXPECT_FALSE(decode_block(*encode_block(typed_prefix)));
}

}  // namespace
}  // namespace plexus::chain

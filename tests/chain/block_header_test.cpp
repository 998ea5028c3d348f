#include "chain/block_header.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"

namespace plexus::chain {
namespace {

template <std::size_t N>
FixedBytes<N> fx(std::string_view hex) {
  return *fixed_from_hex<N>(hex);
}

// Ethereum mainnet block 20013090 (Cancun), fields as published by block explorers and clients.
BlockHeader mainnet_block_20013090() {
  BlockHeader h;
  h.parent_hash = fx<32>("0xb2b49c99cba41ed96ab53ff2b172cd867b7d6784fe8ca3c147d211529cde4482");
  h.coinbase = fx<20>("0x4838B106FCe9647Bdf1E7877BF73cE8B0BAD5f97");
  h.state_root = fx<32>("0x62a02785cda0dc514aee2019d96eaefaee29d40428971940e21965805aa5136d");
  h.transactions_root =
      fx<32>("0x6365226abe9c20b7754d2b71212edf4815dd6ae80f8e0086ce051f126cc5e478");
  h.receipts_root = fx<32>("0x52b0138ad6cd29a7b8eab45da3fdbf3ac8ac19b9ea4b0fa85effff7c730b6c83");
  h.logs_bloom = fx<256>(
      "0x906bcea33100b8441a4a0c5de35d59013308c3016c15ce661e9b0a186622e4714485c58587058601d718be14"
      "d7ba0d80be199318a800aefd47c7e06a0bad75262008cd48504b192bae365d0bce04e17e405c56db06fc3c988e"
      "020544d96c45d90e0f31684246873f3018d2178148ff757625f37115d0a724a81cee37c63b2210884dae5e0743"
      "2398b1dc31431fea424644d36649e140ac5cea31e25d28b02ba8061e0d1c8bad6f320f7473ccaa12ceb844f9c6"
      "3ac80fa005ecf30c4c01082278e192b20b60230782070e0dc26769d13636b0c413cd250594531735e26010e54d"
      "89ff6048ca0002b019ecbda696d1eb060d7dde60f3b2f4cb4e4182f885d137b1");
  h.number = 20013090;
  h.gas_limit = 30000000;
  h.gas_used = 13875029;
  h.timestamp = 1717439363;
  const std::string_view extra = "Titan (titanbuilder.xyz)";
  h.extra_data = to_bytes(as_bytes(extra));
  h.mix_hash = fx<32>("0x221ee008a8c5aafb557a4654110c3aeb8ae9c3af0f5ff7271edc7c91b2d95e07");
  h.base_fee_per_gas = uint256(13726822059ull);
  h.withdrawals_root = fx<32>("0xb18681663754565d0a1b2ba18ee9519e184905f59dfc5edd846fa5909772e1df");
  h.blob_gas_used = 393216;
  h.excess_blob_gas = 262144;
  h.parent_beacon_block_root =
      fx<32>("0x87c7c94ff2fdca52510b51b932364c1fae94cb20cc9657e6de84f19921745603");
  return h;
}

TEST(BlockHeader, MainnetCancunBlockHash) {
  const auto hash = header_hash(mainnet_block_20013090());
  ASSERT_TRUE(hash);
  EXPECT_EQ(to_hex(*hash), "0xb5f712d1c6eab970b927eac6e3f1704f297d4acfc860f2b243f61e1771aab3ff");
}

TEST(BlockHeader, EmptyOmmersHash) {
  EXPECT_EQ(to_hex(empty_ommers_hash()),
            "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");
}

TEST(BlockHeader, RoundTripsEveryForkShape) {
  BlockHeader full = mainnet_block_20013090();
  full.requests_hash = fx<32>("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BlockHeader shape = full;
  // Strip fork fields from the newest down: Prague, Cancun, Shanghai, London, pre-London.
  for (int step = 0; step < 7; ++step) {
    const auto encoded = encode_header(shape);
    ASSERT_TRUE(encoded) << encoded.error().to_string();
    const auto decoded = decode_header(*encoded);
    ASSERT_TRUE(decoded) << decoded.error().to_string();
    EXPECT_EQ(*decoded, shape) << "step " << step;
    if (shape.requests_hash)
      shape.requests_hash.reset();
    else if (shape.parent_beacon_block_root)
      shape.parent_beacon_block_root.reset();
    else if (shape.excess_blob_gas)
      shape.excess_blob_gas.reset();
    else if (shape.blob_gas_used)
      shape.blob_gas_used.reset();
    else if (shape.withdrawals_root)
      shape.withdrawals_root.reset();
    else
      shape.base_fee_per_gas.reset();
  }
}

TEST(BlockHeader, RejectsGapsInForkFields) {
  BlockHeader h = mainnet_block_20013090();
  h.withdrawals_root.reset();  // while blob fields stay set
  EXPECT_FALSE(encode_header(h));
}

TEST(BlockHeader, RejectsMalformedEncodings) {
  auto encoded = *encode_header(mainnet_block_20013090());
  EXPECT_FALSE(decode_header(BytesView(encoded).first(encoded.size() - 1)));
  encoded.push_back(0x00);
  EXPECT_FALSE(decode_header(encoded));
  EXPECT_FALSE(decode_header(hex_or_throw("c0")));
  EXPECT_FALSE(decode_header(hex_or_throw("80")));
  EXPECT_FALSE(decode_header({}));
}

}  // namespace
}  // namespace plexus::chain

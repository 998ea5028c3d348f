#include "chain/roots.hpp"

#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "core/hex.hpp"

namespace plexus::chain {
namespace {

TEST(Roots, EmptyListsGiveTheEmptyTrieRoot) {
  EXPECT_EQ(transactions_root({}), kEmptyTrieRoot);
  EXPECT_EQ(receipts_root({}), kEmptyTrieRoot);
  EXPECT_EQ(withdrawals_root({}), kEmptyTrieRoot);
}

TEST(Roots, MainnetWithdrawalsRoot) {
  // The 16 withdrawals of mainnet block 20013090 and its header's withdrawals root.
  const Address to = *fixed_from_hex<20>("0xb80eFae34A4bE9F813a5860Ed017FC9b80751eD1");
  const std::uint64_t amounts[] = {18618781, 18597620, 18605044, 18600739, 18579875, 18598395,
                                   18567176, 60449905, 18560098, 18589913, 18582026, 18561169,
                                   18541141, 18583829, 18568632, 63264515};
  std::vector<Withdrawal> withdrawals;
  for (std::uint64_t i = 0; i < std::size(amounts); ++i)
    withdrawals.push_back({47650059 + i, 705602 + i, to, amounts[i]});
  EXPECT_EQ(to_hex(withdrawals_root(withdrawals)),
            "0xb18681663754565d0a1b2ba18ee9519e184905f59dfc5edd846fa5909772e1df");
}

TEST(Roots, OrderMatters) {
  const std::vector<Bytes> txs{hex_or_throw("c3010203"), hex_or_throw("02c5820539800a")};
  const std::vector<Bytes> swapped{txs[1], txs[0]};
  EXPECT_NE(transactions_root(txs), transactions_root(swapped));
  EXPECT_NE(transactions_root(txs), kEmptyTrieRoot);
  const std::vector<Receipt> receipts{make_receipt(2, true, 21000, {}),
                                      make_receipt(2, true, 42000, {})};
  EXPECT_NE(receipts_root(receipts), receipts_root(std::span(receipts).first(1)));
}

TEST(Roots, EncodedItemsRootIsTheReceiptsRootOfTheirEncodings) {
  std::vector<Receipt> receipts;
  std::vector<Bytes> encoded;
  for (std::uint64_t i = 1; i <= 200; ++i) {  // enough for branches and hashed children
    receipts.push_back(make_receipt(2, i % 3 != 0, 21000 * i, {}));
    encoded.push_back(encode_receipt(receipts.back()));
  }
  EXPECT_EQ(encoded_items_root(encoded), receipts_root(receipts));
  EXPECT_NE(encoded_items_root(std::span(encoded).first(199)), receipts_root(receipts));
}

}  // namespace
}  // namespace plexus::chain

#include "chain/recovered_senders.hpp"

#include <gtest/gtest.h>

namespace plexus::chain {
namespace {

Hash256 hash_of(std::uint32_t i) {
  Hash256 h;
  for (std::size_t b = 0; b < 4; ++b) h[b] = static_cast<Byte>(i >> (8 * b));
  return h;
}

Address address_of(std::uint32_t i) {
  Address a;
  a[19] = static_cast<Byte>(i);
  a[18] = static_cast<Byte>(i >> 8);
  return a;
}

TEST(RecoveredSenders, ASenderIsFoundForItsTransactionAndFork) {
  RecoveredSenders senders;
  EXPECT_FALSE(senders.find(hash_of(1), tx::Fork::kCancun).has_value());
  senders.remember(hash_of(1), address_of(7), tx::Fork::kCancun);
  EXPECT_EQ(senders.find(hash_of(1), tx::Fork::kCancun), address_of(7));
  EXPECT_FALSE(senders.find(hash_of(2), tx::Fork::kCancun).has_value());
  // Recovered under one fork's signature rules, it says nothing under another's.
  EXPECT_FALSE(senders.find(hash_of(1), tx::Fork::kPrague).has_value());
  // The first recovery stands (the same bytes give the same sender).
  senders.remember(hash_of(1), address_of(8), tx::Fork::kCancun);
  EXPECT_EQ(senders.find(hash_of(1), tx::Fork::kCancun), address_of(7));
}

TEST(RecoveredSenders, TheOldestAreForgottenPastTheBound) {
  RecoveredSenders senders;
  const auto kept = static_cast<std::uint32_t>(RecoveredSenders::kKept);
  for (std::uint32_t i = 0; i < kept + 10; ++i)
    senders.remember(hash_of(i), address_of(i), tx::Fork::kCancun);
  for (std::uint32_t i = 0; i < 10; ++i)
    EXPECT_FALSE(senders.find(hash_of(i), tx::Fork::kCancun).has_value()) << i;
  EXPECT_EQ(senders.find(hash_of(10), tx::Fork::kCancun), address_of(10));
  EXPECT_EQ(senders.find(hash_of(kept + 9), tx::Fork::kCancun), address_of(kept + 9));
}

}  // namespace
}  // namespace plexus::chain

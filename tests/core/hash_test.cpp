#include "core/hash.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "core/rlp.hpp"

namespace plexus {
namespace {

TEST(Hash, Keccak256) {
  EXPECT_EQ(keccak256({}), kEmptyKeccak);
  EXPECT_EQ(to_hex(keccak256(as_bytes("abc"))),
            "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  const Bytes empty_rlp = rlp::encode_string({});
  EXPECT_EQ(keccak256(empty_rlp), kEmptyTrieRoot);
}

TEST(Hash, Sha256AndRipemd160) {
  EXPECT_EQ(to_hex(sha256(as_bytes("abc"))),
            "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(ripemd160(as_bytes("abc"))), "0x8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
}

}  // namespace
}  // namespace plexus

namespace plexus {
namespace {

TEST(Hash, ChecksumAddressFollowsEip55) {
  // Test vectors from EIP-55.
  for (const char* expected : {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                               "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                               "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"}) {
    const auto addr = fixed_from_hex<20>(expected).value();
    EXPECT_EQ(checksum_address(addr), expected);
  }
}

}  // namespace
}  // namespace plexus

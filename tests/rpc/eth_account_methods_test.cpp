#include <gtest/gtest.h>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "rpc/eth_endpoint.hpp"
#include "fixtures.hpp"
#include "storage/memory_store.hpp"

namespace plexus::rpc {
namespace {

class EthAccountMethodsTest : public testing::EndpointTest {
 protected:
  EthAccountMethodsTest() { open({}); }
};

TEST_F(EthAccountMethodsTest, ListsItsAccountsAndSignsPersonalMessages) {
  EXPECT_EQ(call("eth_accounts", json::array())["result"], json::array({to_hex(key_.address())}));
  const json reply = call("personal_sign", {"0x68656c6c6f", to_hex(key_.address())});
  const Bytes sig = from_hex(reply["result"].get<std::string>()).value();
  ASSERT_EQ(sig.size(), 65u);
  // EIP-191: "\x19Ethereum Signed Message:\n5hello".
  const std::string message = "\x19" "Ethereum Signed Message:\n5hello";
  const Hash256 hash = keccak256(BytesView(reinterpret_cast<const Byte*>(message.data()),
                                           message.size()));
  secp256k1::RecoverableSignature parsed;
  parsed.r = secp256k1::Bytes32::right_aligned(BytesView(sig).subspan(0, 32));
  parsed.s = secp256k1::Bytes32::right_aligned(BytesView(sig).subspan(32, 32));
  parsed.recovery_id = static_cast<std::uint8_t>(sig[64] - 27);
  EXPECT_EQ(secp256k1::recover_address(hash, parsed, secp256k1::SRule::kLowS).value(),
            key_.address());
  EXPECT_EQ(call("eth_sign", {to_hex(Address{}), "0x00"})["error"]["message"], "unknown account");
}

TEST_F(EthAccountMethodsTest, SendTransactionFillsNonceGasAndFeesAndSigns) {
  Address to;
  to[19] = 0x42;
  const json first = call("eth_sendTransaction",
                          {{{"from", to_hex(key_.address())}, {"to", to_hex(to)}, {"value", "0x7"}}});
  ASSERT_TRUE(first.contains("result")) << first.dump();
  const json second = call("eth_sendTransaction",
                           {{{"from", to_hex(key_.address())}, {"to", to_hex(to)}, {"value", "0x1"},
                             {"gasPrice", "0x77359400"}}});
  ASSERT_TRUE(second.contains("result")) << second.dump();
  const auto block = chain_->produce_block(false).value();
  ASSERT_TRUE(block.has_value());
  ASSERT_EQ(block->receipts.size(), 2u);  // nonces 0 and 1, both mined
  EXPECT_EQ(block->receipts[0].type, 2);  // EIP-1559 unless a gas price is given
  EXPECT_EQ(block->receipts[1].type, 0);
  EXPECT_EQ(block->meta[0].gas_used, 21000u);  // the estimate of a plain transfer
  EXPECT_EQ(chain_->account(to, std::nullopt)->balance, uint256(8));

  const json stranger = call("eth_sendTransaction", {{{"from", to_hex(to)}, {"to", to_hex(to)}}});
  EXPECT_EQ(stranger["error"]["message"], "unknown account");
  EXPECT_EQ(call("eth_sendTransaction", json::array())["error"]["code"], code::kInvalidParams);
}

TEST_F(EthAccountMethodsTest, EvmMineMakesABlockWhereTheNodeAllowsIt) {
  EXPECT_EQ(call("evm_mine", json::array())["error"]["code"], code::kMethodNotSupported);
  endpoint_->mine_block = [this]() -> Result<void> {
    PLEXUS_TRY(const auto block, chain_->produce_block(true));
    (void)block;
    return {};
  };
  EXPECT_EQ(call("evm_mine", json::array())["result"], "0x0");
  EXPECT_EQ(chain_->head().number, 1u);
}

}  // namespace
}  // namespace plexus::rpc

// The execution layer end to end on one subnet that enables all three VMs, through signed
// transactions and blocks: the same token scenario on a solc-compiled EVM contract, the C WASM
// token and the Move coin gives identical balances and equivalent logs; a revert on either side
// of a cross-VM call undoes every write; bad payloads and out-of-gas inside a foreign call are
// clear failures that leave the state untouched. A second chain imports every block the first
// builds and must end identical to it.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "chain/subnet_chain.hpp"
#include "core/hd_wallet.hpp"
#include "core/hex.hpp"
#include "core/transaction.hpp"
#include "transition/state_host.hpp"
#include "move/adapter/address.hpp"
#include "move/adapter/envelope.hpp"
#include "move/adapter/stdlib.hpp"
#include "move/binary/binary.hpp"
#include "move/ir/compiler.hpp"
#include "node/subnet_vms.hpp"
#include "storage/memory_store.hpp"
#include "testdata.hpp"
#include "wasm/contract/contract_vm.hpp"

namespace plexus::node {
namespace {

constexpr std::uint64_t kChainId = 31400;
const std::filesystem::path kSource = PLEXUS_SOURCE_DIR;

Bytes selector(std::string_view signature) {
  const Hash256 h = keccak256(BytesView(reinterpret_cast<const Byte*>(signature.data()),
                                        signature.size()));
  return Bytes(h.bytes.begin(), h.bytes.begin() + 4);
}
Bytes word(const Address& a) { return to_bytes(Bytes32::right_aligned(a.view()).view()); }
Bytes word(std::uint64_t v) { return to_bytes(to_bytes32(uint256(v)).view()); }
Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
Bytes text_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
Bytes bcs_u64(std::uint64_t v) {
  Bytes out(8);
  for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<Byte>(v >> (8 * i));
  return out;
}

nlohmann::json solidity(const std::string& name) {
  std::ifstream in(kSource / "tests/fixtures/solidity/contracts.json");
  return nlohmann::json::parse(in).at(name);
}
Bytes evm_bytecode(const std::string& name) {
  return hex_or_throw(solidity(name).at("bytecode").get<std::string>());
}
std::optional<Bytes> wasm_payload(const std::string& name) {
  std::ifstream in(std::string(PLEXUS_EXAMPLES_DIR) + "/" + name + ".deploy.hex");
  std::string hex;
  if (!(in >> hex)) return std::nullopt;
  return hex_or_throw(hex);
}
Bytes assemble_move(std::string_view source) {
  const auto stdlib = move::build_subnet_stdlib().value();
  std::vector<const move::CompiledModule*> deps;
  for (const auto& m : stdlib) deps.push_back(&m);
  auto unit = move::ir::assemble(source, deps, move::ir::CompileOptions{32, 6});
  EXPECT_TRUE(unit.has_value()) << (unit ? "" : unit.error().to_string());
  return move::serialize_module(std::get<move::CompiledModule>(*unit));
}
Bytes coin_module() {
  return assemble_move(testing::read_file(kSource / "examples/move/coin.mvir"));
}

// Move -> EVM: calls an EVM contract through 0x1::evm::call, and optionally aborts afterwards.
constexpr std::string_view kBridgeIr = R"(module 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266.bridge {
    import 0x1.evm;
    public entry poke(account: &signer, target: address, data: vector<u8>) {
    label b0:
        _ = evm.call(move(account), move(target), move(data));
        return;
    }
    public entry poke_then_abort(account: &signer, target: address, data: vector<u8>) {
    label b0:
        _ = evm.call(move(account), move(target), move(data));
        abort 7;
    }
})";

struct Sent {
  chain::Receipt receipt;
  Address created;  // for creations
};

class MultiVmSubnet : public ::testing::Test {
 protected:
  void SetUp() override {
    chain_ = chain::SubnetChain::open(store_, subnet_config()).value();
    follower_ = chain::SubnetChain::open(follower_store_, subnet_config()).value();
  }

  // Every block the chain builds was imported by the follower (a second node verifying it):
  // both end with the same head, state root and receipts.
  void TearDown() override {
    const chain::ChainHead head = chain_->head();
    ASSERT_EQ(follower_->head().number, head.number);
    EXPECT_EQ(follower_->head().hash, head.hash);
    for (std::uint64_t n = 1; n <= head.number; ++n) {
      const auto built = chain_->blocks().by_number(n).value().value();
      const auto imported = follower_->blocks().by_number(n).value().value();
      EXPECT_EQ(imported.block, built.block) << "block " << n;
      EXPECT_EQ(imported.receipts, built.receipts) << "block " << n;
      EXPECT_EQ(imported.meta, built.meta) << "block " << n;
    }
    for (const auto& key : keys_) {
      const exec::AccountRecord a = follower_->account(key.address(), std::nullopt).value();
      const exec::AccountRecord b = chain_->account(key.address(), std::nullopt).value();
      EXPECT_EQ(encode_account(a), encode_account(b));
    }
  }

  chain::ChainConfig subnet_config() const {
    chain::ChainConfig config;
    config.chain_id = kChainId;
    for (const auto& key : keys_)
      config.alloc.push_back({key.address(), uint256(1'000'000'000'000'000'000ULL)});
    config.now_seconds = [] { return std::uint64_t{1'700'000'000}; };
    EXPECT_TRUE(configure_subnet_vms({platform::VmKind::kEvm, platform::VmKind::kWasm,
                                      platform::VmKind::kMove},
                                     config));
    return config;
  }

  Sent send(const secp256k1::PrivateKey& key, std::optional<Address> to, Bytes data,
            std::uint64_t gas = 3'000'000) {
    tx::Transaction t;
    t.type = tx::Type::kDynamicFee;
    t.chain_id = kChainId;
    t.nonce = chain_->pending_nonce(key.address());
    t.max_fee_per_gas = uint256(10'000'000'000ULL);
    t.max_priority_fee_per_gas = uint256(1);
    t.gas_limit = gas;
    t.to = to;
    t.data = std::move(data);
    tx::sign(t, key);
    const Address created = transition::create_address(key.address(), t.nonce);
    EXPECT_TRUE(chain_->submit(tx::encode(t)));
    const auto block = chain_->produce_block(false).value();
    EXPECT_TRUE(block.has_value());
    const auto imported = follower_->import_block(block->block);
    EXPECT_TRUE(imported) << imported.error().message;
    return {block->receipts.at(0), created};
  }

  chain::CallOutcome call(const Address& to, Bytes data) {
    chain::CallRequest request;
    request.from = owner_.address();
    request.to = to;
    request.data = std::move(data);
    return chain_->call(request).value();
  }

  std::uint64_t erc20_balance(const Address& token, const Address& holder) {
    const chain::CallOutcome out = call(token, concat({selector("balanceOf(address)"), word(holder)}));
    EXPECT_EQ(out.status, evm::StatusCode::kSuccess);
    EXPECT_EQ(out.output.size(), 32U);
    return out.output.size() == 32 ? static_cast<std::uint64_t>(load_be(out.output)) : 0;
  }

  Bytes move_call(const std::string& function, std::vector<Bytes> args) {
    return move::encode_router_call(move::EntryCall{move::to_move_address(owner_.address()), "coin",
                                                    function, {}, std::move(args)});
  }

  std::optional<std::uint64_t> coin_balance(const Address& holder) {
    const std::string tag = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266::coin::Balance";
    const auto bytes = chain_->data(holder, exec::Namespace::kMoveResource, text_bytes(tag));
    if (!bytes || bytes->size() != 8) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = 8; i-- > 0;) v = (v << 8) | (*bytes)[i];
    return v;
  }

  // mint(alice, 1000), alice -> bob 300, alice -> bob 800 (fails); the logs of the successes.
  std::vector<chain::Log> erc20_scenario(const Bytes& creation) {
    const Sent deployed = send(owner_, std::nullopt, concat({creation, word(0)}));
    EXPECT_TRUE(deployed.receipt.success);
    const Address token = deployed.created;
    std::vector<chain::Log> logs;
    const Sent minted =
        send(owner_, token, concat({selector("mint(address,uint256)"), word(alice_.address()),
                                    word(1000)}));
    const Sent moved = send(alice_, token, concat({selector("transfer(address,uint256)"),
                                                   word(bob_.address()), word(300)}));
    const Sent refused = send(alice_, token, concat({selector("transfer(address,uint256)"),
                                                     word(bob_.address()), word(800)}));
    EXPECT_TRUE(minted.receipt.success);
    EXPECT_TRUE(moved.receipt.success);
    EXPECT_FALSE(refused.receipt.success);
    EXPECT_TRUE(refused.receipt.logs.empty());
    EXPECT_EQ(erc20_balance(token, alice_.address()), 700U);
    EXPECT_EQ(erc20_balance(token, bob_.address()), 300U);
    for (const Sent* s : {&minted, &moved})
      for (chain::Log log : s->receipt.logs) {
        log.address = Address{};  // the two tokens live at different addresses
        logs.push_back(std::move(log));
      }
    return logs;
  }

  kv::MemoryStore store_;
  kv::MemoryStore follower_store_;
  std::unique_ptr<chain::SubnetChain> chain_;
  std::unique_ptr<chain::SubnetChain> follower_;
  // The dev accounts: the coin example mints only for account 0, its publisher.
  const std::vector<secp256k1::PrivateKey> keys_ = hd::dev_account_keys(hd::kDevMnemonic, 3).value();
  const secp256k1::PrivateKey& owner_ = keys_[0];
  const secp256k1::PrivateKey& alice_ = keys_[1];
  const secp256k1::PrivateKey& bob_ = keys_[2];
};

TEST_F(MultiVmSubnet, TheTokenScenarioAgreesAcrossEvmWasmAndMove) {
  const auto wasm = wasm_payload("erc20");
  if (!wasm) GTEST_SKIP() << "SKIPPED: build/examples/erc20.deploy.hex is not built";
  const std::vector<chain::Log> evm_logs = erc20_scenario(evm_bytecode("Token"));
  const std::vector<chain::Log> wasm_logs = erc20_scenario(*wasm);
  ASSERT_EQ(evm_logs.size(), 2U);
  EXPECT_EQ(evm_logs, wasm_logs);  // same topics and data, byte for byte

  // Move: the same steps with the coin; its Transfer events carry the same parties and amounts.
  ASSERT_TRUE(send(owner_, std::nullopt, move::encode_creation_payload({coin_module()}))
                  .receipt.success);
  for (const auto* key : {&alice_, &bob_})
    ASSERT_TRUE(send(*key, exec::kMoveRouter, move_call("register", {})).receipt.success);
  const Sent minted = send(owner_, exec::kMoveRouter,
                           move_call("mint", {move::to_move_address(alice_.address()),
                                              bcs_u64(1000)}));
  ASSERT_TRUE(minted.receipt.success);
  ASSERT_EQ(coin_balance(alice_.address()), 1000U);
  const Sent moved = send(alice_, exec::kMoveRouter,
                          move_call("transfer", {move::to_move_address(bob_.address()), bcs_u64(300)}));
  const Sent refused = send(alice_, exec::kMoveRouter,
                            move_call("transfer", {move::to_move_address(bob_.address()), bcs_u64(800)}));
  EXPECT_TRUE(moved.receipt.success);
  EXPECT_FALSE(refused.receipt.success);
  EXPECT_TRUE(refused.receipt.logs.empty());
  EXPECT_EQ(coin_balance(alice_.address()), 700U);
  EXPECT_EQ(coin_balance(bob_.address()), 300U);

  // Event equivalence: EVM Transfer(from, to, value) topics 1-2 and data vs the coin's BCS
  // {from: 32-byte address, to, amount: u64 little-endian}.
  for (const auto& [move_log, evm_log] :
       {std::pair{&minted.receipt.logs.at(0), &evm_logs[0]},
        std::pair{&moved.receipt.logs.at(0), &evm_logs[1]}}) {
    ASSERT_EQ(move_log->data.size(), 72U);
    EXPECT_EQ(Bytes(move_log->data.begin() + 12, move_log->data.begin() + 32),
              Bytes(evm_log->topics[1].bytes.begin() + 12, evm_log->topics[1].bytes.end()));
    EXPECT_EQ(Bytes(move_log->data.begin() + 44, move_log->data.begin() + 64),
              Bytes(evm_log->topics[2].bytes.begin() + 12, evm_log->topics[2].bytes.end()));
    std::uint64_t amount = 0;
    for (std::size_t i = 72; i-- > 64;) amount = (amount << 8) | move_log->data[i];
    EXPECT_EQ(uint256(amount), load_be(evm_log->data));
  }
  EXPECT_EQ(minted.receipt.logs[0].topics.at(0),
            keccak256(text_bytes("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266::coin::Transfer")));
}

TEST_F(MultiVmSubnet, EvmToWasmRevertLeavesNoWrite) {
  const auto wasm = wasm_payload("erc20");
  if (!wasm) GTEST_SKIP() << "SKIPPED: build/examples/erc20.deploy.hex is not built";
  const Address caller = send(owner_, std::nullopt, evm_bytecode("CrossCaller")).created;
  const Address token = send(owner_, std::nullopt, concat({*wasm, word(0)})).created;
  ASSERT_TRUE(send(owner_, token, concat({selector("mint(address,uint256)"), word(caller),
                                          word(10)})).receipt.success);
  const Bytes transfer = concat({selector("transfer(address,uint256)"), word(bob_.address()),
                                 word(4)});
  // callThenRevert(address,bytes): ABI head (target, offset 0x40), then the bytes.
  const Bytes input = concat({selector("callThenRevert(address,bytes)"), word(token), word(0x40),
                              word(transfer.size()), transfer, Bytes(28, 0)});
  EXPECT_FALSE(send(owner_, caller, input).receipt.success);
  EXPECT_EQ(erc20_balance(token, caller), 10U);
  EXPECT_EQ(erc20_balance(token, bob_.address()), 0U);

  // Out of gas inside the nested WASM call: the caller's CALL fails, nothing is written.
  const Bytes keep = concat({selector("callAndKeep(address,bytes)"), word(token), word(0x40),
                             word(transfer.size()), transfer, Bytes(28, 0)});
  EXPECT_FALSE(send(owner_, caller, keep, 45'000).receipt.success);
  EXPECT_EQ(erc20_balance(token, caller), 10U);
  EXPECT_TRUE(send(owner_, caller, keep).receipt.success);  // with enough gas it lands
  EXPECT_EQ(erc20_balance(token, bob_.address()), 4U);
}

TEST_F(MultiVmSubnet, WasmToEvmRevertLeavesNoWrite) {
  const auto wasm = wasm_payload("call_then_revert");
  if (!wasm) GTEST_SKIP() << "SKIPPED: build/examples/call_then_revert.deploy.hex is not built";
  const Address store = send(owner_, std::nullopt, evm_bytecode("Store")).created;
  const Address reverter = send(owner_, std::nullopt, *wasm).created;
  const Bytes set = concat({selector("set(uint256)"), word(42)});
  const Sent sent = send(owner_, reverter, concat({to_bytes(store.view()), set}));
  EXPECT_FALSE(sent.receipt.success);
  EXPECT_EQ(load_be(call(store, selector("value()")).output), uint256(0));
  EXPECT_EQ(chain_->data(reverter, exec::Namespace::kWasm, text_bytes("touched")), std::nullopt);
  // The revert reason is the WASM contract's own.
  const chain::CallOutcome simulated = call(reverter, concat({to_bytes(store.view()), set}));
  EXPECT_EQ(simulated.status, evm::StatusCode::kRevert);
  EXPECT_NE(std::string(simulated.output.begin(), simulated.output.end()).find("rolled back"),
            std::string::npos);
}

TEST_F(MultiVmSubnet, EvmToMoveRevertLeavesNoResource) {
  ASSERT_TRUE(send(owner_, std::nullopt, move::encode_creation_payload({coin_module()}))
                  .receipt.success);
  const Address caller = send(owner_, std::nullopt, evm_bytecode("CrossCaller")).created;
  const Bytes reg = move_call("register", {});
  const auto padded = [](std::size_t n) { return Bytes((32 - n % 32) % 32, 0); };
  const Bytes revert_input = concat({selector("callThenRevert(address,bytes)"),
                                     word(exec::kMoveRouter), word(0x40), word(reg.size()), reg,
                                     padded(reg.size())});
  EXPECT_FALSE(send(owner_, caller, revert_input).receipt.success);
  EXPECT_EQ(coin_balance(caller), std::nullopt);
  const Bytes keep_input = concat({selector("callAndKeep(address,bytes)"),
                                   word(exec::kMoveRouter), word(0x40), word(reg.size()), reg,
                                   padded(reg.size())});
  EXPECT_TRUE(send(owner_, caller, keep_input).receipt.success);
  EXPECT_EQ(coin_balance(caller), 0U);
}

TEST_F(MultiVmSubnet, MoveToEvmCallsLandOrRevertWithTheMoveSide) {
  ASSERT_TRUE(send(owner_, std::nullopt, move::encode_creation_payload({assemble_move(kBridgeIr)}))
                  .receipt.success);
  const Address store = send(owner_, std::nullopt, evm_bytecode("Store")).created;
  const auto bridge = [&](const std::string& function, std::uint64_t value) {
    const Bytes set = concat({selector("set(uint256)"), word(value)});
    Bytes data_arg = {static_cast<Byte>(set.size())};  // BCS vector<u8>: ULEB128 length
    data_arg.insert(data_arg.end(), set.begin(), set.end());
    return move::encode_router_call(move::EntryCall{move::to_move_address(owner_.address()),
                                                    "bridge", function, {},
                                                    {move::to_move_address(store), data_arg}});
  };
  EXPECT_TRUE(send(alice_, exec::kMoveRouter, bridge("poke", 42)).receipt.success);
  EXPECT_EQ(load_be(call(store, selector("value()")).output), uint256(42));
  const Sent aborted = send(alice_, exec::kMoveRouter, bridge("poke_then_abort", 43));
  EXPECT_FALSE(aborted.receipt.success);
  EXPECT_EQ(load_be(call(store, selector("value()")).output), uint256(42));
}

TEST_F(MultiVmSubnet, MalformedPayloadsFailClearlyAndChangeNothing) {
  // WASM envelope around something that is not a module; Move payload with a truncated list.
  for (const Bytes& payload : {hex_or_throw("ef5741530000000400616263"),
                               hex_or_throw("ef4d560102ff")}) {
    chain::CallRequest request;
    request.from = owner_.address();
    request.data = payload;
    const chain::CallOutcome simulated = chain_->call(request).value();
    EXPECT_EQ(simulated.status, evm::StatusCode::kFailure);
    EXPECT_FALSE(simulated.failure_reason.empty());
    const Sent sent = send(owner_, std::nullopt, payload, 500'000);
    EXPECT_FALSE(sent.receipt.success);
    EXPECT_TRUE(chain_->code(sent.created, std::nullopt).value().empty());
  }
  // A Move call to a module that does not exist and an envelope that is not one.
  for (const Bytes& input : {move_call("register", {}), hex_or_throw("07")}) {
    const chain::CallOutcome out = call(exec::kMoveRouter, input);
    EXPECT_EQ(out.status, evm::StatusCode::kFailure);
    EXPECT_FALSE(out.failure_reason.empty());
  }
}

}  // namespace
}  // namespace plexus::node

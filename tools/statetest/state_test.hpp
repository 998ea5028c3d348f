#pragma once
// A filled GeneralStateTests file in memory: for each test its environment, pre-state, the
// "multi-transaction" template and the expected results per fork and (data, gas, value) index.
// Newer fixtures (execution-spec-tests) add `config` (chainid, blobSchedule per fork) and each
// case's signed transaction as `txbytes`; both are read when present.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/transaction.hpp"
#include "exec/state.hpp"
#include "transition/transition.hpp"

namespace plexus::statetest {

struct ExpectedCase {
  std::size_t data = 0;
  std::size_t gas = 0;
  std::size_t value = 0;
  Hash256 state_root;
  Hash256 logs_hash;
  std::string expect_exception;  // empty: the transaction is valid
  std::optional<Bytes> txbytes;  // the case's transaction as signed, when the fixture has it
};

// The transaction fields shared by every case, with the indexed ones as lists. Numbers that may
// not fit the transaction's own field types stay uint256 until a case picks them.
struct TxTemplate {
  tx::Type type = tx::Type::kLegacy;
  uint256 chain_id = 1;  // config.chainid, else mainnet's; legacy transactions carry none
  uint256 nonce = 0;
  uint256 gas_price = 0;
  uint256 max_fee_per_gas = 0;
  uint256 max_priority_fee_per_gas = 0;
  uint256 max_fee_per_blob_gas = 0;
  std::optional<Address> to;
  Address sender;
  std::vector<Bytes> data;
  std::vector<std::optional<std::vector<tx::AccessListEntry>>> access_lists;  // parallel to data
  // nullopt: the filler wrote a number no transaction can carry (e.g. a value above 2^256).
  std::vector<std::optional<uint256>> gas_limits;
  std::vector<std::optional<uint256>> values;
  std::vector<Hash256> blob_versioned_hashes;
  std::vector<tx::Authorization> authorization_list;  // EIP-7702 fixtures (Prague on)
};

struct StateTest {
  std::string name;
  transition::BlockInfo block;
  exec::State pre;
  TxTemplate tx;
  std::map<std::string, std::vector<ExpectedCase>> post;  // fork name -> cases
  // config.blobSchedule: fork name -> schedule; a fork absent here keeps its own.
  std::map<std::string, transition::BlobSchedule> blob_schedules;
};

[[nodiscard]] Result<std::vector<StateTest>> load_state_test_file(
    const std::filesystem::path& path);

// The transaction of one case, or an error if its fields do not fit a transaction (which makes
// the case invalid).
[[nodiscard]] Result<tx::Transaction> make_transaction(const TxTemplate& tmpl,
                                                       const ExpectedCase& c);

// The transaction a case runs: with `txbytes`, those bytes decoded, which must be signed by the
// template's sender and agree with the fields make_transaction() picks; else make_transaction().
[[nodiscard]] Result<tx::Transaction> case_transaction(const StateTest& test, const ExpectedCase& c,
                                                       evm::Revision rev);

// The block a case runs in under `fork`: the test's environment with the fork's blob schedule
// from config.blobSchedule, if the fixture gives one.
[[nodiscard]] transition::BlockInfo case_block(const StateTest& test, const std::string& fork);

}  // namespace plexus::statetest

#pragma once
// A filled GeneralStateTests file in memory: for each test its environment, pre-state, the
// "multi-transaction" template and the expected results per fork and (data, gas, value) index.
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
};

// The transaction fields shared by every case, with the indexed ones as lists. Numbers that may
// not fit the transaction's own field types stay uint256 until a case picks them.
struct TxTemplate {
  tx::Type type = tx::Type::kLegacy;
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
};

[[nodiscard]] Result<std::vector<StateTest>> load_state_test_file(
    const std::filesystem::path& path);

// The transaction of one case, or an error if its fields do not fit a transaction (which makes
// the case invalid).
[[nodiscard]] Result<tx::Transaction> make_transaction(const TxTemplate& tmpl,
                                                       const ExpectedCase& c);

}  // namespace plexus::statetest

#include "evm/precompiles/precompiles.hpp"

#include <array>

#include "core/curves/precompiles.hpp"
#include "evm/precompiles/builtin.hpp"

namespace plexus::evm::precompiles {
namespace {

using GasFn = std::uint64_t (*)(BytesView) noexcept;
using RunFn = Result<Bytes> (*)(BytesView);

struct Entry {
  GasFn gas;
  RunFn run;
};

// Gas schedules (Cancun): EIP-2565 modexp, EIP-1108 bn254, EIP-152 blake2f, EIP-4844 KZG.
constexpr std::uint64_t kEcrecoverGas = 3000;
constexpr std::uint64_t kBn254AddGas = 150;
constexpr std::uint64_t kBn254MulGas = 6000;
constexpr std::uint64_t kBn254PairingBaseGas = 45000;
constexpr std::uint64_t kBn254PairingPerPairGas = 34000;
constexpr std::size_t kBn254PairSize = 192;
constexpr std::uint64_t kPointEvaluationGas = 50000;

// Indexed by the address's last byte minus one: 0x01 .. 0x0a.
constexpr std::array<Entry, 10> kTable{{
    {[](BytesView) noexcept { return kEcrecoverGas; }, builtin::ecrecover},
    {[](BytesView in) noexcept { return builtin::word_gas(60, 12, in.size()); }, builtin::sha256},
    {[](BytesView in) noexcept { return builtin::word_gas(600, 120, in.size()); },
     builtin::ripemd160},
    {[](BytesView in) noexcept { return builtin::word_gas(15, 3, in.size()); }, builtin::identity},
    {builtin::modexp_gas, builtin::modexp},
    {[](BytesView) noexcept { return kBn254AddGas; }, curves::bn254_add},
    {[](BytesView) noexcept { return kBn254MulGas; }, curves::bn254_mul},
    {[](BytesView in) noexcept {
       return kBn254PairingBaseGas + kBn254PairingPerPairGas * (in.size() / kBn254PairSize);
     },
     curves::bn254_pairing_check},
    {builtin::blake2f_gas, builtin::blake2f},
    {[](BytesView) noexcept { return kPointEvaluationGas; }, curves::kzg_point_evaluation},
}};

// The table index of a precompile address in `rev`, or kTable.size() if it is none.
std::size_t index_of(const Address& addr, Revision rev) noexcept {
  for (std::size_t i = 0; i + 1 < Address::size(); ++i)
    if (addr[i] != 0) return kTable.size();
  const std::size_t last = addr[Address::size() - 1];
  const std::size_t count = rev >= Revision::kCancun ? 10 : 9;  // 0x0a arrived with EIP-4844
  return last >= 1 && last <= count ? last - 1 : kTable.size();
}

}  // namespace

bool is_precompile(const Address& addr, Revision rev) noexcept {
  return index_of(addr, rev) < kTable.size();
}

Output execute(const Address& addr, BytesView input, std::int64_t gas_limit) {
  const std::uint64_t limit = gas_limit > 0 ? static_cast<std::uint64_t>(gas_limit) : 0;
  const Output failure{false, gas_limit > 0 ? gas_limit : 0, {}};
  const std::size_t index = index_of(addr, Revision::kCancun);
  if (index >= kTable.size()) return failure;
  const Entry& entry = kTable[index];
  const std::uint64_t gas = entry.gas(input);
  if (gas > limit) return failure;
  auto out = entry.run(input);
  if (!out) return failure;
  return Output{true, static_cast<std::int64_t>(gas), std::move(*out)};
}

}  // namespace plexus::evm::precompiles

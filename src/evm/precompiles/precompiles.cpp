#include "evm/precompiles/precompiles.hpp"

#include <algorithm>
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

// Gas schedules: EIP-2565 modexp, EIP-1108 bn254, EIP-152 blake2f, EIP-4844 KZG, EIP-2537
// BLS12-381, EIP-7951 P256VERIFY.
constexpr std::uint64_t kEcrecoverGas = 3000;
constexpr std::uint64_t kBn254AddGas = 150;
constexpr std::uint64_t kBn254MulGas = 6000;
constexpr std::uint64_t kBn254PairingBaseGas = 45000;
constexpr std::uint64_t kBn254PairingPerPairGas = 34000;
constexpr std::size_t kBn254PairSize = 192;
constexpr std::uint64_t kPointEvaluationGas = 50000;
constexpr std::uint64_t kBls12G1AddGas = 375;
constexpr std::uint64_t kBls12G2AddGas = 600;
constexpr std::uint64_t kBls12MapFpToG1Gas = 5500;
constexpr std::uint64_t kBls12MapFp2ToG2Gas = 23800;
constexpr std::uint64_t kP256VerifyGas = 6900;

template <std::uint64_t kGas>
constexpr std::uint64_t fixed_gas(BytesView) noexcept {
  return kGas;
}

// Indexed by the address's last byte minus one (0x01 .. 0x11), then 0x100 at kP256Index.
constexpr std::array<Entry, 18> kTable{{
    {fixed_gas<kEcrecoverGas>, builtin::ecrecover},
    {[](BytesView in) noexcept { return builtin::word_gas(60, 12, in.size()); }, builtin::sha256},
    {[](BytesView in) noexcept { return builtin::word_gas(600, 120, in.size()); },
     builtin::ripemd160},
    {[](BytesView in) noexcept { return builtin::word_gas(15, 3, in.size()); }, builtin::identity},
    {builtin::modexp_gas, builtin::modexp},
    {fixed_gas<kBn254AddGas>, curves::bn254_add},
    {fixed_gas<kBn254MulGas>, curves::bn254_mul},
    {[](BytesView in) noexcept {
       return kBn254PairingBaseGas + kBn254PairingPerPairGas * (in.size() / kBn254PairSize);
     },
     curves::bn254_pairing_check},
    {builtin::blake2f_gas, builtin::blake2f},
    {fixed_gas<kPointEvaluationGas>, curves::kzg_point_evaluation},
    {fixed_gas<kBls12G1AddGas>, curves::bls12_g1_add},
    {builtin::bls12_g1_msm_gas, curves::bls12_g1_msm},
    {fixed_gas<kBls12G2AddGas>, curves::bls12_g2_add},
    {builtin::bls12_g2_msm_gas, curves::bls12_g2_msm},
    {builtin::bls12_pairing_gas, curves::bls12_pairing_check},
    {fixed_gas<kBls12MapFpToG1Gas>, curves::bls12_map_fp_to_g1},
    {fixed_gas<kBls12MapFp2ToG2Gas>, curves::bls12_map_fp2_to_g2},
    {fixed_gas<kP256VerifyGas>, builtin::p256verify},
}};
constexpr std::size_t kModexpIndex = 4;
constexpr std::size_t kP256Index = 17;
constexpr Entry kModexpOsaka{builtin::modexp_gas_osaka, builtin::modexp};

// How many entries of kTable exist in `rev`: 0x0a arrived with EIP-4844 (Cancun), 0x0b..0x11
// with EIP-2537 (Prague), 0x100 with EIP-7951 (Osaka).
constexpr std::size_t count_in(Revision rev) noexcept {
  if (rev >= Revision::kOsaka) return 18;
  if (rev >= Revision::kPrague) return 17;
  return rev >= Revision::kCancun ? 10 : 9;
}

constexpr Address address_at(std::size_t index) noexcept {
  Address a;
  if (index == kP256Index) {
    a[Address::size() - 2] = 0x01;
  } else {
    a[Address::size() - 1] = static_cast<Byte>(index + 1);
  }
  return a;
}

constexpr std::array<Address, 18> kAddresses = [] {
  std::array<Address, 18> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = address_at(i);
  return out;
}();

// The table index of a precompile address in `rev`, or kTable.size() if it is none.
std::size_t index_of(const Address& addr, Revision rev) noexcept {
  for (std::size_t i = 0; i + 2 < Address::size(); ++i)
    if (addr[i] != 0) return kTable.size();
  const std::size_t count = count_in(rev);
  const std::size_t high = addr[Address::size() - 2];
  const std::size_t last = addr[Address::size() - 1];
  if (high == 0x01 && last == 0) return count > kP256Index ? kP256Index : kTable.size();
  if (high != 0) return kTable.size();
  return last >= 1 && last <= std::min(count, kP256Index) ? last - 1 : kTable.size();
}

}  // namespace

bool is_precompile(const Address& addr, Revision rev) noexcept {
  return index_of(addr, rev) < kTable.size();
}

std::span<const Address> addresses(Revision rev) noexcept {
  return std::span<const Address>(kAddresses).first(count_in(rev));
}

Output execute(const Address& addr, BytesView input, std::int64_t gas_limit, Revision rev) {
  const std::uint64_t limit = gas_limit > 0 ? static_cast<std::uint64_t>(gas_limit) : 0;
  const Output failure{false, gas_limit > 0 ? gas_limit : 0, {}};
  const std::size_t index = index_of(addr, rev);
  if (index >= kTable.size()) return failure;
  const Entry& entry =
      index == kModexpIndex && rev >= Revision::kOsaka ? kModexpOsaka : kTable[index];
  const std::uint64_t gas = entry.gas(input);
  if (gas > limit) return failure;
  auto out = entry.run(input);
  if (!out) return failure;
  return Output{true, static_cast<std::int64_t>(gas), std::move(*out)};
}

}  // namespace plexus::evm::precompiles

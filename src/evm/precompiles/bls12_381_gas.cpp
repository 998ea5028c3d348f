// EIP-2537 gas: an MSM of k pairs costs k multiplications at a per-mille discount that falls
// with k (the tables of the EIP, flat beyond 128 pairs), since batched multiplication is cheaper
// than k separate ones; a pairing check costs a fixed part and one part per pair.
#include <algorithm>
#include <array>

#include "evm/precompiles/builtin.hpp"

namespace plexus::evm::precompiles::builtin {
namespace {

constexpr std::uint64_t kG1MulGas = 12000;
constexpr std::uint64_t kG2MulGas = 22500;
constexpr std::uint64_t kPairingBaseGas = 37700;
constexpr std::uint64_t kPairingPerPairGas = 32600;
constexpr std::size_t kG1PairBytes = 160;
constexpr std::size_t kG2PairBytes = 288;
constexpr std::size_t kPairingPairBytes = 384;

constexpr std::array<std::uint16_t, 128> kG1Discount{
    1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677, 673, 669, 665,
    661,  658, 654, 651, 648, 645, 642, 640, 637, 635, 632, 630, 627, 625, 623, 621, 619, 617, 615,
    613,  611, 609, 608, 606, 604, 603, 601, 599, 598, 596, 595, 593, 592, 591, 589, 588, 586, 585,
    584,  582, 581, 580, 579, 577, 576, 575, 574, 573, 572, 570, 569, 568, 567, 566, 565, 564, 563,
    562,  561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 551, 550, 549, 548, 547, 547, 546, 545,
    544,  543, 542, 541, 540, 540, 539, 538, 537, 536, 536, 535, 534, 533, 532, 532, 531, 530, 529,
    528,  528, 527, 526, 525, 525, 524, 523, 522, 522, 521, 520, 520, 519};

constexpr std::array<std::uint16_t, 128> kG2Discount{
    1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717, 711, 704, 699,
    693,  688,  683, 679, 674, 670, 666, 663, 659, 655, 652, 649, 646, 643, 640, 637, 634, 632, 629,
    627,  624,  622, 620, 618, 615, 613, 611, 609, 607, 606, 604, 602, 600, 598, 597, 595, 593, 592,
    590,  589,  587, 586, 584, 583, 582, 580, 579, 578, 576, 575, 574, 573, 571, 570, 569, 568, 567,
    566,  565,  563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 552, 551, 550, 549, 548,
    547,  546,  545, 545, 544, 543, 542, 541, 541, 540, 539, 538, 537, 537, 536, 535, 535, 534, 533,
    532,  532,  531, 530, 530, 529, 528, 528, 527, 526, 526, 525, 524, 524};

// Zero for an empty or ragged input: the run rejects it, and a failure consumes the gas given.
std::uint64_t msm_gas(BytesView input, std::size_t pair_bytes, std::uint64_t mul_gas,
                      const std::array<std::uint16_t, 128>& discount) noexcept {
  const std::uint64_t k = input.size() / pair_bytes;
  if (k == 0) return 0;
  const std::uint64_t per_mille = discount[std::min<std::uint64_t>(k, discount.size()) - 1];
  return k * mul_gas * per_mille / 1000;
}

}  // namespace

std::uint64_t bls12_g1_msm_gas(BytesView input) noexcept {
  return msm_gas(input, kG1PairBytes, kG1MulGas, kG1Discount);
}

std::uint64_t bls12_g2_msm_gas(BytesView input) noexcept {
  return msm_gas(input, kG2PairBytes, kG2MulGas, kG2Discount);
}

std::uint64_t bls12_pairing_gas(BytesView input) noexcept {
  return kPairingBaseGas + kPairingPerPairGas * (input.size() / kPairingPairBytes);
}

}  // namespace plexus::evm::precompiles::builtin

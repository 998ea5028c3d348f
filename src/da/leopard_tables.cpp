// Leopard's field tables: logarithms of elements written in a Cantor basis, and the skew factors
// of its additive FFT. Computed at first use from the generator polynomial and the basis, the same
// construction Leopard runs at start-up, so no table is transcribed.
#include <array>

#include "da/leopard.hpp"

namespace plexus::da::leopard {
namespace {

constexpr std::array<std::uint16_t, 8> kCantor8 = {1, 214, 152, 146, 86, 200, 88, 230};
constexpr std::array<std::uint16_t, 16> kCantor16 = {
    0x0001, 0xACCA, 0x3C0E, 0x163E, 0xC582, 0xED2E, 0x914C, 0x4012,
    0x6C98, 0x10D8, 0x6A72, 0xB900, 0xFDB8, 0xFB34, 0xFF38, 0x991E};

// Sum of two logs modulo 2^bits - 1, reduced only partially: the modulus itself may come out,
// and exp[modulus] equals exp[0], exactly as in Leopard (the skew factors depend on it).
std::uint16_t add_mod(const FieldTables& t, unsigned a, unsigned b) {
  const unsigned sum = a + b;
  return static_cast<std::uint16_t>((sum + (sum >> t.bits)) & ((1u << t.bits) - 1));
}

FieldTables build(unsigned bits, unsigned polynomial, const std::uint16_t* cantor) {
  FieldTables t;
  t.bits = bits;
  const unsigned order = 1u << bits;
  const unsigned modulus = order - 1;
  t.exp.assign(order, 0);
  t.log.assign(order, 0);
  // Logs of the polynomial-basis elements, by walking the powers of x.
  unsigned state = 1;
  for (unsigned i = 0; i < modulus; ++i) {
    t.exp[state] = static_cast<std::uint16_t>(i);
    state <<= 1;
    if (state >= order) state ^= polynomial;
  }
  t.exp[0] = static_cast<std::uint16_t>(modulus);
  // Element j of the Cantor representation is the XOR of the basis vectors its bits select.
  for (unsigned i = 0; i < bits; ++i) {
    const unsigned width = 1u << i;
    for (unsigned j = 0; j < width; ++j)
      t.log[j + width] = static_cast<std::uint16_t>(t.log[j] ^ cantor[i]);
  }
  for (unsigned i = 0; i < order; ++i) t.log[i] = t.exp[t.log[i]];
  for (unsigned i = 0; i < order; ++i) t.exp[t.log[i]] = static_cast<std::uint16_t>(i);
  t.exp[modulus] = t.exp[0];

  // Skew factors of the FFT over the subspaces spanned by the first basis vectors.
  std::vector<unsigned> temp(bits - 1);
  for (unsigned i = 1; i < bits; ++i) temp[i - 1] = 1u << i;
  t.skew.assign(order, 0);
  for (unsigned m = 0; m + 1 < bits; ++m) {
    const unsigned step = 1u << (m + 1);
    t.skew[(1u << m) - 1] = 0;
    for (unsigned i = m; i + 1 < bits; ++i) {
      const unsigned s = 1u << (i + 1);
      for (unsigned j = (1u << m) - 1; j < s; j += step)
        t.skew[j + s] = static_cast<std::uint16_t>(t.skew[j] ^ temp[i]);
    }
    const std::uint16_t prod =
        multiply_log(t, static_cast<std::uint16_t>(temp[m]), t.log[temp[m] ^ 1u]);
    temp[m] = modulus - t.log[prod];  // a log again (the modulus when log[prod] is 0)
    for (unsigned i = m + 1; i + 1 < bits; ++i) {
      const std::uint16_t sum = add_mod(t, t.log[temp[i] ^ 1u], temp[m]);
      temp[i] = multiply_log(t, static_cast<std::uint16_t>(temp[i]), sum);
    }
  }
  for (unsigned i = 0; i < modulus; ++i) t.skew[i] = t.log[t.skew[i]];
  return t;
}

}  // namespace

std::uint16_t multiply_log(const FieldTables& t, std::uint16_t a, std::uint16_t log_b) {
  if (a == 0) return 0;
  return t.exp[add_mod(t, t.log[a], log_b)];
}

const FieldTables& gf8_tables() {
  static const FieldTables tables = build(8, 0x11D, kCantor8.data());
  return tables;
}

const FieldTables& gf16_tables() {
  static const FieldTables tables = build(16, 0x1002D, kCantor16.data());
  return tables;
}

}  // namespace plexus::da::leopard

// WIRING POINT for the curve precompiles 0x06 bn254 add, 0x07 bn254 mul, 0x08 bn254 pairing and
// 0x0a KZG point evaluation. Their gas is already charged by the dispatch table; the arithmetic
// belongs to core/curves (plexus::curves::bn254_add, bn254_mul, bn254_pairing_check,
// kzg_point_evaluation). Until it is linked, each body below reports not_supported, which makes
// a call fail; replace each body by the call to the matching core/curves function.
#include "evm/precompiles/builtin.hpp"

namespace plexus::evm::precompiles::builtin {

Result<Bytes> bn254_add(BytesView) { return not_supported("precompile 0x06 (bn254 add)"); }
Result<Bytes> bn254_mul(BytesView) { return not_supported("precompile 0x07 (bn254 mul)"); }
Result<Bytes> bn254_pairing(BytesView) {
  return not_supported("precompile 0x08 (bn254 pairing check)");
}
Result<Bytes> point_evaluation(BytesView) {
  return not_supported("precompile 0x0a (KZG point evaluation)");
}

}  // namespace plexus::evm::precompiles::builtin

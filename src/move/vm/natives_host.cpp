// Natives that reach outside the VM through the hooks of VmConfig: events and calls into EVM
// contracts. Without a hook (tools, the IR tests) they are not supported, as a missing native is.
#include "move/vm/natives.hpp"
#include "move/vm/values.hpp"

namespace plexus::move {

using Args = std::vector<Value>;

// emit<T: drop + store>(msg: T)
VmResult<void> event_emit(NativeContext& ctx, const std::vector<Type>& type_args, Args& a, Args&) {
  if (!ctx.config.emit_event || !ctx.caller || type_args.size() != 1)
    return vm_fail(StatusCode::NATIVE_NOT_SUPPORTED, "native not supported here: event::emit");
  MOVE_TRY(const Bytes data, bcs_encode(a[0]));
  return ctx.config.emit_event(*ctx.caller, type_args[0], data, ctx.gas);
}

// call(from: &signer, target: address, data: vector<u8>): vector<u8>
VmResult<void> evm_call(NativeContext& ctx, const std::vector<Type>&, Args& a, Args& out) {
  if (!ctx.config.evm_call)
    return vm_fail(StatusCode::NATIVE_NOT_SUPPORTED, "native not supported here: evm::call");
  const Value& signer = deref(a[0]);
  if (signer.kind != ValueKind::kSigner || signer.elems().size() != 1 ||
      signer.elems()[0].kind != ValueKind::kAddress || a[1].kind != ValueKind::kAddress)
    return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "evm::call arguments");
  const Bytes data = bytes_of(a[2]);
  MOVE_TRY(const Bytes output,
           ctx.config.evm_call(*signer.elems()[0].address, *a[1].address, data, ctx.gas));
  out.push_back(Value::bytes(output));
  return {};
}

}  // namespace plexus::move

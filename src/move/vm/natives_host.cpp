// Natives that reach outside the VM through the hooks of VmConfig: events and calls into EVM
// contracts. Without a hook (tools, the IR tests) they are not supported, as a missing native is.
#include <algorithm>

#include "exec/host.hpp"
#include "move/vm/module_store.hpp"
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

namespace {

// The call sendMessage(bytes32,address,bytes) to the messenger (exec::kMessenger,
// docs/MESSAGING.md) from `sender`, made through the host's evm::call hook; answers the message
// id. a[first] is the destination, then the receiver and the body.
VmResult<void> send_message_as(NativeContext& ctx, const Bytes& sender, const char* what, Args& a,
                               std::size_t first, Args& out) {
  if (a[first + 1].kind != ValueKind::kAddress)
    return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR,
                   std::string(what) + " arguments");
  const Bytes destination = bytes_of(a[first]);
  if (destination.size() != 32)
    return vm_fail(StatusCode::ABORTED,
                   std::string(what) + ": the destination is a 32-byte subnet id");
  const Bytes& receiver = *a[first + 1].address;
  if (receiver.size() < 20 ||
      !std::all_of(receiver.begin(), receiver.end() - 20, [](Byte b) { return b == 0; }))
    return vm_fail(StatusCode::ABORTED, std::string(what) + ": the receiver is not an account");
  const Bytes body = bytes_of(a[first + 2]);
  // sendMessage(bytes32,address,bytes): selector 0x3ff42ab6, then the head and the bytes.
  Bytes call{0x3f, 0xf4, 0x2a, 0xb6};
  const auto word = [&call](std::uint64_t v) {
    for (int i = 0; i < 24; ++i) call.push_back(0);
    for (int i = 7; i >= 0; --i) call.push_back(static_cast<Byte>(v >> (8 * i)));
  };
  call.insert(call.end(), destination.begin(), destination.end());
  for (int i = 0; i < 12; ++i) call.push_back(0);
  call.insert(call.end(), receiver.end() - 20, receiver.end());
  word(0x60);
  word(body.size());
  call.insert(call.end(), body.begin(), body.end());
  call.resize(call.size() + (32 - body.size() % 32) % 32, 0);
  Bytes messenger(sender.size(), 0);
  std::copy(exec::kMessenger.view().begin(), exec::kMessenger.view().end(), messenger.end() - 20);
  MOVE_TRY(const Bytes id, ctx.config.evm_call(sender, messenger, call, ctx.gas));
  out.push_back(Value::bytes(id));
  return {};
}

}  // namespace

// send(from: &signer, destination: vector<u8>, receiver: address, body: vector<u8>): vector<u8>
// 0x1::message::send: the signer's account is the message's sender.
VmResult<void> message_send(NativeContext& ctx, const std::vector<Type>&, Args& a, Args& out) {
  if (!ctx.config.evm_call)
    return vm_fail(StatusCode::NATIVE_NOT_SUPPORTED, "native not supported here: message::send");
  const Value& signer = deref(a[0]);
  if (signer.kind != ValueKind::kSigner || signer.elems().size() != 1 ||
      signer.elems()[0].kind != ValueKind::kAddress)
    return vm_fail(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR, "message::send arguments");
  return send_message_as(ctx, *signer.elems()[0].address, "message::send", a, 1, out);
}

// send_from<W: drop>(witness: W, destination: vector<u8>, receiver: address, body: vector<u8>)
// 0x1::message::send_from: the module that declares W is the message's sender. Only that module
// can make a W (packing a struct is private to its module), so a module sends as itself, as a
// bridge must for its peers to trust it; what it does with a W it made is its own business.
VmResult<void> message_send_from(NativeContext& ctx, const std::vector<Type>& type_args, Args& a,
                                 Args& out) {
  if (!ctx.config.evm_call)
    return vm_fail(StatusCode::NATIVE_NOT_SUPPORTED,
                   "native not supported here: message::send_from");
  if (type_args.size() != 1 || type_args[0].kind != TypeKind::kStruct ||
      type_args[0].module == nullptr)
    return vm_fail(StatusCode::ABORTED,
                   "message::send_from: the witness must be a struct of the sending module");
  return send_message_as(ctx, type_args[0].module->id.address, "message::send_from", a, 1, out);
}

}  // namespace plexus::move

// The subnet standard library's source. Natives keep the names the VM's native table knows
// (natives.cpp); everything else is plain Move IR.
#include "move/adapter/stdlib.hpp"

#include <array>
#include <string_view>

#include "move/adapter/address.hpp"
#include "move/binary/binary.hpp"
#include "move/ir/compiler.hpp"

namespace plexus::move {

extern const std::string_view kSignerIr = R"(module 0x1.signer {
    native public borrow_address(s: &signer): &address;
    public address_of(s: &signer): address {
    label b0:
        return *Self.borrow_address(move(s));
    }
})";

extern const std::string_view kVectorIr = R"(module 0x1.vector {
    native public empty<Element>(): vector<Element>;
    native public length<Element>(v: &vector<Element>): u64;
    native public borrow<Element>(v: &vector<Element>, i: u64): &Element;
    native public push_back<Element>(v: &mut vector<Element>, e: Element);
    native public borrow_mut<Element>(v: &mut vector<Element>, i: u64): &mut Element;
    native public pop_back<Element>(v: &mut vector<Element>): Element;
    native public destroy_empty<Element>(v: vector<Element>);
    native public swap<Element>(v: &mut vector<Element>, i: u64, j: u64);
    public is_empty<Element>(v: &vector<Element>): bool {
    label b0:
        return Self.length<Element>(move(v)) == 0;
    }
})";

namespace {

const std::array<std::string_view, 10> kModules = {
    kSignerIr,
    kVectorIr,
    R"(module 0x1.option {
    import 0x1.vector;
    struct Option<Element> has copy, drop, store { vec: vector<Element> }
    public none<Element>(): Self.Option<Element> {
    label b0:
        return Option<Element> { vec: vector.empty<Element>() };
    }
    public some<Element>(e: Element): Self.Option<Element> {
        let v: vector<Element>;
    label b0:
        v = vector.empty<Element>();
        vector.push_back<Element>(&mut v, move(e));
        return Option<Element> { vec: move(v) };
    }
    public is_none<Element>(t: &Self.Option<Element>): bool {
    label b0:
        return vector.is_empty<Element>(&move(t).Option<Element>::vec);
    }
    public is_some<Element>(t: &Self.Option<Element>): bool {
    label b0:
        return !vector.is_empty<Element>(&move(t).Option<Element>::vec);
    }
    public borrow<Element>(t: &Self.Option<Element>): &Element {
    label b0:
        assert(Self.is_some<Element>(copy(t)), 262145);
        return vector.borrow<Element>(&move(t).Option<Element>::vec, 0);
    }
    public extract<Element>(t: &mut Self.Option<Element>): Element {
    label b0:
        assert(Self.is_some<Element>(freeze(copy(t))), 262145);
        return vector.pop_back<Element>(&mut move(t).Option<Element>::vec);
    }
    public destroy_none<Element>(t: Self.Option<Element>) {
        let vec: vector<Element>;
    label b0:
        assert(Self.is_none<Element>(&t), 262144);
        Option<Element> { vec } = move(t);
        vector.destroy_empty<Element>(move(vec));
        return;
    }
})",
    R"(module 0x1.bcs {
    native public to_bytes<MoveValue>(v: &MoveValue): vector<u8>;
    native public to_address(v: vector<u8>): address;
})",
    R"(module 0x1.hash {
    native public sha2_256(data: vector<u8>): vector<u8>;
    native public sha3_256(data: vector<u8>): vector<u8>;
    native public keccak_256(data: vector<u8>): vector<u8>;
})",
    R"(module 0x1.error {
    public canonical(category: u64, reason: u64): u64 {
    label b0:
        return (move(category) << 16u8) + move(reason);
    }
    public invalid_argument(r: u64): u64 {
    label b0:
        return Self.canonical(1, move(r));
    }
    public out_of_range(r: u64): u64 {
    label b0:
        return Self.canonical(2, move(r));
    }
    public invalid_state(r: u64): u64 {
    label b0:
        return Self.canonical(3, move(r));
    }
    public permission_denied(r: u64): u64 {
    label b0:
        return Self.canonical(5, move(r));
    }
    public not_found(r: u64): u64 {
    label b0:
        return Self.canonical(6, move(r));
    }
    public already_exists(r: u64): u64 {
    label b0:
        return Self.canonical(8, move(r));
    }
})",
    R"(module 0x1.string {
    import 0x1.vector;
    struct String has copy, drop, store { bytes: vector<u8> }
    native internal_check_utf8(v: &vector<u8>): bool;
    public utf8(bytes: vector<u8>): Self.String {
    label b0:
        assert(Self.internal_check_utf8(&bytes), 1);
        return String { bytes: move(bytes) };
    }
    public bytes(s: &Self.String): &vector<u8> {
    label b0:
        return &move(s).String::bytes;
    }
    public length(s: &Self.String): u64 {
    label b0:
        return vector.length<u8>(&move(s).String::bytes);
    }
    public is_empty(s: &Self.String): bool {
    label b0:
        return vector.is_empty<u8>(&move(s).String::bytes);
    }
})",
    R"(module 0x1.event {
    native public emit<T: drop + store>(msg: T);
})",
    R"(module 0x1.evm {
    native public call(from: &signer, target: address, data: vector<u8>): vector<u8>;
})",
    // docs/MESSAGING.md: sends `body` to `receiver` on the subnet whose 32-byte id is
    // `destination` and returns the message id. send: the signer's account is the sender.
    // send_from: the module declaring the witness type W is the sender (only it can make a W).
    R"(module 0x1.message {
    native public send(from: &signer, destination: vector<u8>, receiver: address, body: vector<u8>): vector<u8>;
    native public send_from<W: drop>(witness: W, destination: vector<u8>, receiver: address, body: vector<u8>): vector<u8>;
})",
};

}  // namespace

Result<std::vector<CompiledModule>> assemble_library(std::span<const std::string_view> sources,
                                                     std::size_t address_length) {
  std::vector<CompiledModule> out;
  for (std::string_view text : sources) {
    std::vector<const CompiledModule*> deps;
    for (const auto& m : out) deps.push_back(&m);
    auto unit = ir::assemble(text, deps, ir::CompileOptions{address_length, 6});
    if (!unit) return fail(Errc::kInternal, "Move library: " + unit.error().to_string());
    out.push_back(std::get<CompiledModule>(std::move(*unit)));
  }
  return out;
}

Result<std::vector<CompiledModule>> build_subnet_stdlib() {
  return assemble_library(kModules, kMoveAddressLength);
}

Result<std::vector<Bytes>> subnet_stdlib_bytes() {
  PLEXUS_TRY(const auto modules, build_subnet_stdlib());
  std::vector<Bytes> out;
  for (const auto& m : modules) out.push_back(serialize_module(m));
  return out;
}

}  // namespace plexus::move

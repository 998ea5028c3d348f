// The slice of the Move standard library (std = 0x1) the IR transactional tests use, written in
// Move IR and assembled at start-up. Functions are declared `native` exactly where the reference
// standard library declares them native, with the same signatures and visibilities, so that
// function handles and linking behave as against the real library.
#include <array>
#include <string_view>

#include "irtest_runner.hpp"
#include "move/adapter/stdlib.hpp"

namespace plexus::move::irtest {
namespace {

const std::array<std::string_view, 7> kModules = {
    kSignerIr,
    kVectorIr,
    R"(module 0x1.bcs {
    native public to_bytes<MoveValue>(v: &MoveValue): vector<u8>;
})",
    R"(module 0x1.ascii {
    struct String has copy, drop, store { bytes: vector<u8> }
    public as_bytes(string: &Self.String): &vector<u8> {
    label b0:
        return &move(string).String::bytes;
    }
})",
    R"(module 0x1.string {
    struct String has copy, drop, store { bytes: vector<u8> }
    native internal_check_utf8(v: &vector<u8>): bool;
    native internal_is_char_boundary(v: &vector<u8>, i: u64): bool;
    native internal_sub_string(v: &vector<u8>, i: u64, j: u64): vector<u8>;
    native internal_index_of(v: &vector<u8>, r: &vector<u8>): u64;
})",
    R"(module 0x1.type_name {
    import 0x1.ascii;
    struct TypeName has copy, drop, store { name: ascii.String }
    native public get<T>(): Self.TypeName;
    public into_string(self: Self.TypeName): ascii.String {
        let name: ascii.String;
    label b0:
        TypeName { name } = move(self);
        return move(name);
    }
})",
    R"(module 0x1.hash {
    native public sha2_256(data: vector<u8>): vector<u8>;
    native public sha3_256(data: vector<u8>): vector<u8>;
})",
};

}  // namespace

Result<std::vector<CompiledModule>> build_stdlib() { return assemble_library(kModules, 16); }

}  // namespace plexus::move::irtest

#pragma once
// Entry point of the EVM interpreter. Runs `code` for `msg` against `host` under `rev`; nested
// calls and creates go back through Host::call. Never throws on any code or input.
#include "core/bytes.hpp"
#include "evm/host.hpp"

namespace plexus::evm {

[[nodiscard]] ExecResult execute(Host& host, Revision rev, const Message& msg, BytesView code);

}  // namespace plexus::evm

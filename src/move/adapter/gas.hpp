#pragma once
// What the Move subnet charges, in the subnet's one gas unit (the EVM's). The interpreter's own
// costs are charged one for one: 1 per instruction, 5 per call, 10 per global storage operation
// and per-byte costs in natives (move/vm). On top of those the router charges the state access
// the EVM would charge for comparable work. The module cache never changes what is charged.
#include <cstdint>

namespace plexus::move::gas {

inline constexpr std::uint64_t kModuleLoad = 2100;  // per module an execution loads
inline constexpr std::uint64_t kModuleLoadPerByte = 1;
inline constexpr std::uint64_t kPublishPerModule = 20000;  // like a new storage slot
inline constexpr std::uint64_t kPublishPerByte = 200;      // like the EVM's code deposit
inline constexpr std::uint64_t kResourceRead = 2100;       // first access per execution
inline constexpr std::uint64_t kResourceReadPerByte = 3;
inline constexpr std::uint64_t kResourceCreate = 20000;  // written where none was
inline constexpr std::uint64_t kResourceUpdate = 5000;   // changed or deleted
inline constexpr std::uint64_t kResourceWritePerByte = 20;
inline constexpr std::uint64_t kEventBase = 750;  // LOG1: 375 + 375 per topic
inline constexpr std::uint64_t kEventPerByte = 8;
inline constexpr std::uint64_t kEvmCallBase = 700;

}  // namespace plexus::move::gas

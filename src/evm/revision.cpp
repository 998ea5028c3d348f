// Fork names as configuration files, the state tests and eth_config spell them.
#include <algorithm>
#include <array>
#include <cctype>

#include "evm/host.hpp"

namespace plexus::evm {
namespace {

struct Named {
  Revision rev;
  std::string_view name;
};
constexpr std::array<Named, 7> kNames{{
    {Revision::kLondon, "London"},
    {Revision::kParis, "Paris"},
    {Revision::kShanghai, "Shanghai"},
    {Revision::kCancun, "Cancun"},
    {Revision::kPrague, "Prague"},
    {Revision::kOsaka, "Osaka"},
    {Revision::kParis, "Merge"},  // the state tests' older name for Paris
}};

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<Revision> parse_revision(std::string_view name) noexcept {
  for (const Named& n : kNames)
    if (same_ignoring_case(n.name, name)) return n.rev;
  return std::nullopt;
}

std::string_view revision_name(Revision rev) noexcept {
  for (const Named& n : kNames)
    if (n.rev == rev) return n.name;
  return "unknown";
}

}  // namespace plexus::evm

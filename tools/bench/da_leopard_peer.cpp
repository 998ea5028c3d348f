#include "da_leopard_peer.hpp"

#include <dlfcn.h>

#include <cstring>
#include <vector>

namespace plexus::bench {

Result<std::unique_ptr<LeopardPeer>> LeopardPeer::load(const std::string& path) {
  std::unique_ptr<LeopardPeer> peer(new LeopardPeer);
  peer->handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!peer->handle_) return fail(Errc::kNotFound, "cannot load " + path + ": " + dlerror());
  // leopard.h's leo_init() passes its header version (2) to leo_init_.
  auto* init = reinterpret_cast<int (*)(int)>(dlsym(peer->handle_, "leo_init_"));
  peer->work_count_ =
      reinterpret_cast<unsigned (*)(unsigned, unsigned)>(dlsym(peer->handle_, "leo_encode_work_count"));
  peer->encode_ = reinterpret_cast<int (*)(std::uint64_t, unsigned, unsigned, unsigned,
                                           const void* const*, void**)>(dlsym(peer->handle_, "leo_encode"));
  if (!init || !peer->work_count_ || !peer->encode_)
    return fail(Errc::kNotFound, path + " lacks leo_init_, leo_encode_work_count or leo_encode");
  if (init(2) != 0) return fail(Errc::kInternal, "leo_init failed (no AVX2/SSSE3, or another version)");
  return peer;
}

LeopardPeer::~LeopardPeer() {
  if (handle_) dlclose(handle_);
}

Result<void> LeopardPeer::extend(Bytes& eds, std::size_t k) {
  const std::size_t width = 2 * k, share = da::kShareSize;
  const auto at = [&](std::size_t r, std::size_t c) { return eds.data() + (r * width + c) * share; };
  if (k == 1) {  // leo_encode copies the one data shard; so does Celestia
    for (std::size_t i = 1; i < 4; ++i) std::memcpy(eds.data() + i * share, eds.data(), share);
    return {};
  }
  const unsigned work = work_count_(static_cast<unsigned>(k), static_cast<unsigned>(k));
  work_.resize(std::size_t{work} * share);
  std::vector<void*> work_ptrs(work);
  for (unsigned i = 0; i < work; ++i) work_ptrs[i] = work_.data() + std::size_t{i} * share;
  std::vector<const void*> in(k);
  const auto run = [&](auto data_at, auto parity_at) -> Result<void> {
    for (std::size_t i = 0; i < k; ++i) in[i] = data_at(i);
    const int rc = encode_(share, static_cast<unsigned>(k), static_cast<unsigned>(k), work, in.data(),
                           work_ptrs.data());
    if (rc != 0) return fail(Errc::kInternal, "leo_encode returned " + std::to_string(rc));
    for (std::size_t i = 0; i < k; ++i) std::memcpy(parity_at(i), work_ptrs[i], share);
    return {};
  };
  for (std::size_t r = 0; r < k; ++r)
    PLEXUS_CHECK(run([&](std::size_t i) { return at(r, i); }, [&](std::size_t i) { return at(r, k + i); }));
  // Columns through a contiguous copy, as ours do (in place, shares a power of two apart share
  // cache sets and every encoder slows down many times).
  column_.resize(k * share);
  for (std::size_t c = 0; c < k; ++c) {
    for (std::size_t i = 0; i < k; ++i) std::memcpy(column_.data() + i * share, at(i, c), share);
    PLEXUS_CHECK(run([&](std::size_t i) { return column_.data() + i * share; },
                     [&](std::size_t i) { return at(k + i, c); }));
  }
  for (std::size_t r = k; r < width; ++r)
    PLEXUS_CHECK(run([&](std::size_t i) { return at(r, i); }, [&](std::size_t i) { return at(r, k + i); }));
  return {};
}

}  // namespace plexus::bench

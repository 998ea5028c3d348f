#pragma once
// catid/leopard as an independent peer of the da extension, loaded at run time from a shared
// library built outside the repository (see docs/DA.md, "Checking against Leopard"), so the
// comparison and the side-by-side timings need no third-party code here.
#include <memory>
#include <string>

#include "core/error.hpp"
#include "da/share.hpp"

namespace plexus::bench {

class LeopardPeer {
 public:
  // Loads the library (leo_init_, leo_encode_work_count, leo_encode) and initialises it.
  [[nodiscard]] static Result<std::unique_ptr<LeopardPeer>> load(const std::string& path);
  ~LeopardPeer();
  LeopardPeer(const LeopardPeer&) = delete;
  LeopardPeer& operator=(const LeopardPeer&) = delete;

  // Extends the k x k square in `eds` (2k x 2k shares, row-major, Q0 filled) as rsmt2d does:
  // rows of Q0, columns of Q0 (gathered into a contiguous buffer), rows of Q2, each through
  // leo_encode with its work buffers, the parity copied into place.
  [[nodiscard]] Result<void> extend(Bytes& eds, std::size_t k);

 private:
  LeopardPeer() = default;
  void* handle_ = nullptr;
  unsigned (*work_count_)(unsigned, unsigned) = nullptr;
  int (*encode_)(std::uint64_t, unsigned, unsigned, unsigned, const void* const*, void**) = nullptr;
  Bytes work_;
  Bytes column_;
};

}  // namespace plexus::bench

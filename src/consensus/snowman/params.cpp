#include "consensus/snowman/params.hpp"

#include <algorithm>

namespace plexus::consensus::snowman {

Params Params::from_spec(const platform::SnowmanSpec& spec) {
  Params out;
  out.k = spec.k;
  out.alpha_preference = spec.alpha_preference;
  out.alpha_confidence = spec.alpha_confidence;
  out.beta = spec.beta;
  out.proposer_window = std::chrono::milliseconds(spec.proposer_window_ms);
  return out;
}

Result<void> Params::check() const {
  platform::SnowmanSpec spec;
  spec.k = k;
  spec.alpha_preference = alpha_preference;
  spec.alpha_confidence = alpha_confidence;
  spec.beta = beta;
  spec.proposer_window_ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(proposer_window).count());
  PLEXUS_CHECK(platform::check_snowman_spec(spec));
  if (poll_timeout <= Nanos{0} || idle_poll <= Nanos{0} || concurrent_polls == 0)
    return fail(Errc::kInvalidArgument,
                "snowman: poll_timeout, idle_poll and concurrent_polls must be positive");
  return {};
}

Params Params::for_set(std::size_t others) const {
  if (others == 0 || others >= k) {
    Params out = *this;
    if (out.final_answers == 0) out.final_answers = alpha_confidence;
    return out;
  }
  // As if the poller's own preference were one of n = others + 1 answers, not asked.
  Params out = *this;
  const std::size_t n = others + 1;
  const auto scale = [&](std::size_t alpha) {
    return std::clamp((alpha * n + k - 1) / k - 1, others / 2 + 1, others);
  };
  out.k = others;
  out.alpha_preference = scale(alpha_preference);
  out.alpha_confidence = std::max(out.alpha_preference, scale(alpha_confidence));
  out.final_answers = others - out.alpha_confidence + 1;
  return out;
}

std::string small_set_warning(const Params& params, std::size_t validators) {
  if (validators == 0 || validators > params.k) return {};
  const Params small = params.for_set(validators - 1);
  const std::size_t others = validators - 1;
  return "snowman with k=" + std::to_string(params.k) + " on " + std::to_string(validators) +
         " validator(s): every poll asks all " + std::to_string(others) + " other(s) and needs " +
         std::to_string(small.alpha_confidence) + " agreeing answers, so " +
         std::to_string(others - small.alpha_confidence) +
         " crashed or byzantine validator(s) are tolerated (docs/CONSENSUS.md, Small sets)";
}

}  // namespace plexus::consensus::snowman

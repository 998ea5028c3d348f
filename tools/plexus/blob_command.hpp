#pragma once
// `plexus blob submit|get|proof`: blobs on the primary network over a node's JSON-RPC (docs/DA.md,
// Blob API), and `plexus light`: a light client that samples every platform block's square.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "da/share.hpp"

namespace plexus::cli {

void add_blob_commands(CLI::App& app);
void add_light_command(CLI::App& app);
// Every blob of namespace `ns` in platform block `height` ({namespace, data, ...} as
// platform_getAllBlobs lists them), after checking each row's namespace proof and its
// completeness against `data_root` (taken from the block's header, not from the answer).
[[nodiscard]] Result<nlohmann::json> verified_namespace_blobs(const std::string& rpc,
                                                              std::uint64_t height,
                                                              const da::Namespace& ns,
                                                              const Hash256& data_root);

}  // namespace plexus::cli

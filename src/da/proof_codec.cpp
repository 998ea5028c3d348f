#include "da/proof_codec.hpp"

#include <cstring>

namespace plexus::da::codec {

void put_nodes(Bytes& out, std::span<const NmtNode> nodes) {
  out.push_back(static_cast<Byte>(nodes.size()));
  for (const NmtNode& n : nodes) put(out, n.serialize().view());
}

Result<std::vector<NmtNode>> read_nodes(Reader& in) {
  PLEXUS_TRY(const std::uint32_t count, in.u8());
  std::vector<NmtNode> nodes;
  for (std::uint32_t i = 0; i < count; ++i) {
    PLEXUS_TRY(const NmtNode n, in.node());
    nodes.push_back(n);
  }
  return nodes;
}

void put_root_proof(Bytes& out, const RootProof& proof) {
  put(out, proof.root.serialize().view());
  put_uint(out, static_cast<std::uint32_t>(proof.path.index), 2);
  put_uint(out, static_cast<std::uint32_t>(proof.path.total), 2);
  out.push_back(static_cast<Byte>(proof.path.aunts.size()));
  for (const Hash256& h : proof.path.aunts) put(out, h.view());
}

Result<RootProof> read_root_proof(Reader& in) {
  RootProof p;
  PLEXUS_TRY(p.root, in.node());
  PLEXUS_TRY(p.path.index, in.u16());
  PLEXUS_TRY(p.path.total, in.u16());
  PLEXUS_TRY(const std::uint32_t aunts, in.u8());
  for (std::uint32_t i = 0; i < aunts; ++i) {
    PLEXUS_TRY(const BytesView h, in.take(32));
    Hash256 aunt;
    std::memcpy(aunt.data(), h.data(), 32);
    p.path.aunts.push_back(aunt);
  }
  return p;
}

}  // namespace plexus::da::codec

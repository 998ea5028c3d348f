#include "sim_harness.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/hash.hpp"
#include "core/rlp.hpp"

namespace plexus::consensus::sim {

SimHarness::SimHarness(std::uint64_t seed, const net::LinkFaults& faults, std::size_t nodes)
    : network_(seed, faults), up_(nodes, false), wake_(nodes, Nanos{-1}) {
  for (std::size_t i = 0; i < nodes; ++i) {
    network_.add_node(id(i));
    auto& disk = disks_.emplace_back(std::make_unique<bft::sim::Disk>());
    disk->infos.push_back(bft::BlockInfo{keccak256(Bytes{'g'}), {}, 0});
    disk->final_blocks.push_back(bft::FinalBlock{Bytes{'g'}, 0, std::nullopt});
  }
}

std::uint64_t SimHarness::height(std::size_t node) const {
  return disks_[node]->infos.back().height;
}

std::uint64_t SimHarness::max_height() const {
  std::uint64_t h = 0;
  for (std::size_t i = 0; i < nodes(); ++i)
    if (!faulty(i)) h = std::max(h, height(i));
  return h;
}

std::uint64_t SimHarness::min_height_up() const {
  std::uint64_t h = ~std::uint64_t{0};
  for (std::size_t i = 0; i < nodes(); ++i)
    if (up_[i] && !faulty(i)) h = std::min(h, height(i));
  return h;
}

net::NodeId SimHarness::id(std::size_t node) {
  net::NodeId out{};
  out[18] = static_cast<Byte>(node >> 8);
  out[19] = static_cast<Byte>(node + 1);
  return out;
}

std::size_t SimHarness::index_of(const net::NodeId& id) {
  return std::size_t{id[18]} << 8 | (id[19] - 1u);
}

void SimHarness::attach(std::size_t index) {
  up_[index] = true;
  wake_[index] = Nanos{-1};
  net::Transport& transport = network_.node(id(index));
  transport.set_handlers(
      net::TransportHandlers{.on_message =
                                 [this, index](const net::NodeId& from, net::Message message) {
                                   if (up_[index] && message.kind == net::MessageKind::kConsensus)
                                     deliver(index, index_of(from), message);
                                 },
                             .on_connect = nullptr,
                             .on_disconnect = nullptr});
  for (std::size_t other = 0; other < nodes(); ++other)
    if (other != index) transport.connect(network_.endpoint_of(id(other)));
}

void SimHarness::redial() {
  for (std::size_t index = 0; index < nodes(); ++index) {
    if (!up_[index]) continue;
    net::Transport& transport = network_.node(id(index));
    const std::vector<net::NodeId> peers = transport.peers();
    for (std::size_t other = 0; other < nodes(); ++other) {
      if (other == index || !up_[other]) continue;
      if (!std::binary_search(peers.begin(), peers.end(), id(other)))
        transport.connect(network_.endpoint_of(id(other)));
    }
  }
}

void SimHarness::crash(std::size_t index) {
  if (!up_[index]) return;
  network_.crash(id(index));
  up_[index] = false;
  lose(index);
}

void SimHarness::restart(std::size_t index) {
  if (up_[index]) return;
  network_.restart(id(index));
  boot(index);
}

void SimHarness::send_to(std::size_t from, std::size_t to, Bytes payload) {
  (void)network_.node(id(from)).send(
      id(to), net::Message{net::MessageKind::kConsensus, {}, std::move(payload)});
}

void SimHarness::wake_at(std::size_t index, Nanos due, std::function<void()> fire) {
  if (!up_[index] || due == wake_[index]) return;
  wake_[index] = due;
  const Nanos delay = std::max(Nanos{0}, due - network_.now());
  network_.schedule(id(index), delay, [this, index, due, fire = std::move(fire)] {
    if (wake_[index] != due || !up_[index]) return;
    wake_[index] = Nanos{-1};
    fire();
  });
}

std::size_t SimHarness::invalid_final_blocks() const {
  std::size_t count = 0;
  for (const auto& disk : disks_) {
    for (std::size_t h = 1; h < disk->final_blocks.size(); ++h) {
      const auto item = rlp::decode(disk->final_blocks[h].block);
      const auto fields = rlp::list_items(*item);
      const BytesView payload = (*fields)[2].payload;
      if (!payload.empty() && payload[0] == 0xff) ++count;
    }
  }
  return count;
}

void SimHarness::finalized(std::size_t node, const bft::BlockInfo& block) {
  checker_.record(node, block);
  first_final_.emplace(block.height, now());  // the first one stays
  final_at_.emplace_back(block.height, now());
  final_on_.emplace(std::pair(block.digest, node), now());
}

std::vector<double> SimHarness::finality_seconds() const {
  std::vector<double> out;
  for (const auto& [height, at] : final_at_) {
    const auto previous = first_final_.find(height - 1);
    const Nanos from = previous == first_final_.end() ? Nanos{0} : previous->second;
    out.push_back(std::chrono::duration<double>(at - from).count());
  }
  return out;
}

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  return value ? std::strtoull(value, nullptr, 10) : fallback;
}

}  // namespace plexus::consensus::sim

#include "platform/state.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "core/hex.hpp"
#include "platform/blobs.hpp"
#include "platform/fields.hpp"

namespace plexus::platform {
namespace {

const Bytes kNetworkKey{'g'};
const Bytes kHeadKey{'h'};
const Bytes kParamsKey{'p'};
constexpr Byte kBlockPrefix = 'B';
constexpr Byte kHashPrefix = 'H';
constexpr Byte kBlobOperationPrefix = 'O';

TrieOptions trie_options() { return TrieOptions{.node_prefix = Bytes{'t'}, .secure_keys = true}; }

Bytes be64(std::uint64_t value) {
  Bytes out;
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<Byte>(value >> shift));
  return out;
}

Result<std::uint64_t> read_be64(const std::optional<Bytes>& value, std::string_view what) {
  if (!value || value->size() != 8)
    return fail(Errc::kCorruption, "platform: stored " + std::string(what));
  std::uint64_t out = 0;
  for (const Byte b : *value) out = (out << 8) | b;
  return out;
}

// Block 0's parent: binds the genesis block's hash to the balances, which are not operations,
// and to the parameters, so that nodes started with other values disagree from block 0.
Hash256 genesis_parent(const PlatformGenesis& genesis, const PlatformParams& params) {
  std::vector<Bytes> balances;
  for (const auto& [address, amount] : genesis.balances) {
    const Bytes pair[] = {rlp::encode_string(address.view()), fields::u256(amount)};
    balances.push_back(rlp::encode_list(pair));
  }
  const Bytes f[] = {rlp::encode_uint(genesis.network_id), rlp::encode_list(balances),
                     encode_params(params)};
  return keccak256(rlp::encode_list(f));
}

Result<void> run_operations(const PlatformBlock& block, Transition& transition) {
  for (std::size_t i = 0; i < block.ops.size(); ++i) {
    if (auto applied = transition.apply(block.ops[i]); !applied)
      return fail(applied.error().code, "block " + std::to_string(block.height) + ", op " +
                                            std::to_string(i) + ": " + applied.error().message);
  }
  return {};
}

// The node rebuilds the block's square from its blobs and compares the root, whatever engine
// proposed the block.
Result<void> check_data_root(const PlatformBlock& block, std::size_t max_square_size) {
  const std::string name = "platform block " + std::to_string(block.height);
  auto root = blob_data_root(blobs_of(block.ops), max_square_size);
  if (!root) return fail(Errc::kValidation, name + ": " + root.error().message);
  if (*root != block.data_root)
    return fail(Errc::kValidation, name + ": data root " + to_hex(block.data_root) +
                                       " is not that of its blobs' square, " + to_hex(*root));
  return {};
}

}  // namespace

PlatformState::PlatformState(kv::KvStore& store, std::uint64_t network_id, PlatformConfig config)
    : store_(store),
      network_id_(network_id),
      config_(std::move(config)),
      trie_(store, trie_options()) {}

Result<std::unique_ptr<PlatformState>> PlatformState::open(kv::KvStore& store,
                                                           const PlatformGenesis& genesis,
                                                           PlatformConfig config) {
  PLEXUS_TRY(const auto stored_id, store.get(kNetworkKey));
  if (!stored_id) {
    if (genesis.params) static_cast<PlatformParams&>(config) = *genesis.params;
    PLEXUS_CHECK(check_params(config));
    std::unique_ptr<PlatformState> state(
        new PlatformState(store, genesis.network_id, std::move(config)));
    PLEXUS_CHECK(state->create_genesis(genesis));
    return state;
  }
  if (stored_id->size() != 8)  // the registry before PlatformState wrote a minimal integer
    return fail(Errc::kInvalidArgument,
                "platform: the data directory holds a platform registry of an older format; "
                "start from an empty one");
  if (*stored_id != be64(genesis.network_id))
    return fail(Errc::kInvalidArgument, "platform: the data directory belongs to network " +
                                            std::to_string(read_be64(stored_id, "id").value_or(0)));
  // The network's parameters are those it was created with, whatever this open was given.
  PLEXUS_TRY(const auto stored_params, store.get(kParamsKey));
  // Stores written before the parameters were stored hold another state layout too.
  if (!stored_params)
    return fail(Errc::kInvalidArgument,
                "platform: the data directory holds a platform state of an older format (no "
                "stored parameters); start from an empty data directory");
  PLEXUS_TRY(static_cast<PlatformParams&>(config), decode_params(*stored_params));
  std::unique_ptr<PlatformState> state(
      new PlatformState(store, genesis.network_id, std::move(config)));
  PLEXUS_CHECK(state->load());
  return state;
}

Result<Hash256> PlatformState::create_genesis(const PlatformGenesis& genesis) {
  const PlatformBlock block{
      0, genesis_parent(genesis, config_), genesis.timestamp, genesis.operations, {}};
  PlatformData next;
  Transition transition(next, config_, network_id_, 0, genesis.timestamp);
  for (const auto& [address, amount] : genesis.balances) transition.credit(address, amount);
  transition.mark_set_changed(kPrimaryNetwork);  // so that the primary set exists from height 0
  PLEXUS_CHECK(run_operations(block, transition));
  kv::WriteBatch batch;
  batch.put(kNetworkKey, be64(network_id_));
  batch.put(kParamsKey, encode_params(config_));
  return commit(block, next, transition, std::move(batch));
}

Result<void> PlatformState::load() {
  PLEXUS_TRY(const auto stored_head, store_.get(kHeadKey));
  PLEXUS_TRY(const std::uint64_t height, read_be64(stored_head, "head"));
  PLEXUS_TRY(auto head, read_block(height));
  PLEXUS_TRY(trie_, Trie::open(store_, head.second, trie_options()));
  PLEXUS_CHECK(
      trie_.for_each([this](BytesView, BytesView value) { return load_record(value, data_); }));
  PLEXUS_TRY(history_, ValidatorHistory::load(store_));
  head_hash_ = head.first.hash();
  head_ = std::move(head.first);
  head_.ops.clear();
  return {};
}

Result<void> PlatformState::check_header(const PlatformBlock& parent, const Hash256& parent_hash,
                                         const PlatformBlock& block) const {
  const std::string name = "platform block " + std::to_string(block.height);
  if (block.height != parent.height + 1)
    return fail(Errc::kValidation, name + ": expected height " + std::to_string(parent.height + 1));
  if (block.parent_hash != parent_hash)
    return fail(Errc::kValidation, name + ": its parent is not the head");
  if (block.timestamp < parent.timestamp)
    return fail(Errc::kValidation, name + ": timestamp " + std::to_string(block.timestamp) +
                                       " is before its parent's " +
                                       std::to_string(parent.timestamp));
  if (block.evidence.size() > kMaxBlockEvidence)
    return fail(Errc::kValidation,
                name + ": more than " + std::to_string(kMaxBlockEvidence) + " evidence reports");
  if (block.ops.size() > config_.max_block_operations)
    return fail(
        Errc::kValidation,
        name + ": more than " + std::to_string(config_.max_block_operations) + " operations");
  return {};
}

Result<void> PlatformState::run_block(const PlatformBlock& parent, const Hash256& parent_hash,
                                      const PlatformBlock& block, Transition& transition) const {
  PLEXUS_CHECK(check_header(parent, parent_hash, block));
  if (auto begun = transition.begin_block(parent.timestamp, block.uptime); !begun)
    return fail(begun.error().code,
                "platform block " + std::to_string(block.height) + ": " + begun.error().message);
  for (std::size_t i = 0; i < block.evidence.size(); ++i)
    if (auto applied = transition.apply_evidence(block.evidence[i]); !applied)
      return fail(applied.error().code, "block " + std::to_string(block.height) + ", evidence " +
                                            std::to_string(i) + ": " + applied.error().message);
  PLEXUS_CHECK(run_operations(block, transition));
  return check_data_root(block, config_.max_square_size);
}

Result<Hash256> PlatformState::apply_block(const PlatformBlock& block) {
  // The block runs on a copy, so a refused operation leaves data_ as it was.
  PlatformData next = data_;
  Transition transition(next, config_, network_id_, block.height, block.timestamp);
  PLEXUS_CHECK(run_block(head_, head_hash_, block, transition));
  return commit(block, next, transition, {});
}

PendingState PlatformState::head_state() const { return PendingState{data_, head_, head_hash_}; }

Result<PendingState> PlatformState::run_pending(PendingState parent,
                                                const PlatformBlock& block) const {
  Transition transition(parent.data, config_, network_id_, block.height, block.timestamp);
  PLEXUS_CHECK(run_block(parent.header, parent.hash, block, transition));
  parent.header = PlatformBlock{block.height, block.parent_hash, block.timestamp, {}, {}};
  parent.hash = block.hash();
  return parent;
}

Result<Hash256> PlatformState::stage_trie(const PlatformData& next, const Transition& transition,
                                          kv::WriteBatch& batch) {
  for (const Bytes& key : transition.dirty_keys()) {
    const std::optional<Bytes> value = encode_record(next, key);
    PLEXUS_CHECK(value ? trie_.put(key, *value) : trie_.erase(key));
  }
  return trie_.stage(batch);
}

Result<Hash256> PlatformState::commit(const PlatformBlock& block, PlatformData& next,
                                      const Transition& transition, kv::WriteBatch batch) {
  const Hash256 previous_root = trie_.root_hash();
  const Hash256 hash = block.hash();
  auto root = stage_trie(next, transition, batch);
  if (root) {
    const Bytes record[] = {rlp::encode_string(encode_block(block)),
                            rlp::encode_string(root->view())};
    batch.put(kv::prefixed_key(kBlockPrefix, be64(block.height)), rlp::encode_list(record));
    batch.put(kv::prefixed_key(kHashPrefix, hash.view()), be64(block.height));
    batch.put(kHeadKey, be64(block.height));
    for (const SignedOperation& op : block.ops)
      if (std::holds_alternative<SubmitBlobs>(op.operation))
        batch.put(kv::prefixed_key(kBlobOperationPrefix, keccak256(encode_signed(op)).view()),
                  be64(block.height));
    ValidatorHistory::stage(block.height, block.timestamp, next, transition.changed_sets(), batch);
    if (auto written = store_.write(batch, kv::Durability::kSync); !written)
      root = std::unexpected(written.error());
  }
  if (!root) {
    // Drop the trie's uncommitted changes: back to the last written root.
    if (auto reopened = Trie::open(store_, previous_root, trie_options())) {
      trie_ = std::move(*reopened);
    }
    return root;
  }
  trie_.mark_committed();
  trie_.release_committed();
  history_.note(block.height, transition.changed_sets());
  data_ = std::move(next);
  head_ = PlatformBlock{block.height, block.parent_hash, block.timestamp, {}, {}};
  head_hash_ = hash;
  return root;
}

Account PlatformState::account(const Address& address) const {
  const auto it = data_.accounts.find(address);
  return it == data_.accounts.end() ? Account{} : it->second;
}

Result<ValidatorSet> PlatformState::validator_set(std::string_view subnet,
                                                  std::uint64_t height) const {
  if (height > head_.height)
    return fail(Errc::kNotFound, "platform: height " + std::to_string(height) +
                                     " is above the head " + std::to_string(head_.height));
  return history_.at(store_, subnet, height);
}

Result<ValidatorSet> PlatformState::signer_order() const {
  PLEXUS_TRY(ValidatorSet set, validator_set(kPrimaryNetwork, head_.height));
  return in_certificate_order(std::move(set));
}

std::vector<ScheduledChange> PlatformState::scheduled_changes(std::string_view subnet) const {
  std::vector<ScheduledChange> out;
  for (const auto& [id, p] : data_.proposals)
    if (id.first == subnet && p.status == ProposalStatus::kScheduled)
      out.push_back({id.second, p.effective_height, p.action});
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.effective_height < b.effective_height;
  });
  return out;
}

Result<std::vector<ScheduledChange>> PlatformState::scheduled_changes_at(
    std::string_view subnet, std::uint64_t height) const {
  PLEXUS_TRY(const Hash256 root, root_at(height));
  PLEXUS_TRY(const Trie trie, Trie::open(store_, root, trie_options()));
  PlatformData then;
  // Proposals are numbered from 0 per subnet, so the first number absent ends them.
  for (std::uint64_t number = 0;; ++number) {
    PLEXUS_TRY(const auto value, trie.get(proposal_key(ProposalId{std::string(subnet), number})));
    if (!value) break;
    PLEXUS_CHECK(load_record(*value, then));
  }
  std::vector<ScheduledChange> out;
  for (const auto& [id, p] : then.proposals)
    if (p.status == ProposalStatus::kScheduled)
      out.push_back({id.second, p.effective_height, p.action});
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.effective_height < b.effective_height;
  });
  return out;
}

Result<std::pair<PlatformBlock, Hash256>> PlatformState::read_block(std::uint64_t height) const {
  PLEXUS_TRY(const auto stored, store_.get(kv::prefixed_key(kBlockPrefix, be64(height))));
  if (!stored)
    return fail(Errc::kNotFound, "platform: no block at height " + std::to_string(height));
  PLEXUS_TRY(const auto f, fields::list(*stored, 2, "platform: stored block", Errc::kCorruption));
  if (f[0].is_list) return fail(Errc::kCorruption, "platform: stored block");
  PLEXUS_TRY(PlatformBlock block, decode_block(f[0].payload));
  PLEXUS_TRY(const Hash256 root, fields::read_hash(f[1], "platform: stored block"));
  return std::pair{std::move(block), root};
}

Result<Hash256> PlatformState::root_at(std::uint64_t height) const {
  PLEXUS_TRY(const auto block, read_block(height));
  return block.second;
}

Result<PlatformBlock> PlatformState::block_at(std::uint64_t height) const {
  PLEXUS_TRY(auto block, read_block(height));
  return std::move(block.first);
}

Result<std::uint64_t> PlatformState::height_of(const Hash256& block_hash) const {
  PLEXUS_TRY(const auto stored, store_.get(kv::prefixed_key(kHashPrefix, block_hash.view())));
  if (!stored) return fail(Errc::kNotFound, "platform: no block with hash " + to_hex(block_hash));
  return read_be64(stored, "block height");
}

Result<std::optional<std::uint64_t>> PlatformState::height_of_blobs(
    const Hash256& operation_hash) const {
  PLEXUS_TRY(const auto stored,
             store_.get(kv::prefixed_key(kBlobOperationPrefix, operation_hash.view())));
  if (!stored) return std::optional<std::uint64_t>{};
  PLEXUS_TRY(const std::uint64_t height, read_be64(stored, "blob operation height"));
  return std::optional<std::uint64_t>{height};
}

Result<StateProof> PlatformState::prove(BytesView key) const {
  PLEXUS_TRY(std::vector<Bytes> nodes, trie_.prove(key));
  return StateProof{trie_.root_hash(), to_bytes(key), std::move(nodes)};
}

Result<StateProof> PlatformState::prove(BytesView key, std::uint64_t height) const {
  PLEXUS_TRY(const Hash256 root, root_at(height));
  PLEXUS_TRY(const Trie trie, Trie::open(store_, root, trie_options()));
  PLEXUS_TRY(std::vector<Bytes> nodes, trie.prove(key));
  return StateProof{root, to_bytes(key), std::move(nodes)};
}

}  // namespace plexus::platform

#include "chain/receipt.hpp"

#include "core/rlp.hpp"

namespace plexus::chain {
namespace {

Bytes list_of(const Bytes& payload) {
  Bytes out;
  out.reserve(payload.size() + 9);
  rlp::append_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Result<Log> decode_log(const rlp::Item& item) {
  PLEXUS_TRY(auto fields, rlp::list_items(item));
  if (!item.is_list || fields.size() != 3 || fields[0].is_list || !fields[1].is_list ||
      fields[2].is_list)
    return fail(Errc::kDecode, "receipt: a log must be [address, [topics], data]");
  if (fields[0].payload.size() != Address::size())
    return fail(Errc::kDecode, "receipt: log address must be 20 bytes");
  Log log;
  log.address = Address::right_aligned(fields[0].payload);
  PLEXUS_TRY(auto topics, rlp::list_items(fields[1]));
  for (const rlp::Item& topic : topics) {
    if (topic.is_list || topic.payload.size() != Hash256::size())
      return fail(Errc::kDecode, "receipt: log topic must be 32 bytes");
    log.topics.push_back(Hash256::right_aligned(topic.payload));
  }
  log.data = to_bytes(fields[2].payload);
  return log;
}

}  // namespace

Receipt make_receipt(std::uint8_t type, bool success, std::uint64_t cumulative_gas,
                     std::vector<Log> logs) {
  Receipt r{.type = type,
            .success = success,
            .cumulative_gas_used = cumulative_gas,
            .bloom = {},
            .logs = std::move(logs)};
  r.bloom = logs_bloom(r.logs);
  return r;
}

void append_log(Bytes& out, const Log& log) {
  Bytes body;
  rlp::append_string(body, log.address.view());
  Bytes topics;
  for (const Hash256& t : log.topics) rlp::append_string(topics, t.view());
  rlp::append_list_header(body, topics.size());
  body.insert(body.end(), topics.begin(), topics.end());
  rlp::append_string(body, log.data);
  rlp::append_list_header(out, body.size());
  out.insert(out.end(), body.begin(), body.end());
}

Bytes encode_logs(std::span<const Log> logs) {
  Bytes payload;
  for (const Log& log : logs) append_log(payload, log);
  return list_of(payload);
}

Bytes encode_receipt(const Receipt& receipt) {
  Bytes body;
  rlp::append_uint(body, receipt.success ? 1 : 0);
  rlp::append_uint(body, receipt.cumulative_gas_used);
  rlp::append_string(body, receipt.bloom.view());
  const Bytes logs = encode_logs(receipt.logs);
  body.insert(body.end(), logs.begin(), logs.end());
  Bytes out;
  if (receipt.type != 0) out.push_back(receipt.type);
  const Bytes list = list_of(body);
  out.insert(out.end(), list.begin(), list.end());
  return out;
}

Result<Receipt> decode_receipt(BytesView encoded) {
  Receipt receipt;
  // A typed receipt starts with its type byte (< 0x7f); a legacy one with an RLP list prefix.
  if (!encoded.empty() && encoded[0] < 0x7f) {
    receipt.type = encoded[0];
    encoded = encoded.subspan(1);
  }
  PLEXUS_TRY(rlp::Item item, rlp::decode(encoded));
  if (!item.is_list) return fail(Errc::kDecode, "receipt: not a list");
  PLEXUS_TRY(auto fields, rlp::list_items(item));
  if (fields.size() != 4 || fields[0].is_list || fields[1].is_list || fields[2].is_list ||
      !fields[3].is_list)
    return fail(Errc::kDecode, "receipt: expected [status, cumulative gas, bloom, logs]");
  PLEXUS_TRY(std::uint64_t status, rlp::to_uint64(fields[0]));
  if (status > 1) return fail(Errc::kDecode, "receipt: status must be 0 or 1");
  receipt.success = status == 1;
  PLEXUS_TRY(receipt.cumulative_gas_used, rlp::to_uint64(fields[1]));
  if (fields[2].payload.size() != Bloom::size())
    return fail(Errc::kDecode, "receipt: bloom must be 256 bytes");
  receipt.bloom = Bloom::right_aligned(fields[2].payload);
  PLEXUS_TRY(auto logs, rlp::list_items(fields[3]));
  for (const rlp::Item& log_item : logs) {
    PLEXUS_TRY(Log log, decode_log(log_item));
    receipt.logs.push_back(std::move(log));
  }
  return receipt;
}

}  // namespace plexus::chain

#pragma once
// The text of an HTTP/1.x response of the RPC server, written into a buffer the connection
// reuses. Every reply has the same few headers, so writing them directly costs one append each,
// where a general header container allocated per field and per response.
#include <string>
#include <string_view>

namespace plexus::rpc::detail {

struct HttpReply {
  unsigned status = 200;
  unsigned version = 11;  // the request's: 10 or 11
  bool keep_alive = true;
  std::string_view content_type;   // empty: no Content-Type
  std::string_view extra_headers;  // complete "Name: value\r\n" lines
  std::string_view body;
};

// Replaces `out` with the response; `cors_origin` empty leaves out Access-Control-Allow-Origin.
void write_http_reply(std::string& out, const HttpReply& reply, std::string_view cors_origin);

}  // namespace plexus::rpc::detail

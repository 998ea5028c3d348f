#include "rpc/http_reply.hpp"

#include <charconv>
#include <ostream>  // Boost 1.74's string_view needs it but does not include it

#include <boost/beast/http/status.hpp>

namespace plexus::rpc::detail {
namespace {

void append_number(std::string& out, std::size_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

}  // namespace

void write_http_reply(std::string& out, const HttpReply& reply, std::string_view cors_origin) {
  namespace http = boost::beast::http;
  out.clear();
  out += reply.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  append_number(out, reply.status);
  out += ' ';
  const auto reason = http::obsolete_reason(http::int_to_status(reply.status));
  out.append(reason.data(), reason.size());
  out += "\r\nServer: plexus\r\n";
  if (!cors_origin.empty()) {
    out += "Access-Control-Allow-Origin: ";
    out += cors_origin;
    out += "\r\n";
  }
  if (!reply.content_type.empty()) {
    out += "Content-Type: ";
    out += reply.content_type;
    out += "\r\n";
  }
  out += reply.extra_headers;
  // RFC 9110 8.6: no Content-Length on 1xx and 204 responses.
  if (reply.status >= 200 && reply.status != 204) {
    out += "Content-Length: ";
    append_number(out, reply.body.size());
    out += "\r\n";
  }
  // HTTP/1.1 connections persist unless told otherwise, HTTP/1.0 ones only when told so.
  if (reply.version == 10 && reply.keep_alive) out += "Connection: keep-alive\r\n";
  if (reply.version != 10 && !reply.keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  out += reply.body;
}

}  // namespace plexus::rpc::detail

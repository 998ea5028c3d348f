#include "bench_node_proc.hpp"

#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>

namespace plexus::bench::node {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTcpListen = "0A";

// Inodes of the sockets listening on `port`, from the kernel's socket tables.
std::set<std::string> listening_inodes(std::uint16_t port) {
  std::set<std::string> inodes;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
      fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
          timeout >> inode;
      const std::size_t colon = local.rfind(':');
      if (!fields || state != kTcpListen || colon == std::string::npos) continue;
      if (std::stoul(local.substr(colon + 1), nullptr, 16) == port) inodes.insert(inode);
    }
  }
  return inodes;
}

}  // namespace

std::optional<int> find_listening_pid(std::uint16_t port) {
  const std::set<std::string> inodes = listening_inodes(port);
  if (inodes.empty()) return std::nullopt;
  std::error_code ec;
  for (const auto& process : fs::directory_iterator("/proc", ec)) {
    const std::string pid = process.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code fd_ec;  // processes come and go, and others' fds may be unreadable
    for (const auto& fd : fs::directory_iterator(process.path() / "fd", fd_ec)) {
      std::error_code link_ec;
      const std::string target = fs::read_symlink(fd.path(), link_ec).string();
      if (link_ec || !target.starts_with("socket:[")) continue;
      if (inodes.contains(target.substr(8, target.size() - 9))) return std::stoi(pid);
    }
  }
  return std::nullopt;
}

Result<MemoryUse> read_memory(int pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/status";
  std::ifstream in(path);
  if (!in) return fail(Errc::kNotFound, "cannot read " + path);
  MemoryUse use;
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") in >> use.rss_kib;
    if (key == "VmHWM:") in >> use.peak_kib;
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  if (use.rss_kib == 0) return fail(Errc::kNotFound, path + " has no VmRSS");
  return use;
}

}  // namespace plexus::bench::node

#include "net/secret_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace plexus::net {

namespace {

std::unexpected<Error> io_error(const std::string& what, const std::filesystem::path& path) {
  return fail(Errc::kIo, what + " " + path.string() + ": " + std::strerror(errno));
}

// Closes on every path out of the functions below.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<void> write_private_file(const std::filesystem::path& path, BytesView contents) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  ::unlink(tmp.c_str());  // a leftover from a crash; ours to replace
  Fd file{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
  if (file.fd < 0) return io_error("cannot create", tmp);
  // open() applies the umask; fchmod makes the mode exactly 0600 whatever the umask is.
  if (::fchmod(file.fd, 0600) != 0) return io_error("cannot chmod", tmp);
  std::size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = ::write(file.fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error("cannot write", tmp);
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(file.fd) != 0) return io_error("cannot sync", tmp);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return io_error("cannot rename to", path);
  // The rename is durable only once the directory entry is on disk.
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  Fd directory{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (directory.fd >= 0) ::fsync(directory.fd);
  return {};
}

Result<Bytes> read_private_file(const std::filesystem::path& path, bool owner_only) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    if (errno == ENOENT) return fail(Errc::kNotFound, "no file " + path.string());
    return io_error("cannot open", path);
  }
  struct stat st{};
  if (::fstat(file.fd, &st) != 0) return io_error("cannot stat", path);
  if (owner_only && (st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return fail(Errc::kValidation, path.string() + " is accessible by group or others (mode " +
                                       mode + "); run chmod 600 on it");
  }
  Bytes out(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::read(file.fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error("cannot read", path);
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  out.resize(done);
  return out;
}

}  // namespace plexus::net

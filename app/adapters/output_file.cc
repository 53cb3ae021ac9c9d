// Safe output files (see output_file.h).
#include "adapters/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace gongkai::app {
namespace {

namespace fs = std::filesystem;

std::string DirectoryOf(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

}  // namespace

storage::Status CheckOutputPath(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    const char* what = S_ISDIR(st.st_mode)                          ? "a directory"
                       : S_ISLNK(st.st_mode)                        ? "a symbolic link"
                       : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                       : S_ISFIFO(st.st_mode)                       ? "a FIFO"
                                                                    : "not a regular file";
    return storage::Status::InvalidArgument("--out " + path + " is " + what +
                                            "; give the path of a file to write");
  }
  struct stat dir {};
  std::string directory = DirectoryOf(path);
  if (::stat(directory.c_str(), &dir) != 0 || !S_ISDIR(dir.st_mode)) {
    return storage::Status::InvalidArgument("--out " + path + ": directory " + directory + " does not exist");
  }
  return storage::Status::OK();
}

OutputFile::~OutputFile() {
  if (out_.is_open()) out_.close();
  if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
}

storage::Status OutputFile::Open(const std::string& path) {
  storage::Status status = CheckOutputPath(path);
  if (!status.ok()) return status;
  path_ = path;
  std::string name = DirectoryOf(path) + "/." + fs::path(path).filename().string() + ".partial-XXXXXX";
  std::vector<char> pattern(name.begin(), name.end());
  pattern.push_back('\0');
  int fd = ::mkstemp(pattern.data());
  if (fd < 0)
    return storage::Status::IOError("cannot create a file beside " + path + ": " + std::strerror(errno));
  mode_t mask = ::umask(0);  // mkstemp makes 0600; an export is as readable as any new file
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  temporary_ = pattern.data();
  out_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!out_) return storage::Status::IOError("cannot write " + temporary_);
  return storage::Status::OK();
}

storage::Status OutputFile::Close() {
  if (!out_.is_open()) return storage::Status::OK();
  out_.flush();
  bool good = out_.good();
  out_.close();
  if (!good || out_.fail()) return storage::Status::IOError("writing " + path_ + " failed (disk full?)");
  int fd = ::open(temporary_.c_str(), O_RDONLY);
  bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  return synced ? storage::Status::OK() : storage::Status::IOError("cannot sync " + path_);
}

storage::Status OutputFile::Commit() {
  storage::Status status = Close();
  if (!status.ok()) return status;
  // Checked again: the target may have become a directory or a device while we wrote.
  status = CheckOutputPath(path_);
  if (!status.ok()) return status;
  if (::rename(temporary_.c_str(), path_.c_str()) != 0) {
    return storage::Status::IOError("cannot create " + path_ + ": " + std::strerror(errno));
  }
  committed_ = true;
  return storage::Status::OK();
}

storage::Status WorkDir::Create(const std::string& beside_path) {
  std::string name =
      DirectoryOf(beside_path) + "/." + fs::path(beside_path).filename().string() + ".work-XXXXXX";
  std::vector<char> pattern(name.begin(), name.end());
  pattern.push_back('\0');
  if (::mkdtemp(pattern.data()) == nullptr) {
    return storage::Status::IOError("cannot create a directory beside " + beside_path + ": " +
                                    std::strerror(errno));
  }
  path_ = pattern.data();
  return storage::Status::OK();
}

WorkDir::~WorkDir() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

}  // namespace gongkai::app

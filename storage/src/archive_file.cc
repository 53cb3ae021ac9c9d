#include "archive_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace gongkai::storage {

ArchiveFile::~ArchiveFile() {
  Unlock();
  if (fd_ >= 0) ::close(fd_);
}

Status ArchiveFile::Open(const std::string& path) {
  if (fd_ >= 0) return Status::OK();
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return Status::IOError("cannot open " + path + " for locking: " + std::strerror(errno));
  return Status::OK();
}

int ArchiveFile::LinkCount() const {
  struct stat st {};
  if (fd_ < 0 || ::fstat(fd_, &st) != 0) return 0;
  return static_cast<int>(st.st_nlink);
}

bool ArchiveFile::TryLockExclusive(int* holder_pid) {
  if (locked_) return true;
  if (fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) == 0) {
    locked_ = true;
    return true;
  }
  if (holder_pid != nullptr) *holder_pid = HolderPid();
  return false;
}

bool ArchiveFile::IsLockedElsewhere(int* holder_pid) {
  if (locked_ || fd_ < 0) return false;
  if (::flock(fd_, LOCK_SH | LOCK_NB) == 0) {
    ::flock(fd_, LOCK_UN);
    return false;
  }
  if (holder_pid != nullptr) *holder_pid = HolderPid();
  return true;
}

void ArchiveFile::Unlock() {
  if (!locked_) return;
  ::flock(fd_, LOCK_UN);  // the descriptor stays open: see Open()
  locked_ = false;
}

// /proc/locks lines: "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF" (pid, major:minor:inode).
int ArchiveFile::HolderPid() const {
  struct stat st {};
  if (fd_ < 0 || ::fstat(fd_, &st) != 0) return 0;
  char device[64];
  std::snprintf(device, sizeof(device), "%02x:%02x:%llu", major(st.st_dev), minor(st.st_dev),
                static_cast<unsigned long long>(st.st_ino));
  std::ifstream locks("/proc/locks");
  std::string line;
  while (std::getline(locks, line)) {
    std::istringstream fields(line);
    std::string index, kind, mode, access, pid, where;
    fields >> index >> kind;
    if (kind == "->") fields >> kind;  // a waiter
    fields >> mode >> access >> pid >> where;
    if (kind == "FLOCK" && access == "WRITE" && where == device) return std::atoi(pid.c_str());
  }
  return 0;
}

Status CheckSingleLink(const ArchiveFile& file, const std::string& path) {
  int links = file.LinkCount();
  if (links <= 1) return Status::OK();
  return Status::InvalidArgument(
      "archive " + path + " has " + std::to_string(links) +
      " hard links: SQLite keeps the write-ahead log beside each name, so writes through two names "
      "overwrite each other; remove the other link(s) (find them with `find / -samefile " +
      path + "`) or copy the file");
}

}  // namespace gongkai::storage

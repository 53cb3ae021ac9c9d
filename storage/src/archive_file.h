// The crawl lock, held on the archive's database file itself (its inode), not on a path: every
// alias of the file (a symlink, a hard link, a bind mount) meets the same lock. Internal to storage.
//
// Why not a side file "<path>.lock": two names of one file gave two lock files, so two crawls wrote
// one archive at once; and SQLite keeps its write-ahead log beside each *name* ("<name>-wal"), so a
// write through a hard link left a log that was later checkpointed over the other name's commits
// (145 captures became 26). Hence also: a writer refuses a database file with more than one link.
#pragma once

#include <string>

#include "storage/status.h"

namespace gongkai::storage {

class ArchiveFile {
 public:
  ArchiveFile() = default;
  ~ArchiveFile();  // releases the lock and closes the descriptor
  ArchiveFile(const ArchiveFile&) = delete;
  ArchiveFile& operator=(const ArchiveFile&) = delete;

  // Opens `path` (following symlinks) for locking. The descriptor must outlive every SQLite
  // connection of this process to the file: closing any descriptor of a file drops the process's
  // POSIX (fcntl) locks on it, which are SQLite's. IOError when it cannot be opened.
  Status Open(const std::string& path);
  bool is_open() const { return fd_ >= 0; }

  // Number of directory entries naming the file (st_nlink); 0 when not open.
  int LinkCount() const;

  // flock(LOCK_EX | LOCK_NB) on the file. False when another open of the file (any process, any
  // name) holds it; *holder_pid (may be null) then receives the holder's pid, 0 when unknown.
  bool TryLockExclusive(int* holder_pid);
  // True when some open of the file holds the exclusive lock (probed without keeping a lock).
  bool IsLockedElsewhere(int* holder_pid);
  void Unlock();
  bool locked() const { return locked_; }

 private:
  int HolderPid() const;  // from /proc/locks (Linux); 0 when unknown

  int fd_ = -1;
  bool locked_ = false;
};

// Refuses a writer on a file with several names: InvalidArgument naming the path and the count.
Status CheckSingleLink(const ArchiveFile& file, const std::string& path);

}  // namespace gongkai::storage

// Writing a command's output file safely: into a temporary file beside the target, renamed over it
// only when everything was written, so a failed export never leaves half a file and never deletes
// or replaces something that was not ours. A directory, a device, a FIFO or a symlink as the
// target is refused before anything is written.
#pragma once

#include <fstream>
#include <string>

#include "storage/status.h"

namespace gongkai::app {

// InvalidArgument when `path` exists and is not a regular file, or its directory does not exist.
storage::Status CheckOutputPath(const std::string& path);

class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();  // removes the temporary file unless committed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Checks `path` (CheckOutputPath) and creates the temporary file beside it.
  storage::Status Open(const std::string& path);
  std::ofstream& stream() { return out_; }
  const std::string& path() const { return path_; }
  // Flushes, syncs and closes the temporary file (IOError when any write failed).
  storage::Status Close();
  // Renames the closed temporary file over the target. IOError on failure (the temporary file is
  // then removed; the target is untouched).
  storage::Status Commit();

 private:
  std::string path_;
  std::string temporary_;
  std::ofstream out_;
  bool committed_ = false;
};

// A temporary directory beside `path` (for multi-part outputs such as WACZ), removed with its
// contents when the object goes away.
class WorkDir {
 public:
  storage::Status Create(const std::string& beside_path);
  ~WorkDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace gongkai::app

#include "adapters/archive_open.h"

namespace gongkai::app {

storage::Options ArchiveOptions(Context& ctx, const std::string& path_flag) {
  storage::Options options = ctx.config().archive;
  if (!path_flag.empty()) options.path = path_flag;
  return options;
}

void ThrowIfFailed(const storage::Status& status) {
  if (status.IsCorruption())
    throw Failure(kExitDamaged, "damaged: run gongkai verify (" + status.message() + ")");
  if (!status.ok()) throw Failure(kExitFailure, status.message());
}

std::unique_ptr<storage::Archive> OpenArchiveReadOnly(Context& ctx, const std::string& path_flag) {
  std::unique_ptr<storage::Archive> archive;
  storage::Status status = storage::Archive::OpenReadOnly(ArchiveOptions(ctx, path_flag), &archive);
  if (status.IsNotFound()) {
    throw Failure(kExitFailure, status.message() +
                                    " (give --archive PATH, or set [archive] path in config.toml; "
                                    "gongkai crawl creates it)");
  }
  ThrowIfFailed(status);
  return archive;
}

}  // namespace gongkai::app

// Opening the archive for the commands that only read it, with the CLI's error mapping:
// a damaged archive exits kExitDamaged, any other failure kExitFailure.
#pragma once

#include <memory>
#include <string>

#include "command.h"
#include "storage/archive.h"

namespace gongkai::app {

// [archive] options from the configuration, with the path replaced by --archive when given.
storage::Options ArchiveOptions(Context& ctx, const std::string& path_flag);

// Throws unless status is ok: Failure(kExitDamaged, "damaged: run gongkai verify (...)") for
// Corruption (a read command never prints or exports around damage), otherwise
// Failure(kExitFailure, status.message()): the message names the input, without the status class.
void ThrowIfFailed(const storage::Status& status);

// Opens the archive read-only (no creation, no migration); throws as ThrowIfFailed does.
std::unique_ptr<storage::Archive> OpenArchiveReadOnly(Context& ctx, const std::string& path_flag);

}  // namespace gongkai::app

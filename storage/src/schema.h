// The archive's schema and its versioned migrations (documented in docs/archive-format.md).
#pragma once

#include <string>

#include "sqlite_util.h"

namespace gongkai::storage {

// The schema version this build writes; PRAGMA user_version of an up-to-date archive.
int CurrentSchemaVersion();
// PRAGMA user_version of the open file (0 when unreadable).
int SchemaVersionOf(Db* db);

// Sets the connection's pragmas (WAL, foreign keys, synchronous, busy timeout).
Status ConfigureConnection(Db* db, bool durable_commits, int busy_timeout_ms, bool read_only);

// Brings the schema from its user_version up to CurrentSchemaVersion(), one transaction per step.
// InvalidArgument when the file's version is newer than this build knows.
Status Migrate(Db* db);

// For read-only connections, which cannot migrate: InvalidArgument naming `path` when the file's
// schema is older or newer than this build's (version 0, not yet an archive, passes).
Status CheckSchemaVersion(Db* db, const std::string& path);

}  // namespace gongkai::storage

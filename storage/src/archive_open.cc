// Opening the archive, the crawl lock, runs, the frontier and the meta table.
#include <filesystem>
#include <system_error>

#include "archive_impl.h"
#include "header_codec.h"
#include "site_match.h"
#include "index_terms.h"
#include "text_codec.h"
#include "text_fold.h"
#include "schema.h"
#include "seal.h"

namespace gongkai::storage {
namespace {

const char kInsertRun[] =
    "INSERT INTO runs(gongkai_version, config_digest, seeds, started_at_ms, kind) "
    "VALUES(?1, ?2, ?3, ?4, ?5)";
// Only crawl runs are resumed: a killed import stays unfinished, and a crawl never takes it over.
const char kUnfinishedRun[] =
    "SELECT id FROM runs WHERE ended_at_ms IS NULL AND kind = 'crawl' ORDER BY id DESC LIMIT 1";
const char kFinishRun[] = "UPDATE runs SET ended_at_ms = ?2, summary_json = ?3 WHERE id = ?1";
#define GONGKAI_RUN_COLUMNS                                                                                                \
  "SELECT id, gongkai_version, config_digest, seeds, started_at_ms, ended_at_ms, summary_json, kind, " GONGKAI_SEAL_CHECK( \
      "run", "", GONGKAI_SEALED_RUNS) " FROM runs "
const char kSelectRun[] = GONGKAI_RUN_COLUMNS "WHERE id = ?1";
const char kSelectRuns[] = GONGKAI_RUN_COLUMNS "ORDER BY id";
#undef GONGKAI_RUN_COLUMNS
const char kRunExists[] = "SELECT 1 FROM runs WHERE id = ?1";
const char kInsertFrontier[] =
    "INSERT OR IGNORE INTO frontier(run_id, url, discovered_from_url, discovery, depth, seed_name, navigation, "
    "agency) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
const char kPendingFrontier[] =
    "SELECT url, discovered_from_url, discovery, depth, seed_name, done, navigation, agency FROM frontier "
    "WHERE run_id = ?1 AND done = 0 ORDER BY id";
const char kAllFrontier[] =
    "SELECT url, discovered_from_url, discovery, depth, seed_name, done, navigation, agency FROM frontier "
    "WHERE run_id = ?1 ORDER BY id";
const char kFrontierDone[] = "UPDATE frontier SET done = 1 WHERE run_id = ?1 AND url = ?2";
const char kGetMeta[] = "SELECT value FROM meta WHERE key = ?1";
const char kSetMeta[] = "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)";

void ReadRunRow(const Stmt& s, Run* run) {
  run->id = s.Int(0);
  run->info.gongkai_version = s.Text(1);
  run->info.config_digest = s.Text(2);
  run->info.seeds = s.Text(3);
  run->info.started_at_ms = s.Int(4);
  run->ended_at_ms = s.IsNull(5) ? 0 : s.Int(5);
  run->summary_json = s.Text(6);
  run->info.kind = s.Text(7);
}

Status ReadFrontier(Db* db, const char* sql, int64_t run_id, std::vector<FrontierEntry>* entries) {
  entries->clear();
  Status status;
  auto stmt = db->Prepare(sql, &status);
  if (!stmt) return status;
  stmt->Bind(1, run_id);
  int rc;
  while ((rc = stmt->Step()) == SQLITE_ROW) {
    FrontierEntry e;
    e.url = stmt->Text(0);
    e.discovered_from_url = stmt->Text(1);
    if (!ParseDiscoveryKind(stmt->Text(2), &e.discovery)) e.discovery = DiscoveryKind::kImported;
    e.depth = static_cast<int>(stmt->Int(3));
    e.seed_name = stmt->Text(4);
    e.done = stmt->Int(5) != 0;
    e.navigation = stmt->Int(6) != 0;
    e.agency = stmt->Text(7);
    entries->push_back(std::move(e));
  }
  return SqliteStatus(rc, "read frontier of run " + std::to_string(run_id), db->raw());
}

}  // namespace

Status Archive::Open(const Options& options, std::unique_ptr<Archive>* archive) {
  auto impl = std::make_unique<SqliteArchive>(options, /*read_only=*/false);
  Status status = impl->Init();
  if (status.ok()) *archive = std::move(impl);
  return status;
}

Status Archive::OpenReadOnly(const Options& options, std::unique_ptr<Archive>* archive) {
  auto impl = std::make_unique<SqliteArchive>(options, /*read_only=*/true);
  Status status = impl->Init();
  if (status.ok()) *archive = std::move(impl);
  return status;
}

int Archive::SchemaVersion() {
  return CurrentSchemaVersion();
}

SqliteArchive::SqliteArchive(const Options& options, bool read_only)
    : options_(options), read_only_(read_only) {}

SqliteArchive::~SqliteArchive() {
  blobs_.reset();
  // file_ (the crawl lock) is released after db_ is closed: see ArchiveFile::Open.
}

Status SqliteArchive::Init() {
  namespace fs = std::filesystem;
  const std::string& path = options_.path;
  if (path.empty()) return Status::InvalidArgument("archive path is empty");
  std::error_code ec;
  if (read_only_) {
    if (!fs::exists(path, ec)) return Status::NotFound("archive " + path + " does not exist");
  } else {
    fs::path parent = fs::path(path).parent_path();
    if (!parent.empty() && !fs::create_directories(parent, ec) && ec) {
      return Status::IOError("cannot create directory " + parent.string() + ": " + ec.message());
    }
  }
  Status status;
  if (!read_only_ && fs::exists(path, ec)) {
    // Before SQLite touches it: a second name of a file being crawled must not even open it.
    status = file_.Open(path);
    int holder = 0;
    if (status.ok() && file_.LinkCount() > 1 && file_.IsLockedElsewhere(&holder)) {
      return Status::Locked("archive " + path + " is being written by another crawl (pid " +
                            std::to_string(holder) + ")");
    }
    if (status.ok()) status = CheckSingleLink(file_, path);
    if (!status.ok()) return status;
  }
  int flags = read_only_ ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  status = db_.Open(path, flags);
  if (status.ok() && !read_only_) status = file_.Open(path);  // a new file exists only now
  if (status.ok())
    status = ConfigureConnection(&db_, options_.durable_commits, options_.busy_timeout_ms, read_only_);
  dictionaries_ = std::make_unique<Dictionaries>(&db_, options_.zstd_level);
  if (status.ok()) status = RegisterTextFunctions(db_.raw(), options_.zstd_level, dictionaries_.get());
  if (status.ok()) status = RegisterSealFunctions(db_.raw());
  if (status.ok()) status = RegisterHeaderFunctions(db_.raw());
  if (status.ok()) status = RegisterFoldFunction(db_.raw());
  if (status.ok()) status = RegisterIndexTermsFunction(db_.raw());
  if (status.ok()) status = RegisterSiteFunctions(db_.raw());
  if (status.ok()) status = RegisterDigestFunction(db_.raw());
  if (status.ok()) status = RegisterHoldingFunction(db_.raw());
  const int version_before = SchemaVersionOf(&db_);
  if (status.ok() && !read_only_) status = Migrate(&db_);
  if (status.ok() && !read_only_) {
    status = ResealIfSchemeChanged(
        &db_, /*migrated=*/version_before != SchemaVersionOf(&db_) && version_before != 0);
  }
  if (status.ok() && !read_only_) status = CreateSealTriggers(&db_);
  if (status.ok() && !read_only_) status = RebuildSearchIndexIfAsked();
  if (status.ok() && read_only_) status = CheckSchemaVersion(&db_, path);
  if (status.ok() && read_only_ && SchemaVersionOf(&db_) == CurrentSchemaVersion()) {
    status = CheckSealScheme(&db_, path);
  }
  if (status.IsCorruption()) {
    return Status::Corruption("archive " + path + " is not a SQLite database or is damaged (" +
                              status.message() + ")");
  }
  if (!status.ok()) return status;
  blobs_ = std::make_unique<BlobStore>(&db_, options_.zstd_level, dictionaries_.get());
  return Status::OK();
}

bool SqliteArchive::TryLockForCrawl(int* holder_pid) {
  if (holder_pid != nullptr) *holder_pid = 0;
  return !read_only_ && file_.TryLockExclusive(holder_pid);
}

void SqliteArchive::UnlockCrawl() {
  file_.Unlock();
}

Status SqliteArchive::BeginRun(const RunInfo& info, int64_t* run_id) {
  Status status;
  auto stmt = db_.Prepare(kInsertRun, &status);
  if (!stmt) return status;
  stmt->Bind(1, info.gongkai_version).Bind(2, info.config_digest).Bind(3, info.seeds);
  stmt->Bind(4, info.started_at_ms).Bind(5, info.kind.empty() ? std::string(kRunKindCrawl) : info.kind);
  status = stmt->Exec("begin run");
  if (status.ok()) *run_id = db_.LastInsertId();
  return status;
}

std::optional<int64_t> SqliteArchive::FindUnfinishedRun() {
  Status status;
  auto stmt = db_.Prepare(kUnfinishedRun, &status);
  if (!stmt || stmt->Step() != SQLITE_ROW) return std::nullopt;
  return stmt->Int(0);
}

Status SqliteArchive::FinishRun(int64_t run_id, const std::string& summary_json, int64_t ended_at_ms) {
  Status status;
  auto stmt = db_.Prepare(kFinishRun, &status);
  if (!stmt) return status;
  stmt->Bind(1, run_id).Bind(2, ended_at_ms).Bind(3, summary_json);
  status = stmt->Exec("finish run " + std::to_string(run_id));
  if (status.ok() && db_.Changes() == 0) return Status::NotFound("no run with id " + std::to_string(run_id));
  if (status.ok()) status = CompactSearchIndex();
  return status;
}

Status SqliteArchive::RebuildSearchIndexIfAsked() {
  auto asked = [&] {
    Stmt stmt(db_.raw(), "SELECT 1 FROM meta WHERE key = 'search_index_rebuild'");
    return stmt.prepared() && stmt.Step() == SQLITE_ROW;
  };
  if (!asked()) return Status::OK();
  Transaction txn(&db_);
  if (!txn.begin_status().ok()) return txn.begin_status();
  if (!asked()) return Status::OK();  // another process rebuilt it meanwhile
  Status status = index_changes_.Rebuild();
  if (status.ok())
    status = db_.Exec("DELETE FROM meta WHERE key = 'search_index_rebuild'", "rebuild search index");
  if (status.ok()) status = txn.Commit();
  if (status.ok()) status = CompactSearchIndex();
  return status;
}

Status SqliteArchive::CompactSearchIndex() {
  Status status = db_.Exec(
      "INSERT INTO report_fts_title(report_fts_title) VALUES('optimize');"
      "INSERT INTO report_fts_passage(report_fts_passage) VALUES('optimize')",
      "compact search index");
  // A no-op on archives created without auto_vacuum (before schema 3): their free pages are
  // reused by later writes instead.
  if (status.ok()) status = db_.Exec("PRAGMA incremental_vacuum", "release free pages");
  return status;
}

Status SqliteArchive::GetRun(int64_t run_id, Run* run) {
  Status status;
  auto stmt = db_.Prepare(kSelectRun, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, run_id).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no run with id " + std::to_string(run_id));
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "read run", db_.raw());
  ReadRunRow(*stmt, run);
  return Status::OK();
}

Status SqliteArchive::ListRuns(std::vector<Run>* runs) {
  runs->clear();
  Status status;
  auto stmt = db_.Prepare(kSelectRuns, &status);
  if (!stmt) return status;
  int rc;
  while ((rc = stmt->Step()) == SQLITE_ROW) {
    runs->emplace_back();
    ReadRunRow(*stmt, &runs->back());
  }
  return SqliteStatus(rc, "list runs", db_.raw());
}

Status SqliteArchive::CheckRunExists(int64_t run_id) {
  Status status;
  auto stmt = db_.Prepare(kRunExists, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, run_id).Step();
  if (rc == SQLITE_ROW) return Status::OK();
  if (rc == SQLITE_DONE) return Status::NotFound("no run with id " + std::to_string(run_id));
  return SqliteStatus(rc, "read run", db_.raw());
}

Status SqliteArchive::InsertFrontier(int64_t run_id, const std::vector<FrontierEntry>& entries, int* added) {
  int count = 0;
  Status status;
  auto stmt = db_.Prepare(kInsertFrontier, &status);
  if (!stmt) return status;
  for (const FrontierEntry& e : entries) {
    stmt->Bind(1, run_id).Bind(2, e.url).Bind(3, e.discovered_from_url);
    stmt->Bind(4, ToString(e.discovery)).Bind(5, e.depth).Bind(6, e.seed_name);
    stmt->Bind(7, e.navigation ? 1 : 0).Bind(8, e.agency);
    status = stmt->Exec("add " + e.url + " to the frontier");
    if (!status.ok()) return status;
    count += db_.Changes();
  }
  if (added != nullptr) *added = count;
  return Status::OK();
}

Status SqliteArchive::AddToFrontier(int64_t run_id, const std::vector<FrontierEntry>& entries, int* added) {
  Transaction txn(&db_);
  if (!txn.begin_status().ok()) return txn.begin_status();
  Status status = CheckRunExists(run_id);
  if (status.ok()) status = InsertFrontier(run_id, entries, added);
  if (status.ok()) status = txn.Commit();
  return status;
}

Status SqliteArchive::PendingFrontier(int64_t run_id, std::vector<FrontierEntry>* entries) {
  return ReadFrontier(&db_, kPendingFrontier, run_id, entries);
}

Status SqliteArchive::ListFrontier(int64_t run_id, std::vector<FrontierEntry>* entries) {
  return ReadFrontier(&db_, kAllFrontier, run_id, entries);
}

Status SqliteArchive::MarkFrontierDone(int64_t run_id, const std::string& url) {
  Status status;
  auto stmt = db_.Prepare(kFrontierDone, &status);
  if (!stmt) return status;
  return stmt->Bind(1, run_id).Bind(2, url).Exec("mark " + url + " done");
}

Status SqliteArchive::GetMeta(const std::string& key, std::string* value) {
  Status status;
  auto stmt = db_.Prepare(kGetMeta, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, key).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("meta key " + key + " is not set");
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "read meta " + key, db_.raw());
  *value = stmt->Text(0);
  return Status::OK();
}

Status SqliteArchive::SetMeta(const std::string& key, const std::string& value) {
  Status status;
  auto stmt = db_.Prepare(kSetMeta, &status);
  if (!stmt) return status;
  return stmt->Bind(1, key).Bind(2, value).Exec("write meta " + key);
}

}  // namespace gongkai::storage

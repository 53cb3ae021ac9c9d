// The compact in-memory frontier (see frontier.h).
#include "crawler/frontier.h"

#include <cstring>

namespace gongkai::crawler {
namespace {

// Record layout: kind (1 byte), depth (1 byte, saturating), navigation (1), seed id (4), from id (4),
// agency id (4), URL bytes.
constexpr size_t kHeaderBytes = 15;

void PutU32(std::string* out, uint32_t v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

uint32_t GetU32(const std::string& in, size_t at) {
  uint32_t v;
  std::memcpy(&v, in.data() + at, sizeof v);
  return v;
}

}  // namespace

size_t Frontier::AddQueue() {
  queues_.emplace_back();
  return queues_.size() - 1;
}

uint32_t Frontier::Intern(const std::string& text) {
  auto [it, inserted] = string_ids_.emplace(text, static_cast<uint32_t>(strings_.size()));
  if (inserted) strings_.push_back(text);
  return it->second;
}

void Frontier::Push(size_t queue, const FrontierItem& item) {
  std::string record;
  record.reserve(kHeaderBytes + item.url.size());
  record.push_back(static_cast<char>(item.kind));
  record.push_back(static_cast<char>(std::min(item.depth, 255)));
  record.push_back(item.navigation ? 1 : 0);
  PutU32(&record, Intern(item.seed_name));
  PutU32(&record, Intern(item.from_url));
  PutU32(&record, Intern(item.agency));
  record += item.url;
  record_bytes_ += record.capacity();
  queues_[queue].push_back(std::move(record));
  ++total_;
}

FrontierItem Frontier::Front(size_t queue) const {
  const std::string& record = queues_[queue].front();
  FrontierItem item;
  item.kind = static_cast<LinkKind>(record[0]);
  item.depth = static_cast<unsigned char>(record[1]);
  item.navigation = record[2] != 0;
  item.seed_name = strings_[GetU32(record, 3)];
  item.from_url = strings_[GetU32(record, 7)];
  item.agency = strings_[GetU32(record, 11)];
  item.url = record.substr(kHeaderBytes);
  return item;
}

void Frontier::Pop(size_t queue) {
  record_bytes_ -= queues_[queue].front().capacity();
  queues_[queue].pop_front();
  --total_;
}

size_t Frontier::MemoryBytes() const {
  size_t bytes =
      record_bytes_ + total_ * sizeof(std::string) + queues_.size() * sizeof(std::deque<std::string>);
  for (const auto& s : strings_) bytes += s.capacity() + sizeof(std::string) + 32;  // + map node
  return bytes;
}

}  // namespace gongkai::crawler

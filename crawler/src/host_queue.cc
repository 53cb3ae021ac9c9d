// The queue of one host (see host_queue.h).
#include "host_queue.h"

namespace gongkai::crawler {

Task HostQueue::Peek() {
  if (!hops_.empty()) {
    peeked_ = Source::kHop;
    return hops_.front();
  }
  bool fresh = !frontier_->Empty(queue_id_);
  if (!retries_.empty() && (retry_turn_ || !fresh)) {
    peeked_ = Source::kRetry;
    return retries_.front();
  }
  peeked_ = Source::kFrontier;
  Task task;
  task.item = frontier_->Front(queue_id_);
  task.url = task.item.url;
  return task;
}

void HostQueue::Pop() {
  switch (peeked_) {
    case Source::kHop:
      hops_.pop_front();
      break;
    case Source::kRetry:
      retries_.pop_front();
      retry_turn_ = false;
      break;
    case Source::kFrontier:
      frontier_->Pop(queue_id_);
      retry_turn_ = true;
      break;
    case Source::kNone:
      break;
  }
  peeked_ = Source::kNone;
}

}  // namespace gongkai::crawler

// Report processing on worker threads (see extract_pool.h).
#include "extract_pool.h"

#include "extract/charset.h"

namespace gongkai::crawler {

ReportJobResult ProcessReport(const ReportJob& job, const extract::Options& options) {
  ReportJobResult out;
  out.id = job.id;
  auto decoded = extract::DecodeToUtf8(job.body, job.content_type);
  out.charset_declared = decoded.charset_declared;
  out.charset_used = decoded.charset_used;
  out.analysis = AnalyzePage(decoded.utf8, job.url, *job.rules);
  const PageClass kind = out.analysis.kind;
  // A report candidate whose structure is a listing (with certainty) or an entry is walked as one.
  bool walk =
      job.listing || kind == PageClass::kEntry || (kind == PageClass::kListing && !out.analysis.uncertain);
  if (walk) {
    out.walked_as_listing = true;
    out.attachments = LinksOf(out.analysis);
    return out;
  }
  out.attachments = DiscoverAttachments(decoded.utf8, job.url, *job.rules);
  extract::ExtractInput input{job.body, job.url, job.content_type, decoded.charset_used};
  out.extraction.emplace();
  if (!extract::Extract(input, options, &*out.extraction, &out.extract_error)) out.extraction.reset();
  return out;
}

ExtractPool::ExtractPool(const extract::Options& options, int threads, std::function<void()> wake)
    : options_(options), wake_(std::move(wake)) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

ExtractPool::~ExtractPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  ready_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void ExtractPool::Submit(ReportJob job) {
  if (threads_.empty()) {  // no workers: the job runs here, its result is ready at once
    ReportJobResult result = ProcessReport(job, options_);
    result.body = std::move(job.body);
    std::lock_guard<std::mutex> lock(mutex_);
    done_.push_back(std::move(result));
    ++outstanding_;
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(job));
    ++outstanding_;
  }
  ready_.notify_one();
}

std::vector<ReportJobResult> ExtractPool::TakeDone() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<ReportJobResult> out = std::move(done_);
  done_.clear();
  outstanding_ -= out.size();
  return out;
}

size_t ExtractPool::Outstanding() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return outstanding_;
}

void ExtractPool::Work() {
  while (true) {
    ReportJob job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    ReportJobResult result = ProcessReport(job, options_);
    result.body = std::move(job.body);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_.push_back(std::move(result));
    }
    wake_();
  }
}

}  // namespace gongkai::crawler

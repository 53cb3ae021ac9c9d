// Report processing on worker threads (see extract_pool.h).
#include "extract_pool.h"

#include <exception>
#include <system_error>

#include "extract/html_page.h"

namespace gongkai::crawler {
namespace {

// ProcessReport() without its catch-all.
ReportJobResult ProcessReportOrThrow(const ReportJob& job, const extract::Extractor* extractor,
                                     const std::string& extractor_error) {
  ReportJobResult out;
  out.id = job.id;
  // One decode and one parse, read by structure analysis, attachment discovery and extraction.
  const std::size_t max_input_bytes =
      extractor != nullptr ? extractor->options().max_input_bytes : extract::Options{}.max_input_bytes;
  const extract::HtmlPage page = extract::HtmlPage::Decode(job.body, job.content_type, max_input_bytes);
  out.charset_declared = page.decoded().charset_declared;
  out.charset_used = page.decoded().charset_used;
  out.analysis = AnalyzePage(page, job.url, *job.rules);
  const PageClass kind = out.analysis.kind;
  // A report candidate whose structure is a listing (with certainty) or an entry is walked as one.
  bool walk =
      job.listing || kind == PageClass::kEntry || (kind == PageClass::kListing && !out.analysis.uncertain);
  if (walk) {
    out.walked_as_listing = true;
    out.attachments = LinksOf(out.analysis);
    return out;
  }
  out.attachments = DiscoverAttachments(page, job.url, *job.rules);
  if (extractor == nullptr) {
    out.extract_error = extractor_error;
    return out;
  }
  extract::ExtractInput input{job.body, job.url, job.content_type, ""};
  out.extraction.emplace();
  if (Status status = extractor->Extract(input, &*out.extraction, &page); !status.ok()) {
    out.extract_error = status.message();
    out.extraction.reset();
  }
  return out;
}

}  // namespace

ReportJobResult ProcessReport(const ReportJob& job, const extract::Extractor* extractor,
                              const std::string& extractor_error) {
  // On a worker thread an exception would end the process: a page whose decoding or analysis throws
  // (std::bad_alloc, say) is recorded unextracted, with the reason.
  try {
    return ProcessReportOrThrow(job, extractor, extractor_error);
  } catch (const std::exception& e) {
    ReportJobResult out;
    out.id = job.id;
    out.extract_error = job.url + ": " + e.what();
    return out;
  }
}

ExtractPool::ExtractPool(const extract::Options& options, int threads, std::size_t inline_max_bytes,
                         std::function<void()> wake)
    : inline_max_bytes_(inline_max_bytes), wake_(std::move(wake)) {
  std::unique_ptr<extract::Extractor> extractor;
  if (Status status = extract::Extractor::Create(options, &extractor); status.ok()) {
    extractor_ = std::move(extractor);
  } else {
    extractor_error_ = status.WithPrefix("extra_boilerplate_patterns").message();
  }
  try {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
  } catch (const std::system_error&) {
    // The OS refused a thread: the pool works with those it got (none: jobs run on Submit()'s
    // thread, as with threads = 0). Slower, never wrong, and no exception leaves the library.
  }
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
  if (threads_.empty() || job.body.size() <= inline_max_bytes_) {  // runs here, ready at once
    ReportJobResult result = ProcessReport(job, extractor_.get(), extractor_error_);
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

void ExtractPool::Recycle(ReportJobResult used) {
  if (!used.made_by_worker) return;  // made on this thread: destroyed here, at once
  std::lock_guard<std::mutex> lock(mutex_);
  used_.push_back(std::move(used));
}

size_t ExtractPool::Outstanding() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return outstanding_;
}

void ExtractPool::Work() {
  while (true) {
    ReportJob job;
    std::vector<ReportJobResult> used;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      used.swap(used_);
    }
    used.clear();  // outside the lock
    ReportJobResult result = ProcessReport(job, extractor_.get(), extractor_error_);
    result.body = std::move(job.body);
    result.made_by_worker = true;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_.push_back(std::move(result));
    }
    wake_();
  }
}

}  // namespace gongkai::crawler

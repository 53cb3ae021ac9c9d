// The words of the crawler's outcomes (see outcome.h).
#include "crawler/outcome.h"

namespace gongkai::crawler {

const char* ToString(StopReason reason) {
  switch (reason) {
    case StopReason::kDone:
      return "done";
    case StopReason::kMaxPages:
      return "max_pages";
    case StopReason::kMaxDuration:
      return "max_duration";
    case StopReason::kSignal:
      return "signal";
    case StopReason::kStoreError:
      return "store_error";
  }
  return "done";
}

const char* ToString(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNone:
      return "";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kDns:
      return "dns";
    case ErrorKind::kConnect:
      return "connect";
    case ErrorKind::kTls:
      return "tls";
    case ErrorKind::kReset:
      return "reset";
    case ErrorKind::kOther:
      return "other";
    case ErrorKind::kHttp:
      return "http";
    case ErrorKind::kRobotsDisallowed:
      return "robots_disallowed";
    case ErrorKind::kChallenge:
      return "challenge";
    case ErrorKind::kRedirectLoop:
      return "redirect_loop";
    case ErrorKind::kTooManyRedirects:
      return "too_many_redirects";
    case ErrorKind::kRedirectOutOfScope:
      return "redirect_out_of_scope";
  }
  return "other";
}

std::optional<ErrorKind> ErrorKindFromString(std::string_view text) {
  constexpr ErrorKind kAll[] = {ErrorKind::kNone,
                                ErrorKind::kTimeout,
                                ErrorKind::kDns,
                                ErrorKind::kConnect,
                                ErrorKind::kTls,
                                ErrorKind::kReset,
                                ErrorKind::kOther,
                                ErrorKind::kHttp,
                                ErrorKind::kRobotsDisallowed,
                                ErrorKind::kChallenge,
                                ErrorKind::kRedirectLoop,
                                ErrorKind::kTooManyRedirects,
                                ErrorKind::kRedirectOutOfScope};
  for (ErrorKind kind : kAll) {
    if (text == ToString(kind)) return kind;
  }
  return std::nullopt;
}

}  // namespace gongkai::crawler

#pragma once

#include <QString>

namespace paybench::contract {

// What went wrong before the contract could be judged, from the outside in.
enum class FailureClass {
    None,
    BadUrl,            // not an absolute http(s) URL, or a built-in adapter name
    DnsFailure,        // the host name does not resolve
    ConnectionRefused, // nothing listens on the port
    TlsFailure,        // certificate or handshake
    Timeout,           // no complete answer within the call's limit
    Cancelled,         // stopped by the user
    NetworkError,      // another failure below HTTP
    Redirect,          // a 3xx answer (reported, not followed)
    HttpErrorStatus,   // 4xx/5xx where success was expected, or 5xx anyway
    EmptyBody,         // 2xx with no body
    NonJsonBody,       // a body that is not JSON
    WrongContentType,  // JSON, but not labelled application/json (a warning)
};

QString failureClassName(FailureClass failure);  // "dns-failure", ...
QString failureClassTitle(FailureClass failure); // "DNS failure"
// The usual causes and what to do, in plain words, for people new to HTTP.
QString failureClassExplanation(FailureClass failure);

} // namespace paybench::contract

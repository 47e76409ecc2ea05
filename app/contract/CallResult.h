#pragma once

#include "CallRequest.h"
#include "CallResponse.h"
#include "Finding.h"
#include "OrderedJson.h"

#include <optional>

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

// A call's complete outcome: the request, the answer, and both verdicts.
struct CallResult {
    PreparedCall call;
    CallResponse response;
    FailureClass failure = FailureClass::None;
    QString failureDetails; // the specifics: "HTTP 404 Not Found", "first bytes: <html>..."
    std::optional<json::OrderedValue> answer; // the parsed body, when it is JSON
    QString parseError;
    Verdict contract;        // against the documented contract
    Verdict openfront;       // what Openfront's code would do with this answer
    CallVariables variables; // those in force before the call plus those this answer produced

    // The contract verdict decides; the Openfront verdict is advice on top of it.
    [[nodiscard]] bool hasFailure() const { return contract.hasFailure(); }
    [[nodiscard]] bool isTransportFailure() const;
};

// Classifies the exchange, then judges the answer against the contract of the function.
CallResult evaluateCall(const PreparedCall &call, const CallResponse &response);

// A result as JSON (request masked, answer, timings, verdicts), the document the CLI prints
// and the history stores. Credentials never appear in it.
json::OrderedValue callReport(const CallResult &result);
// The request alone, masked: method, url, headers, body.
json::OrderedValue maskedRequest(const PreparedCall &call);

} // namespace paybench::contract

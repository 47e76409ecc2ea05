#pragma once

#include "CallRequest.h"
#include "CallResponse.h"
#include "FailureClass.h"
#include "Finding.h"
#include "OrderedJson.h"

#include <optional>

namespace paybench::contract {

// One profile's verdict on a call.
struct ProfileVerdict {
    const RuntimeProfile *profile = nullptr;
    Verdict verdict;
};

// A call's complete outcome: the request, the answer, the documented verdict and the verdict of
// each Openfront version that judged it (the call's profile, then call.alsoJudgedBy).
struct CallResult {
    PreparedCall call;
    CallResponse response;
    FailureClass failure = FailureClass::None;
    QString failureDetails; // the specifics: "HTTP 404 Not Found", "first bytes: <html>..."
    std::optional<json::OrderedValue> answer; // the parsed body, when it is JSON
    QString parseError;
    Verdict contract;                // against the documented contract, always
    QVector<ProfileVerdict> runtime; // each Openfront version that judged the call
    CallVariables variables; // those in force before the call plus those this answer produced

    // The verdict of a profile: the contract for "documented"; nullptr when it did not judge.
    [[nodiscard]] const Verdict *verdictOf(const RuntimeProfile *profile) const;
    // The call's own profile decides; the others are shown beside it.
    [[nodiscard]] const Verdict &verdict() const;
    [[nodiscard]] bool hasFailure() const { return verdict().hasFailure(); }
    [[nodiscard]] bool isTransportFailure() const;
};

// Classifies the exchange, judges the answer against the contract of the function, then lets
// each Openfront profile of the call judge it.
CallResult evaluateCall(const PreparedCall &call, const CallResponse &response);

} // namespace paybench::contract

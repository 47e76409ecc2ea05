#pragma once

#include "CallRequest.h"

namespace paybench::contract {

// What a profile needs to shape one request: the target, the caller's wishes, and the values
// resolved from them, the variables of earlier calls and the defaults.
struct RequestParts {
    RequestParts(const CallTarget &target_, const CallSpec &spec_, const IdGenerator &ids_)
        : target(target_), spec(spec_), ids(ids_)
    {}

    const CallTarget &target;
    const CallSpec &spec;
    const IdGenerator &ids;
    qint64 amount = kDefaultAmount;
    QString currency;
    QString paymentId;
    QString cartId;
    // handle-webhook: the event, the exact bytes the gateway posted, its signature headers
    // (lower-cased names, as every Openfront version hands them on).
    json::OrderedValue event;
    QByteArray rawEvent;
    json::OrderedValue signatureHeaders;
};

namespace request {
json::OrderedValue str(const QString &value);
json::OrderedValue num(qint64 value);
json::OrderedValue credentialsObject(const CallTarget &target);
// Openfront's record ids are cuids; a stable id derived from the code stands in for one.
QString recordId(const CallTarget &target);
} // namespace request

} // namespace paybench::contract

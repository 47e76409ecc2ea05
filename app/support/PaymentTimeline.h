#pragma once

#include "CallHistory.h"
#include "CallResult.h"
#include "Finding.h"
#include "OrderedJson.h"

#include <QDateTime>
#include <QString>
#include <QVector>

#include <optional>

namespace paybench::support {

// One thing that happened to a payment: a call to one of its functions, or a webhook about it.
struct TimelineEvent {
    enum class Kind { Call, Webhook };
    QDateTime at;
    Kind kind = Kind::Call;
    QString source;   // "history #12", "now"
    QString function; // slug of the function called
    int httpStatus = 0;
    bool succeeded = false;       // 2xx, and the answer does not say success: false
    QString status;               // the payment status this event says or implies; empty when none
    std::optional<qint64> amount; // captured / refunded / reported amount (minor units)
    // Webhooks only.
    QString eventType;
    QString eventId;
    bool openfrontLink = false; // resource.metadata.paymentId/orderId/cartId or custom_id present
    QString summary;
};

QString timelineKindName(TimelineEvent::Kind kind); // "call", "webhook"

// From a stored call (its report JSON); nullopt when the entry is not about a payment function.
std::optional<TimelineEvent> timelineEventFromHistory(const client::HistoryEntry &entry);
// From a call made just now.
TimelineEvent timelineEventFromResult(const contract::CallResult &result, const QString &source);

// What does not add up on a payment's timeline (sorted by time): captured twice, refunded more
// than captured, status going backwards, a webhook type Openfront does not act on, a webhook
// Openfront cannot link to the payment. `events` are indexes into the timeline.
struct Contradiction {
    contract::Severity severity = contract::Severity::Warning;
    QString code; // "captured-twice", "over-refunded", "status-backwards", "webhook-ignored",
                  // "webhook-unlinked"
    QString message;
    QString advice;
    QVector<int> events;
};

QVector<Contradiction> findContradictions(const QVector<TimelineEvent> &timeline);

json::OrderedValue timelineJson(const QVector<TimelineEvent> &timeline);
json::OrderedValue contradictionsJson(const QVector<Contradiction> &contradictions);

} // namespace paybench::support

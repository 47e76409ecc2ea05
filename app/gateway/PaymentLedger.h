#pragma once

#include "ShardedHash.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <optional>

namespace paybench::gateway {

// The statuses get-payment-status reports. Refunds do not change the status: a refunded
// payment stays `captured` with a refunded amount, as card gateways report it.
enum class PaymentStatus { Pending, Authorized, Captured, Failed, Cancelled };

QString statusName(PaymentStatus status); // "pending", ...
std::optional<PaymentStatus> statusFromName(const QString &name);

// One line of a payment's history.
struct StateChange {
    QDateTime at;
    QString action; // "create", "authorize", "decline", "capture", "refund", "cancel"
    PaymentStatus status = PaymentStatus::Pending;
    qint64 amount = 0; // the amount of that action, minor units
    QString reference; // capture or refund id
    QString note;
};

struct Payment {
    QString id;
    QString cartId;
    qint64 amount = 0; // authorized (requested) amount, minor units
    QString currency;  // ISO 4217, upper case
    PaymentStatus status = PaymentStatus::Pending;
    qint64 capturedAmount = 0;
    qint64 refundedAmount = 0;
    QString clientSecret;
    QDateTime createdAt;
    QDateTime updatedAt;
    QVector<StateChange> history;
};

// What an operation did: an HTTP status, the rule that was broken (or empty), the webhook
// event type to raise (or empty), and the id of the capture or refund it made. `repeated`: a
// capture that repeated the one already made (same amount), answered without a second charge.
struct LedgerOutcome {
    int httpStatus = 200;
    QString error;
    QString eventType;
    QString reference;
    qint64 amount = 0;
    bool repeated = false;
    [[nodiscard]] bool ok() const { return httpStatus == 200; }
};

// The id of the payment's capture; empty before a capture.
QString captureIdOf(const Payment &payment);

// Amounts that ask for an outcome, in the spirit of card-network test numbers. The last two
// digits of the amount in minor units decide (see TEST-AMOUNTS.md).
enum class TestOutcome { Approve, Decline, StayPending, PendingThenAuthorize, DeclineCapture };
TestOutcome testOutcomeFor(qint64 amount);

// The payments a gateway holds and the rules of their lifecycle. An operation that breaks a rule
// returns its error and changes nothing. Times are kept as UTC instants.
class PaymentLedger final
{
public:
    using Clock = std::function<QDateTime()>;
    static constexpr qint64 kMaxAmount = 99'999'999'999; // minor units

    explicit PaymentLedger(Clock clock = {});

    LedgerOutcome create(qint64 amount, const QString &currency, const QString &cartId,
                         QString *paymentId);
    // A payment is captured once. Capturing the captured amount again answers the first capture
    // (Openfront 55912a7 captures again when the success webhook arrives); any other amount is
    // refused.
    LedgerOutcome capture(const QString &paymentId, qint64 amount);
    LedgerOutcome refund(const QString &paymentId, qint64 amount, const QString &reason);
    LedgerOutcome cancel(const QString &paymentId);
    // A status check settles a payment that was pending for an asynchronous authorization.
    LedgerOutcome checkStatus(const QString &paymentId);

    // A copy: the ledger keeps payments packed (see m_payments).
    [[nodiscard]] std::optional<Payment> find(const QString &paymentId) const;
    [[nodiscard]] bool contains(const QString &paymentId) const;
    [[nodiscard]] QVector<Payment> payments() const; // in creation order
    // The newest `limit` payments, in creation order: a view that does not copy them all.
    [[nodiscard]] QVector<Payment> newestPayments(int limit) const;
    [[nodiscard]] qsizetype size() const { return m_payments.size(); }
    void clear();
    // The ledger as a cache of a bigger store: adopt() adds a payment read from the store
    // (nothing when it is already there), trimTo() forgets the oldest held ones.
    void adopt(Payment payment);
    void forget(const QString &paymentId);
    void trimTo(qsizetype count);

    [[nodiscard]] QJsonArray toJson() const;
    // Replaces the content; false and an error when the data is not a valid ledger.
    bool loadJson(const QJsonArray &payments, QString *error);
    // One payment as toJson() writes it, and back (nullopt and an error when invalid).
    static QJsonObject paymentToJson(const Payment &payment);
    static std::optional<Payment> paymentFromJson(const QJsonObject &object, QString *error);

private:
    // Inserts or replaces the payment.
    void store(const Payment &payment);
    void record(Payment &payment, const QString &action, qint64 amount,
                const QString &reference = {}, const QString &note = {});

    Clock m_clock;
    // Payments packed into one byte string each, under their packed id (PaymentLedger.cpp):
    // without a state file every payment ever made is held, and a Payment with its strings,
    // dates and history list costs several times more. Sharded, so that growing never rehashes
    // them all at once.
    ShardedHash<QByteArray, QByteArray> m_payments;
    QList<QByteArray> m_order; // packed ids, in creation order
    // The payment stored or found last, unpacked: a request reads its payment several times.
    mutable std::optional<Payment> m_recent;
};

} // namespace paybench::gateway

#include "PaymentLedger.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>
#include <utility>

namespace paybench::gateway {
namespace {

QString notFound(const QString &paymentId)
{
    return QStringLiteral("unknown payment '%1'").arg(paymentId.left(100));
}

LedgerOutcome rule(QString error)
{
    return {400, std::move(error), {}, {}, 0};
}

QJsonObject changeToJson(const StateChange &change)
{
    return {{QStringLiteral("at"), change.at.toString(Qt::ISODateWithMs)},
            {QStringLiteral("action"), change.action},
            {QStringLiteral("status"), statusName(change.status)},
            {QStringLiteral("amount"), change.amount},
            {QStringLiteral("reference"), change.reference},
            {QStringLiteral("note"), change.note}};
}

QDateTime timeFrom(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

// A whole, positive number stored in JSON, or -1.
qint64 amountFrom(const QJsonValue &value)
{
    const double d = value.toDouble(-1);
    if (d < 0 || d > double(PaymentLedger::kMaxAmount) || qint64(d) != d)
        return -1;
    return qint64(d);
}

} // namespace

QString statusName(PaymentStatus status)
{
    switch (status) {
    case PaymentStatus::Pending:
        return QStringLiteral("pending");
    case PaymentStatus::Authorized:
        return QStringLiteral("authorized");
    case PaymentStatus::Captured:
        return QStringLiteral("captured");
    case PaymentStatus::Failed:
        return QStringLiteral("failed");
    case PaymentStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

std::optional<PaymentStatus> statusFromName(const QString &name)
{
    for (const PaymentStatus status :
         {PaymentStatus::Pending, PaymentStatus::Authorized, PaymentStatus::Captured,
          PaymentStatus::Failed, PaymentStatus::Cancelled}) {
        if (statusName(status) == name)
            return status;
    }
    return std::nullopt;
}

QString captureIdOf(const Payment &payment)
{
    for (auto it = payment.history.crbegin(); it != payment.history.crend(); ++it) {
        if (it->action == QLatin1String("capture"))
            return it->reference;
    }
    return {};
}

TestOutcome testOutcomeFor(qint64 amount)
{
    switch (amount % 100) {
    case 2:
        return TestOutcome::Decline;
    case 5:
        return TestOutcome::StayPending;
    case 6:
        return TestOutcome::PendingThenAuthorize;
    case 9:
        return TestOutcome::DeclineCapture;
    default:
        return TestOutcome::Approve;
    }
}

PaymentLedger::PaymentLedger(Clock clock) : m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentDateTimeUtc(); };
}

QString PaymentLedger::newId(const char *prefix)
{
    quint32 words[3];
    QRandomGenerator::global()->fillRange(words);
    return QLatin1String(prefix) +
           QString::fromLatin1(
               QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex());
}

Payment *PaymentLedger::findMutable(const QString &paymentId)
{
    const auto it = m_payments.find(paymentId);
    return it == m_payments.end() ? nullptr : &it.value();
}

const Payment *PaymentLedger::find(const QString &paymentId) const
{
    const auto it = m_payments.constFind(paymentId);
    return it == m_payments.cend() ? nullptr : &it.value();
}

void PaymentLedger::record(Payment &payment, const QString &action, qint64 amount,
                           const QString &reference, const QString &note)
{
    payment.updatedAt = m_clock();
    payment.history.append({payment.updatedAt, action, payment.status, amount, reference, note});
}

LedgerOutcome PaymentLedger::create(qint64 amount, const QString &currency, const QString &cartId,
                                    QString *paymentId)
{
    Payment payment;
    payment.id = newId("pay_");
    payment.cartId = cartId;
    payment.amount = amount;
    payment.currency = currency;
    payment.clientSecret = payment.id + QStringLiteral("_secret_") + newId("").left(16);
    payment.createdAt = m_clock();
    *paymentId = payment.id;

    LedgerOutcome outcome;
    outcome.amount = amount;
    record(payment, QStringLiteral("create"), amount);
    switch (testOutcomeFor(amount)) {
    case TestOutcome::Decline:
        payment.status = PaymentStatus::Failed;
        record(payment, QStringLiteral("decline"), amount, {},
               QStringLiteral("card declined (test amount ending in 02)"));
        outcome.httpStatus = 402;
        outcome.error = QStringLiteral("card declined (test amount ending in 02)");
        outcome.eventType = QStringLiteral("payment.failed");
        break;
    case TestOutcome::StayPending:
    case TestOutcome::PendingThenAuthorize:
        break;
    case TestOutcome::Approve:
    case TestOutcome::DeclineCapture:
        payment.status = PaymentStatus::Authorized;
        record(payment, QStringLiteral("authorize"), amount);
        outcome.eventType = QStringLiteral("payment.authorized");
        break;
    }
    m_order.append(payment.id);
    m_payments.emplace(payment.id, std::move(payment)); // emplace copies the key, then moves
    return outcome;
}

LedgerOutcome PaymentLedger::capture(const QString &paymentId, qint64 amount)
{
    Payment *payment = findMutable(paymentId);
    if (!payment)
        return {404, notFound(paymentId), {}, {}, 0};
    if (payment->status == PaymentStatus::Captured) {
        if (amount == payment->capturedAmount)
            return {200, {}, {}, captureIdOf(*payment), amount, true};
        return rule(QStringLiteral("payment %1 is already captured (%2): a payment is captured "
                                   "once; only a repeat of the captured amount is answered again")
                        .arg(paymentId)
                        .arg(payment->capturedAmount));
    }
    if (payment->status != PaymentStatus::Authorized)
        return rule(QStringLiteral("only an authorized payment can be captured; %1 is %2")
                        .arg(paymentId, statusName(payment->status)));
    if (amount > payment->amount)
        return rule(QStringLiteral("capture amount %1 exceeds the authorized amount %2")
                        .arg(amount)
                        .arg(payment->amount));
    if (testOutcomeFor(payment->amount) == TestOutcome::DeclineCapture) {
        payment->status = PaymentStatus::Failed;
        record(*payment, QStringLiteral("decline"), amount, {},
               QStringLiteral("capture declined (test amount ending in 09)"));
        return {402,
                QStringLiteral("capture declined (test amount ending in 09)"),
                QStringLiteral("payment.failed"),
                {},
                amount};
    }
    const QString captureId = newId("cap_");
    payment->status = PaymentStatus::Captured;
    payment->capturedAmount = amount;
    record(*payment, QStringLiteral("capture"), amount, captureId,
           amount < payment->amount ? QStringLiteral("partial capture") : QString());
    return {200, {}, QStringLiteral("payment.captured"), captureId, amount};
}

LedgerOutcome PaymentLedger::refund(const QString &paymentId, qint64 amount, const QString &reason)
{
    Payment *payment = findMutable(paymentId);
    if (!payment)
        return {404, notFound(paymentId), {}, {}, 0};
    if (payment->status != PaymentStatus::Captured)
        return rule(QStringLiteral("only captured money can be refunded; %1 is %2")
                        .arg(paymentId, statusName(payment->status)));
    const qint64 refundable = payment->capturedAmount - payment->refundedAmount;
    if (amount > refundable)
        return rule(QStringLiteral("refund amount %1 exceeds the refundable amount %2 (captured "
                                   "%3, already refunded %4)")
                        .arg(amount)
                        .arg(refundable)
                        .arg(payment->capturedAmount)
                        .arg(payment->refundedAmount));
    const QString refundId = newId("re_");
    payment->refundedAmount += amount;
    record(*payment, QStringLiteral("refund"), amount, refundId, reason);
    return {200, {}, QStringLiteral("payment.refunded"), refundId, amount};
}

LedgerOutcome PaymentLedger::cancel(const QString &paymentId)
{
    Payment *payment = findMutable(paymentId);
    if (!payment)
        return {404, notFound(paymentId), {}, {}, 0};
    if (payment->status != PaymentStatus::Authorized && payment->status != PaymentStatus::Pending)
        return rule(
            QStringLiteral("only a pending or authorized payment can be cancelled; %1 is %2")
                .arg(paymentId, statusName(payment->status)));
    payment->status = PaymentStatus::Cancelled;
    record(*payment, QStringLiteral("cancel"), payment->amount);
    return {200, {}, QStringLiteral("payment.cancelled"), {}, payment->amount};
}

LedgerOutcome PaymentLedger::checkStatus(const QString &paymentId)
{
    Payment *payment = findMutable(paymentId);
    if (!payment)
        return {404, notFound(paymentId), {}, {}, 0};
    if (payment->status == PaymentStatus::Pending &&
        testOutcomeFor(payment->amount) == TestOutcome::PendingThenAuthorize) {
        payment->status = PaymentStatus::Authorized;
        record(*payment, QStringLiteral("authorize"), payment->amount, {},
               QStringLiteral("asynchronous authorization completed (test amount ending in 06)"));
        return {200, {}, QStringLiteral("payment.authorized"), {}, payment->amount};
    }
    return {};
}

QVector<Payment> PaymentLedger::payments() const
{
    QVector<Payment> list;
    list.reserve(m_order.size());
    for (const QString &id : m_order)
        list.append(m_payments.value(id));
    return list;
}

QVector<Payment> PaymentLedger::newestPayments(int limit) const
{
    QVector<Payment> list;
    const qsizetype first = std::max<qsizetype>(0, m_order.size() - std::max(0, limit));
    list.reserve(m_order.size() - first);
    for (qsizetype i = first; i < m_order.size(); ++i)
        list.append(m_payments.value(m_order[i]));
    return list;
}

void PaymentLedger::clear()
{
    m_payments.clear();
    m_order.clear();
}

void PaymentLedger::adopt(Payment payment)
{
    if (m_payments.contains(payment.id))
        return;
    m_order.append(payment.id);
    const QString id = payment.id;
    m_payments.emplace(id, std::move(payment));
}

void PaymentLedger::forget(const QString &paymentId)
{
    if (m_payments.remove(paymentId))
        m_order.removeOne(paymentId);
}

void PaymentLedger::trimTo(qsizetype count)
{
    while (m_order.size() > count)
        m_payments.remove(m_order.takeFirst()); // QList: taking the first is O(1)
}

QJsonArray PaymentLedger::toJson() const
{
    QJsonArray array;
    for (const QString &id : m_order)
        array.append(paymentToJson(m_payments[id]));
    return array;
}

QJsonObject PaymentLedger::paymentToJson(const Payment &p)
{
    QJsonArray history;
    for (const StateChange &change : p.history)
        history.append(changeToJson(change));
    return QJsonObject{{QStringLiteral("id"), p.id},
                       {QStringLiteral("cartId"), p.cartId},
                       {QStringLiteral("amount"), p.amount},
                       {QStringLiteral("currency"), p.currency},
                       {QStringLiteral("status"), statusName(p.status)},
                       {QStringLiteral("capturedAmount"), p.capturedAmount},
                       {QStringLiteral("refundedAmount"), p.refundedAmount},
                       {QStringLiteral("clientSecret"), p.clientSecret},
                       {QStringLiteral("createdAt"), p.createdAt.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("updatedAt"), p.updatedAt.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("history"), history}};
}

std::optional<Payment> PaymentLedger::paymentFromJson(const QJsonObject &o, QString *error)
{
    Payment p;
    p.id = o.value(QStringLiteral("id")).toString();
    p.cartId = o.value(QStringLiteral("cartId")).toString();
    p.amount = amountFrom(o.value(QStringLiteral("amount")));
    p.currency = o.value(QStringLiteral("currency")).toString();
    const auto status = statusFromName(o.value(QStringLiteral("status")).toString());
    p.capturedAmount = amountFrom(o.value(QStringLiteral("capturedAmount")));
    p.refundedAmount = amountFrom(o.value(QStringLiteral("refundedAmount")));
    p.clientSecret = o.value(QStringLiteral("clientSecret")).toString();
    p.createdAt = timeFrom(o.value(QStringLiteral("createdAt")));
    p.updatedAt = timeFrom(o.value(QStringLiteral("updatedAt")));
    if (p.id.isEmpty() || p.amount <= 0 || !status || p.capturedAmount < 0 ||
        p.refundedAmount < 0 || p.refundedAmount > p.capturedAmount ||
        p.capturedAmount > p.amount || !p.createdAt.isValid() || !p.updatedAt.isValid()) {
        *error = QStringLiteral("invalid (missing id, bad amounts, status or times)");
        return std::nullopt;
    }
    p.status = *status;
    const QJsonArray history = o.value(QStringLiteral("history")).toArray();
    for (const QJsonValue value : history) {
        const QJsonObject c = value.toObject();
        p.history.append({timeFrom(c.value(QStringLiteral("at"))),
                          c.value(QStringLiteral("action")).toString(),
                          statusFromName(c.value(QStringLiteral("status")).toString())
                              .value_or(PaymentStatus::Pending),
                          qMax<qint64>(0, amountFrom(c.value(QStringLiteral("amount")))),
                          c.value(QStringLiteral("reference")).toString(),
                          c.value(QStringLiteral("note")).toString()});
    }
    return p;
}

bool PaymentLedger::loadJson(const QJsonArray &payments, QString *error)
{
    QHash<QString, Payment> loaded;
    QStringList order;
    for (qsizetype i = 0; i < payments.size(); ++i) {
        QString problem;
        auto p = paymentFromJson(payments.at(i).toObject(), &problem);
        if (!p || loaded.contains(p->id)) {
            *error = QStringLiteral("payment #%1 is invalid (missing id, bad amounts, status or "
                                    "times)")
                         .arg(i + 1);
            return false;
        }
        order.append(p->id);
        const QString id = p->id;
        loaded.emplace(id, std::move(*p));
    }
    m_payments = std::move(loaded);
    m_order = std::move(order);
    return true;
}

} // namespace paybench::gateway

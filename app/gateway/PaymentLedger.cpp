#include "PaymentLedger.h"

#include "RandomId.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTimeZone>

#include <algorithm>
#include <cstring>
#include <iterator>
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

// The packed form of a payment: variable-length integers and length-prefixed strings in one
// byte string, about a tenth of a Payment's heap. Strings are Latin-1 when they can be (every id
// and currency the gateway makes), UTF-16 otherwise, so any QString comes back unchanged (lone
// surrogates included). Times are UTC milliseconds, history times relative to the creation.
quint64 zigzag(qint64 value)
{
    return (quint64(value) << 1) ^ quint64(value >> 63);
}

qint64 unzigzag(quint64 value)
{
    return qint64(value >> 1) ^ -qint64(value & 1);
}

QDateTime utcTime(qint64 msecs)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime::fromMSecsSinceEpoch(msecs, QTimeZone(QTimeZone::UTC));
#else
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
#endif
}

class Packer
{
public:
    void number(quint64 value)
    {
        char bytes[10];
        int length = 0;
        while (value >= 0x80) {
            bytes[length++] = char(value | 0x80);
            value >>= 7;
        }
        bytes[length++] = char(value);
        m_out.append(bytes, length);
    }
    void signedNumber(qint64 value) { number(zigzag(value)); }
    void text(const QString &text)
    {
        const bool latin1 =
            std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x100; });
        number((quint64(text.size()) << 1) | (latin1 ? 0 : 1));
        if (latin1) {
            const qsizetype at = m_out.size();
            m_out.resize(at + text.size());
            std::transform(text.cbegin(), text.cend(), m_out.data() + at,
                           [](QChar c) { return char(c.unicode()); });
        } else {
            m_out.append(reinterpret_cast<const char *>(text.constData()), text.size() * 2);
        }
    }
    // 0 for an invalid time, else the zigzag distance from `origin` plus one.
    void time(const QDateTime &time, qint64 origin)
    {
        number(time.isValid() ? zigzag(time.toMSecsSinceEpoch() - origin) + 1 : 0);
    }
    [[nodiscard]] QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

class Unpacker
{
public:
    explicit Unpacker(const QByteArray &bytes)
        : m_at(bytes.constData()), m_end(bytes.constData() + bytes.size())
    {}
    quint64 number()
    {
        quint64 value = 0;
        for (int shift = 0; m_at < m_end && shift < 64; shift += 7) {
            const auto byte = quint8(*m_at++);
            value |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                break;
        }
        return value;
    }
    qint64 signedNumber() { return unzigzag(number()); }
    QString text()
    {
        const quint64 header = number();
        const quint64 length = header >> 1;
        if (header & 1) {
            const auto units = qsizetype(qMin<quint64>(length, quint64(m_end - m_at) / 2));
            QString out(units, Qt::Uninitialized);
            std::memcpy(out.data(), m_at, size_t(units) * 2);
            m_at += units * 2;
            return out;
        }
        const auto bytes = qsizetype(qMin<quint64>(length, quint64(m_end - m_at)));
        QString out = QString::fromLatin1(m_at, bytes);
        m_at += bytes;
        return out;
    }
    QDateTime time(qint64 origin)
    {
        const quint64 value = number();
        return value == 0 ? QDateTime() : utcTime(origin + unzigzag(value - 1));
    }
    [[nodiscard]] bool atEnd() const { return m_at >= m_end; }

private:
    const char *m_at;
    const char *m_end;
};

// The actions the ledger writes, packed as their index; others as their text.
const char *const kActions[] = {"create", "authorize", "decline", "capture", "refund", "cancel"};
constexpr quint64 kOtherAction = std::size(kActions);

QByteArray packId(const QString &id)
{
    Packer packer;
    packer.text(id);
    return packer.take();
}

QByteArray pack(const Payment &p)
{
    Packer out;
    out.text(p.cartId);
    out.signedNumber(p.amount);
    out.text(p.currency);
    out.number(quint64(p.status));
    out.signedNumber(p.capturedAmount);
    out.signedNumber(p.refundedAmount);
    // The gateway's secrets start with the payment's id: kept once.
    const bool derived = p.clientSecret.startsWith(p.id) && !p.id.isEmpty();
    out.number(derived ? 1 : 0);
    out.text(derived ? p.clientSecret.mid(p.id.size()) : p.clientSecret);
    out.time(p.createdAt, 0);
    const qint64 origin = p.createdAt.isValid() ? p.createdAt.toMSecsSinceEpoch() : 0;
    out.time(p.updatedAt, origin);
    out.number(quint64(p.history.size()));
    for (const StateChange &change : p.history) {
        out.time(change.at, origin);
        const auto known =
            std::find_if(std::begin(kActions), std::end(kActions),
                         [&](const char *name) { return change.action == QLatin1String(name); });
        out.number(quint64(known - std::begin(kActions)));
        if (known == std::end(kActions))
            out.text(change.action);
        out.number(quint64(change.status));
        out.signedNumber(change.amount);
        out.text(change.reference);
        out.text(change.note);
    }
    return out.take();
}

Payment unpack(const QByteArray &packedId, const QByteArray &packed)
{
    Payment p;
    p.id = Unpacker(packedId).text();
    Unpacker in(packed);
    p.cartId = in.text();
    p.amount = in.signedNumber();
    p.currency = in.text();
    p.status = PaymentStatus(in.number());
    p.capturedAmount = in.signedNumber();
    p.refundedAmount = in.signedNumber();
    const bool derived = in.number() == 1;
    p.clientSecret = derived ? p.id + in.text() : in.text();
    p.createdAt = in.time(0);
    const qint64 origin = p.createdAt.isValid() ? p.createdAt.toMSecsSinceEpoch() : 0;
    p.updatedAt = in.time(origin);
    const quint64 changes = in.number();
    p.history.reserve(qsizetype(qMin<quint64>(changes, 64)));
    for (quint64 i = 0; i < changes && !in.atEnd(); ++i) {
        StateChange change;
        change.at = in.time(origin);
        const quint64 action = in.number();
        change.action = action < kOtherAction ? QLatin1String(kActions[action]) : in.text();
        change.status = PaymentStatus(in.number());
        change.amount = in.signedNumber();
        change.reference = in.text();
        change.note = in.text();
        p.history.append(std::move(change));
    }
    return p;
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

std::optional<Payment> PaymentLedger::find(const QString &paymentId) const
{
    if (m_recent && m_recent->id == paymentId)
        return m_recent;
    const QByteArray key = packId(paymentId);
    const QByteArray *packed = m_payments.find(key);
    if (!packed)
        return std::nullopt;
    m_recent = unpack(key, *packed);
    return m_recent;
}

bool PaymentLedger::contains(const QString &paymentId) const
{
    return m_payments.contains(packId(paymentId));
}

void PaymentLedger::store(const Payment &payment)
{
    m_recent = payment;
    const QByteArray key = packId(payment.id);
    const auto slot = m_payments.tryEmplace(key);
    slot.value = pack(payment);
    if (slot.added)
        m_order.append(key);
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
    payment.id = randomId(u"pay_");
    payment.cartId = cartId;
    payment.amount = amount;
    payment.currency = currency;
    payment.clientSecret = randomId(QString(payment.id + QLatin1String("_secret_")), 16);
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
    store(payment);
    return outcome;
}

LedgerOutcome PaymentLedger::capture(const QString &paymentId, qint64 amount)
{
    auto payment = find(paymentId);
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
        store(*payment);
        return {402,
                QStringLiteral("capture declined (test amount ending in 09)"),
                QStringLiteral("payment.failed"),
                {},
                amount};
    }
    const QString captureId = randomId(u"cap_");
    payment->status = PaymentStatus::Captured;
    payment->capturedAmount = amount;
    record(*payment, QStringLiteral("capture"), amount, captureId,
           amount < payment->amount ? QStringLiteral("partial capture") : QString());
    store(*payment);
    return {200, {}, QStringLiteral("payment.captured"), captureId, amount};
}

LedgerOutcome PaymentLedger::refund(const QString &paymentId, qint64 amount, const QString &reason)
{
    auto payment = find(paymentId);
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
    const QString refundId = randomId(u"re_");
    payment->refundedAmount += amount;
    record(*payment, QStringLiteral("refund"), amount, refundId, reason);
    store(*payment);
    return {200, {}, QStringLiteral("payment.refunded"), refundId, amount};
}

LedgerOutcome PaymentLedger::cancel(const QString &paymentId)
{
    auto payment = find(paymentId);
    if (!payment)
        return {404, notFound(paymentId), {}, {}, 0};
    if (payment->status != PaymentStatus::Authorized && payment->status != PaymentStatus::Pending)
        return rule(
            QStringLiteral("only a pending or authorized payment can be cancelled; %1 is %2")
                .arg(paymentId, statusName(payment->status)));
    payment->status = PaymentStatus::Cancelled;
    record(*payment, QStringLiteral("cancel"), payment->amount);
    store(*payment);
    return {200, {}, QStringLiteral("payment.cancelled"), {}, payment->amount};
}

LedgerOutcome PaymentLedger::checkStatus(const QString &paymentId)
{
    auto payment = find(paymentId);
    if (!payment)
        return {404, notFound(paymentId), {}, {}, 0};
    if (payment->status == PaymentStatus::Pending &&
        testOutcomeFor(payment->amount) == TestOutcome::PendingThenAuthorize) {
        payment->status = PaymentStatus::Authorized;
        record(*payment, QStringLiteral("authorize"), payment->amount, {},
               QStringLiteral("asynchronous authorization completed (test amount ending in 06)"));
        store(*payment);
        return {200, {}, QStringLiteral("payment.authorized"), {}, payment->amount};
    }
    return {};
}

QVector<Payment> PaymentLedger::payments() const
{
    QVector<Payment> list;
    list.reserve(m_order.size());
    for (const QByteArray &key : m_order)
        list.append(unpack(key, *m_payments.find(key)));
    return list;
}

QVector<Payment> PaymentLedger::newestPayments(int limit) const
{
    QVector<Payment> list;
    const qsizetype first = std::max<qsizetype>(0, m_order.size() - std::max(0, limit));
    list.reserve(m_order.size() - first);
    for (qsizetype i = first; i < m_order.size(); ++i)
        list.append(unpack(m_order[i], *m_payments.find(m_order[i])));
    return list;
}

void PaymentLedger::clear()
{
    m_recent.reset();
    m_payments.clear();
    m_order.clear();
}

void PaymentLedger::adopt(Payment payment)
{
    if (!contains(payment.id))
        store(payment);
}

void PaymentLedger::forget(const QString &paymentId)
{
    m_recent.reset();
    const QByteArray key = packId(paymentId);
    if (m_payments.remove(key))
        m_order.removeOne(key);
}

void PaymentLedger::trimTo(qsizetype count)
{
    if (m_order.size() > count)
        m_recent.reset();
    while (m_order.size() > count)
        m_payments.remove(m_order.takeFirst()); // QList: taking the first is O(1)
}

QJsonArray PaymentLedger::toJson() const
{
    QJsonArray array;
    for (const Payment &payment : payments())
        array.append(paymentToJson(payment));
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
    PaymentLedger loaded(m_clock);
    for (qsizetype i = 0; i < payments.size(); ++i) {
        QString problem;
        auto p = paymentFromJson(payments.at(i).toObject(), &problem);
        if (!p || loaded.contains(p->id)) {
            *error = QStringLiteral("payment #%1 is invalid (missing id, bad amounts, status or "
                                    "times)")
                         .arg(i + 1);
            return false;
        }
        loaded.store(*p);
    }
    m_recent.reset();
    m_payments = std::move(loaded.m_payments);
    m_order = std::move(loaded.m_order);
    return true;
}

} // namespace paybench::gateway

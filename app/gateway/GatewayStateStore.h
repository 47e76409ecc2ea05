#pragma once

#include "PaymentLedger.h"

#include <QByteArray>
#include <QDateTime>
#include <QPair>
#include <QString>
#include <QVariant>
#include <QVector>

#include <memory>
#include <optional>

class QSqlQuery;

namespace paybench::gateway {

// An event the gateway raised about a payment (sent as a webhook when a URL is set).
struct GatewayEvent {
    QString id;   // evt_...
    QString type; // payment.authorized|captured|failed|cancelled|refunded
    QString paymentId;
    QDateTime created;
    QByteArray body; // the exact bytes sent: {id, type, created, data: {payment: {...}}}
};

// How hard a commit waits for the disk. Full: fsync of the write-ahead log at every commit,
// nothing answered is lost even on power loss. Normal: the log is written (not synced) at each
// commit, so a killed process (kill -9) loses nothing, a power cut may lose the last commits.
enum class StateSync { Full, Normal };

// The demo gateway's durable state: one SQLite database (WAL) with a row per payment, the
// stored answer per idempotency key and the recent events. A commit is one transaction; the
// gateway answers only after it returned. Payments are read on demand, so opening a big state
// costs nothing and memory does not grow with it. The database stays locked while open: a
// second store (another `serve`) on the same file is refused.
class GatewayStateStore final
{
public:
    static constexpr int kSchemaVersion = 2;              // version 1 was one JSON document
    static constexpr quint32 kApplicationId = 0x50424753; // "PBGS" in the SQLite header

    struct IdempotentRecord {
        QByteArray fingerprint;
        int status = 0;
        QByteArray body;
    };

    // What one request changed, written in one transaction.
    struct Change {
        QVector<Payment> payments; // whole rows, inserted or replaced
        QVector<GatewayEvent> events;
        QVector<QPair<QString, IdempotentRecord>> idempotency; // slot, record
        [[nodiscard]] bool isEmpty() const
        {
            return payments.isEmpty() && events.isEmpty() && idempotency.isEmpty();
        }
    };

    explicit GatewayStateStore(QString fileName, StateSync sync = StateSync::Full);
    ~GatewayStateStore();
    Q_DISABLE_COPY_MOVE(GatewayStateStore)

    // Opens (or creates) the file. Refuses, touching nothing, a file that is not a Paybench
    // gateway state of this version (a JSON state of version 1, another program's database, a
    // damaged file) and a file another store holds.
    bool open(QString *error);
    [[nodiscard]] bool isOpen() const { return m_open; }
    // True when open() created the file (nothing was stored before).
    [[nodiscard]] bool isNew() const { return m_new; }
    [[nodiscard]] const QString &fileName() const { return m_fileName; }

    bool commit(const Change &change, QString *error);
    bool clear(QString *error); // every payment, event and idempotency record

    [[nodiscard]] std::optional<Payment> payment(const QString &paymentId) const;
    [[nodiscard]] QVector<Payment> payments() const; // in creation order; reads every row
    [[nodiscard]] qint64 paymentCount() const;
    // The newest `limit` payments, in creation order.
    [[nodiscard]] QVector<Payment> newestPayments(int limit) const;
    [[nodiscard]] std::optional<IdempotentRecord> idempotent(const QString &slot) const;
    // The newest `limit` events, oldest first.
    [[nodiscard]] QVector<GatewayEvent> recentEvents(int limit) const;
    [[nodiscard]] QVector<GatewayEvent> eventsFor(const QString &paymentId) const;
    [[nodiscard]] std::optional<GatewayEvent> event(const QString &eventId) const;
    // Older events are deleted from time to time, so the table stays near this size.
    void setEventLimit(int limit) { m_eventLimit = limit; }

    // The version 1 JSON document ({format, version, payments, events, idempotency}): export
    // writes the whole state as one; import adds one's content to an empty store.
    [[nodiscard]] QByteArray exportJson() const;
    bool importJson(const QByteArray &document, QString *error);
    // Whether these bytes look like a version 1 (JSON) gateway state document.
    static bool isJsonState(const QByteArray &head);

private:
    bool checkHeader(QString *error) const;
    bool prepare(QString *error);
    bool fail(const QString &what, const QString &reason, QString *error) const;
    [[nodiscard]] QVector<GatewayEvent> readEvents(const QString &where,
                                                   const QVariant &value) const;

    QString m_fileName;
    QString m_connection;
    StateSync m_sync;
    bool m_open = false;
    bool m_new = false;
    int m_eventLimit = 100'000;
    int m_commitsSinceTrim = 0;
    // Prepared once: a commit runs the same few statements many times.
    std::unique_ptr<QSqlQuery> m_putPayment;
    std::unique_ptr<QSqlQuery> m_putEvent;
    std::unique_ptr<QSqlQuery> m_putIdempotent;
    std::unique_ptr<QSqlQuery> m_getPayment;
    std::unique_ptr<QSqlQuery> m_getIdempotent;
};

} // namespace paybench::gateway

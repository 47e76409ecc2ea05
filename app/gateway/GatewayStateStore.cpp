#include "GatewayStateStore.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QtEndian>

#include <utility>

namespace paybench::gateway {
namespace {

const QString kJsonFormat = QStringLiteral("paybench-gateway-state");
constexpr char kSqliteMagic[] = "SQLite format 3"; // then a NUL: the first 16 bytes of a database

const char *const kSchema[] = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    // seq keeps the creation order; an update replaces doc and keeps seq.
    "CREATE TABLE payments (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc BLOB NOT NULL)",
    "CREATE TABLE idempotency (slot TEXT PRIMARY KEY, fingerprint BLOB NOT NULL, "
    "status INTEGER NOT NULL, body BLOB NOT NULL)",
    "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, "
    "payment_id TEXT NOT NULL, created TEXT NOT NULL, body BLOB NOT NULL)",
    // The dashboard shows a payment's events, a resend finds one by id.
    "CREATE INDEX events_payment ON events (payment_id)",
    "CREATE INDEX events_id ON events (id)",
};

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<Payment> paymentFrom(const QByteArray &doc)
{
    QString ignored;
    return PaymentLedger::paymentFromJson(QJsonDocument::fromJson(doc).object(), &ignored);
}

QString eventTime(const QDateTime &time)
{
    return time.toString(Qt::ISODateWithMs);
}

} // namespace

GatewayStateStore::GatewayStateStore(QString fileName, StateSync sync)
    : m_fileName(std::move(fileName)), m_connection(QStringLiteral("paybench-gateway-state-") +
                                                    QUuid::createUuid().toString(QUuid::Id128)),
      m_sync(sync)
{}

GatewayStateStore::~GatewayStateStore()
{
    // Queries first: a connection must not be removed while queries still use it.
    m_putPayment.reset();
    m_putEvent.reset();
    m_putIdempotent.reset();
    m_getPayment.reset();
    m_getIdempotent.reset();
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

bool GatewayStateStore::fail(const QString &what, const QString &reason, QString *error) const
{
    if (error)
        *error = QStringLiteral("state file %1: %2: %3").arg(m_fileName, what, reason);
    return false;
}

bool GatewayStateStore::isJsonState(const QByteArray &head)
{
    const QJsonDocument document = QJsonDocument::fromJson(head);
    return document.object().value(QStringLiteral("format")).toString() == kJsonFormat;
}

// Reads the file's first bytes itself, before SQLite touches it: a file that is not ours is
// refused without a single byte written (SQLite would switch even a foreign database to WAL).
bool GatewayStateStore::checkHeader(QString *error) const
{
    QFile file(m_fileName);
    if (!file.exists() || file.size() == 0)
        return true; // new: created by open()
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read it"), file.errorString(), error);
    const QByteArray head = file.read(100); // the SQLite header
    const QString untouched = QStringLiteral("; it was left untouched");
    if (!head.startsWith(QByteArray(kSqliteMagic, sizeof(kSqliteMagic)))) {
        // A version 1 state is one JSON document: say so, and how to bring it over.
        file.seek(0);
        if (file.size() < 512LL * 1024 * 1024 && isJsonState(file.readAll())) {
            if (error)
                *error = QStringLiteral(
                             "%1 is a version 1 (JSON) Paybench gateway state file; this version "
                             "keeps the state in SQLite. Import it into a new state file: "
                             "paybench-cli serve --state NEW.sqlite --import-state %1%2")
                             .arg(m_fileName, untouched);
            return false;
        }
        if (error)
            *error = QStringLiteral("%1 is not a Paybench gateway state file (version %2, "
                                    "SQLite)%3")
                         .arg(m_fileName)
                         .arg(kSchemaVersion)
                         .arg(untouched);
        return false;
    }
    if (head.size() < 72)
        return fail(QStringLiteral("damaged SQLite header"), QStringLiteral("too short"), error);
    const quint32 userVersion = qFromBigEndian<quint32>(head.constData() + 60);
    const quint32 applicationId = qFromBigEndian<quint32>(head.constData() + 68);
    if (applicationId != kApplicationId) {
        if (error)
            *error = QStringLiteral("%1 is an SQLite database of another program, not a Paybench "
                                    "gateway state file%2")
                         .arg(m_fileName, untouched);
        return false;
    }
    if (userVersion != quint32(kSchemaVersion)) {
        if (error)
            *error = QStringLiteral("%1 is a Paybench gateway state file of version %2; this "
                                    "Paybench reads version %3%4")
                         .arg(m_fileName)
                         .arg(userVersion)
                         .arg(kSchemaVersion)
                         .arg(untouched);
        return false;
    }
    return true;
}

bool GatewayStateStore::open(QString *error)
{
    if (m_open)
        return true;
    if (!checkHeader(error))
        return false;
    const QFileInfo info(m_fileName);
    m_new = !info.exists() || info.size() == 0;
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_fileName);
    // No waiting for a lock: another holder is another gateway, which keeps it while it runs.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=0"));
    if (!db.open())
        return fail(QStringLiteral("cannot open it"), db.lastError().text(), error);
    QSqlQuery query(db);
    // Exclusive locking: the lock is taken at the first access and kept until close, so a
    // second gateway cannot read or write it; with WAL it also needs no shared-memory file.
    query.exec(QStringLiteral("PRAGMA locking_mode=EXCLUSIVE"));
    if (!query.exec(QStringLiteral("BEGIN EXCLUSIVE"))) {
        const QString reason = query.lastError().text();
        db.close();
        if (reason.contains(QLatin1String("locked")) || reason.contains(QLatin1String("busy"))) {
            if (error)
                *error = QStringLiteral("state file %1 is in use by another Paybench gateway "
                                        "(another `serve` or window); stop it first or use "
                                        "another state file")
                             .arg(m_fileName);
            return false;
        }
        return fail(QStringLiteral("cannot lock it"), reason, error);
    }
    if (m_new) {
        bool ok = true;
        for (const char *statement : kSchema)
            ok = ok && query.exec(QString::fromLatin1(statement));
        ok = ok && query.exec(QStringLiteral("INSERT INTO meta VALUES ('format', '%1')")
                                  .arg(QStringLiteral("paybench-gateway-state-sqlite")));
        ok = ok && query.exec(QStringLiteral("PRAGMA application_id=%1").arg(kApplicationId));
        ok = ok && query.exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion));
        if (!ok || !query.exec(QStringLiteral("COMMIT"))) {
            const QString reason = query.lastError().text();
            query.exec(QStringLiteral("ROLLBACK"));
            db.close();
            return fail(QStringLiteral("cannot create it"), reason, error);
        }
    } else {
        // Our header, but are the tables there? A damaged file is refused, not repaired.
        query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type='table' AND "
                                  "name IN ('meta','payments','idempotency','events')"));
        const int tables = query.next() ? query.value(0).toInt() : -1;
        const QString reason = query.lastError().text();
        query.finish();
        query.exec(QStringLiteral("COMMIT"));
        if (tables != 4) {
            db.close();
            return fail(QStringLiteral("not a complete Paybench gateway state (version 2)"),
                        tables < 0 ? reason : QStringLiteral("tables are missing"), error);
        }
    }
    // WAL: a commit appends to the log, so a commit costs one write (and one fsync with FULL).
    query.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    query.exec(m_sync == StateSync::Full ? QStringLiteral("PRAGMA synchronous=FULL")
                                         : QStringLiteral("PRAGMA synchronous=NORMAL"));
    if (!prepare(error)) {
        db.close();
        return false;
    }
    m_open = true;
    return true;
}

bool GatewayStateStore::prepare(QString *error)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    auto make = [&](std::unique_ptr<QSqlQuery> &query, const char *sql) {
        query = std::make_unique<QSqlQuery>(db);
        if (!query->prepare(QString::fromLatin1(sql))) {
            fail(QStringLiteral("cannot prepare"), query->lastError().text(), error);
            return false;
        }
        return true;
    };
    return make(m_putPayment, "INSERT INTO payments (id, doc) VALUES (?, ?) "
                              "ON CONFLICT(id) DO UPDATE SET doc = excluded.doc") &&
           make(m_putEvent, "INSERT INTO events (id, type, payment_id, created, body) "
                            "VALUES (?, ?, ?, ?, ?)") &&
           make(m_putIdempotent, "INSERT OR REPLACE INTO idempotency (slot, fingerprint, status, "
                                 "body) VALUES (?, ?, ?, ?)") &&
           make(m_getPayment, "SELECT doc FROM payments WHERE id = ?") &&
           make(m_getIdempotent, "SELECT fingerprint, status, body FROM idempotency "
                                 "WHERE slot = ?");
}

bool GatewayStateStore::commit(const Change &change, QString *error)
{
    if (!m_open)
        return fail(QStringLiteral("cannot write"), QStringLiteral("it is not open"), error);
    if (change.isEmpty())
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return fail(QStringLiteral("cannot write"), db.lastError().text(), error);
    QString reason;
    auto run = [&reason](QSqlQuery &query) {
        if (query.exec())
            return true;
        reason = query.lastError().text();
        return false;
    };
    bool ok = true;
    for (const Payment &p : change.payments) {
        if (!ok)
            break;
        m_putPayment->bindValue(0, p.id);
        m_putPayment->bindValue(1, compact(PaymentLedger::paymentToJson(p)));
        ok = run(*m_putPayment);
    }
    for (const GatewayEvent &event : change.events) {
        if (!ok)
            break;
        m_putEvent->bindValue(0, event.id);
        m_putEvent->bindValue(1, event.type);
        m_putEvent->bindValue(2, event.paymentId);
        m_putEvent->bindValue(3, eventTime(event.created));
        m_putEvent->bindValue(4, event.body);
        ok = run(*m_putEvent);
    }
    for (const auto &[slot, record] : change.idempotency) {
        if (!ok)
            break;
        m_putIdempotent->bindValue(0, slot);
        m_putIdempotent->bindValue(1, record.fingerprint);
        m_putIdempotent->bindValue(2, record.status);
        m_putIdempotent->bindValue(3, record.body);
        ok = run(*m_putIdempotent);
    }
    // Events are a recent log, not the record: the oldest go now and then, in bulk.
    if (ok && !change.events.isEmpty() && ++m_commitsSinceTrim >= 1000) {
        m_commitsSinceTrim = 0;
        QSqlQuery trim(db);
        ok = trim.exec(QStringLiteral("DELETE FROM events WHERE seq <= (SELECT max(seq) FROM "
                                      "events) - %1")
                           .arg(m_eventLimit));
        if (!ok)
            reason = trim.lastError().text();
    }
    if (ok && !db.commit()) {
        ok = false;
        reason = db.lastError().text();
    }
    if (!ok) {
        db.rollback();
        return fail(QStringLiteral("cannot write"), reason, error);
    }
    return true;
}

bool GatewayStateStore::clear(QString *error)
{
    if (!m_open)
        return fail(QStringLiteral("cannot write"), QStringLiteral("it is not open"), error);
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery query(db);
    const bool ok = db.transaction() && query.exec(QStringLiteral("DELETE FROM payments")) &&
                    query.exec(QStringLiteral("DELETE FROM events")) &&
                    query.exec(QStringLiteral("DELETE FROM idempotency")) && db.commit();
    if (!ok) {
        const QString reason = query.lastError().text();
        db.rollback();
        return fail(QStringLiteral("cannot write"), reason, error);
    }
    return true;
}

std::optional<Payment> GatewayStateStore::payment(const QString &paymentId) const
{
    if (!m_open)
        return std::nullopt;
    m_getPayment->bindValue(0, paymentId);
    if (!m_getPayment->exec() || !m_getPayment->next())
        return std::nullopt;
    const QByteArray doc = m_getPayment->value(0).toByteArray();
    m_getPayment->finish();
    return paymentFrom(doc);
}

QVector<Payment> GatewayStateStore::payments() const
{
    QVector<Payment> list;
    if (!m_open)
        return list;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    query.exec(QStringLiteral("SELECT doc FROM payments ORDER BY seq"));
    while (query.next()) {
        if (auto p = paymentFrom(query.value(0).toByteArray()))
            list.append(std::move(*p));
    }
    return list;
}

QVector<Payment> GatewayStateStore::newestPayments(int limit) const
{
    QVector<Payment> list;
    if (!m_open)
        return list;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT doc FROM (SELECT seq, doc FROM payments ORDER BY seq DESC "
                                 "LIMIT ?) ORDER BY seq"));
    query.addBindValue(limit);
    query.exec();
    while (query.next()) {
        if (auto p = paymentFrom(query.value(0).toByteArray()))
            list.append(std::move(*p));
    }
    return list;
}

qint64 GatewayStateStore::paymentCount() const
{
    if (!m_open)
        return 0;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.exec(QStringLiteral("SELECT count(*) FROM payments"));
    return query.next() ? query.value(0).toLongLong() : 0;
}

std::optional<GatewayStateStore::IdempotentRecord>
GatewayStateStore::idempotent(const QString &slot) const
{
    if (!m_open)
        return std::nullopt;
    m_getIdempotent->bindValue(0, slot);
    if (!m_getIdempotent->exec() || !m_getIdempotent->next())
        return std::nullopt;
    IdempotentRecord record{m_getIdempotent->value(0).toByteArray(),
                            m_getIdempotent->value(1).toInt(),
                            m_getIdempotent->value(2).toByteArray()};
    m_getIdempotent->finish();
    return record;
}

QVector<GatewayEvent> GatewayStateStore::readEvents(const QString &where,
                                                    const QVariant &value) const
{
    QVector<GatewayEvent> events;
    if (!m_open)
        return events;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, type, payment_id, created, body FROM events WHERE ") +
                  where + QStringLiteral(" ORDER BY seq"));
    query.addBindValue(value);
    query.exec();
    while (query.next()) {
        events.append({query.value(0).toString(), query.value(1).toString(),
                       query.value(2).toString(),
                       QDateTime::fromString(query.value(3).toString(), Qt::ISODateWithMs),
                       query.value(4).toByteArray()});
    }
    return events;
}

QVector<GatewayEvent> GatewayStateStore::recentEvents(int limit) const
{
    return readEvents(QStringLiteral("seq > (SELECT coalesce(max(seq), 0) FROM events) - ?"),
                      limit);
}

QVector<GatewayEvent> GatewayStateStore::eventsFor(const QString &paymentId) const
{
    return readEvents(QStringLiteral("payment_id = ?"), paymentId);
}

std::optional<GatewayEvent> GatewayStateStore::event(const QString &eventId) const
{
    const QVector<GatewayEvent> found = readEvents(QStringLiteral("id = ?"), eventId);
    if (found.isEmpty())
        return std::nullopt;
    return found.constLast();
}

QByteArray GatewayStateStore::exportJson() const
{
    QJsonArray payments;
    for (const Payment &p : this->payments())
        payments.append(PaymentLedger::paymentToJson(p));
    QJsonArray events;
    for (const GatewayEvent &event : recentEvents(m_eventLimit)) {
        events.append(QJsonObject{{QStringLiteral("id"), event.id},
                                  {QStringLiteral("type"), event.type},
                                  {QStringLiteral("paymentId"), event.paymentId},
                                  {QStringLiteral("created"), eventTime(event.created)},
                                  {QStringLiteral("body"), QString::fromUtf8(event.body)}});
    }
    QJsonArray idempotency;
    if (m_open) {
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        query.setForwardOnly(true);
        query.exec(QStringLiteral("SELECT slot, fingerprint, status, body FROM idempotency"));
        while (query.next()) {
            idempotency.append(QJsonObject{
                {QStringLiteral("slot"), query.value(0).toString()},
                {QStringLiteral("fingerprint"),
                 QString::fromLatin1(query.value(1).toByteArray().toHex())},
                {QStringLiteral("status"), query.value(2).toInt()},
                {QStringLiteral("body"), QString::fromUtf8(query.value(3).toByteArray())}});
        }
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("format"), kJsonFormat},
                                     {QStringLiteral("version"), 1},
                                     {QStringLiteral("payments"), payments},
                                     {QStringLiteral("events"), events},
                                     {QStringLiteral("idempotency"), idempotency}})
        .toJson(QJsonDocument::Compact);
}

bool GatewayStateStore::importJson(const QByteArray &document, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument parsed = QJsonDocument::fromJson(document, &parseError);
    const QJsonObject root = parsed.object();
    if (parsed.isNull() || root.value(QStringLiteral("format")).toString() != kJsonFormat ||
        root.value(QStringLiteral("version")).toInt() != 1 ||
        !root.value(QStringLiteral("payments")).isArray()) {
        if (error)
            *error = QStringLiteral("not a Paybench gateway state document (version 1)%1")
                         .arg(parsed.isNull() ? QStringLiteral(": ") + parseError.errorString()
                                              : QString());
        return false;
    }
    if (paymentCount() != 0) {
        if (error)
            *error = QStringLiteral("state file %1 already holds payments: import into a new "
                                    "state file")
                         .arg(m_fileName);
        return false;
    }
    PaymentLedger ledger;
    QString problem;
    if (!ledger.loadJson(root.value(QStringLiteral("payments")).toArray(), &problem)) {
        if (error)
            *error = problem;
        return false;
    }
    Change change;
    change.payments = ledger.payments();
    const QJsonArray events = root.value(QStringLiteral("events")).toArray();
    for (const QJsonValue value : events) {
        const QJsonObject o = value.toObject();
        change.events.append({o.value(QStringLiteral("id")).toString(),
                              o.value(QStringLiteral("type")).toString(),
                              o.value(QStringLiteral("paymentId")).toString(),
                              QDateTime::fromString(o.value(QStringLiteral("created")).toString(),
                                                    Qt::ISODateWithMs),
                              o.value(QStringLiteral("body")).toString().toUtf8()});
    }
    const QJsonArray idempotency = root.value(QStringLiteral("idempotency")).toArray();
    for (const QJsonValue value : idempotency) {
        const QJsonObject o = value.toObject();
        change.idempotency.append(
            {o.value(QStringLiteral("slot")).toString(),
             {QByteArray::fromHex(o.value(QStringLiteral("fingerprint")).toString().toLatin1()),
              o.value(QStringLiteral("status")).toInt(),
              o.value(QStringLiteral("body")).toString().toUtf8()}});
    }
    return commit(change, error);
}

} // namespace paybench::gateway

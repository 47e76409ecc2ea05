#include "CallHistory.h"

#include "CallReport.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimeZone>
#include <QUuid>
#include <QVariant>

namespace paybench::client {

namespace {

constexpr int kSchemaVersion = 1;

const char *const kSchema[] = {
    "CREATE TABLE IF NOT EXISTS calls ("
    " id INTEGER PRIMARY KEY,"
    " started_at INTEGER NOT NULL," // ms since the epoch, UTC
    " provider TEXT NOT NULL,"
    " function TEXT NOT NULL,"
    " profile TEXT NOT NULL,"
    " url TEXT NOT NULL,"
    " http_status INTEGER NOT NULL,"
    " failure TEXT NOT NULL,"
    " verdict TEXT NOT NULL,"
    " openfront_verdict TEXT NOT NULL,"
    " total_ms INTEGER NOT NULL,"
    " first_byte_ms INTEGER NOT NULL,"
    " request_bytes INTEGER NOT NULL,"
    " response_bytes INTEGER NOT NULL,"
    " payment_id TEXT NOT NULL,"
    " report TEXT NOT NULL)",
    // Every page is ordered by (started_at, id) descending; each filter has an index that
    // delivers rows already in that order, so a page reads about `limit` rows.
    "CREATE INDEX IF NOT EXISTS calls_time ON calls(started_at, id)",
    "CREATE INDEX IF NOT EXISTS calls_provider ON calls(provider, started_at, id)",
    "CREATE INDEX IF NOT EXISTS calls_provider_function ON calls(provider, function, started_at, "
    "id)",
    "CREATE INDEX IF NOT EXISTS calls_function ON calls(function, started_at, id)",
    "CREATE INDEX IF NOT EXISTS calls_verdict ON calls(verdict, started_at, id)",
    "CREATE INDEX IF NOT EXISTS calls_status ON calls(http_status, started_at, id)",
    // Runs of many calls (conformance runs): their whole masked report, one row per run. Added
    // with IF NOT EXISTS, so older history files gain it without a migration.
    "CREATE TABLE IF NOT EXISTS runs ("
    " id INTEGER PRIMARY KEY,"
    " finished_at INTEGER NOT NULL,"
    " provider TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " verdict TEXT NOT NULL,"
    " report TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS runs_provider ON runs(provider, kind, finished_at, id)",
};

const char *const kColumns =
    "id, started_at, provider, function, profile, url, http_status, failure, verdict, "
    "openfront_verdict, total_ms, first_byte_ms, request_bytes, response_bytes, payment_id";

HistoryEntry readEntry(const QSqlQuery &query)
{
    HistoryEntry entry;
    entry.id = query.value(0).toLongLong();
    entry.startedAt = QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), QTimeZone::utc());
    entry.provider = query.value(2).toString();
    entry.function = query.value(3).toString();
    entry.profile = query.value(4).toString();
    entry.url = query.value(5).toString();
    entry.httpStatus = query.value(6).toInt();
    entry.failure = query.value(7).toString();
    entry.verdict = query.value(8).toString();
    entry.openfrontVerdict = query.value(9).toString();
    entry.totalMs = query.value(10).toLongLong();
    entry.firstByteMs = query.value(11).toLongLong();
    entry.requestBytes = query.value(12).toLongLong();
    entry.responseBytes = query.value(13).toLongLong();
    entry.paymentId = query.value(14).toString();
    return entry;
}

// A null QString binds as SQL NULL; the text columns are NOT NULL.
QString notNull(const QString &text)
{
    return text.isNull() ? QString(QLatin1String("")) : text;
}

QString searchText(const HistoryEntry &entry)
{
    return QStringList{entry.url, entry.paymentId, entry.provider, entry.function, entry.failure}
        .join(QLatin1Char('\n'));
}

QString escapeLike(QString text)
{
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    text.replace(QLatin1Char('%'), QLatin1String("\\%"));
    text.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return text;
}

} // namespace

CallHistory::CallHistory(const QString &databasePath, QObject *parent)
    : QObject(parent), m_path(databasePath.isEmpty() ? defaultPath() : databasePath),
      m_connection(QStringLiteral("paybench-history-") + QUuid::createUuid().toString(QUuid::Id128))
{}

CallHistory::~CallHistory()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString CallHistory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/history.sqlite");
}

bool CallHistory::open(QString *error)
{
    if (m_open)
        return true;
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create the folder of %1").arg(m_path);
        return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    if (!db.open()) {
        if (error)
            *error = QStringLiteral("cannot open the call history %1: %2")
                         .arg(m_path, db.lastError().text());
        return false;
    }
    QSqlQuery query(db);
    // WAL: the GUI reads pages while a call is being recorded.
    query.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    query.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    query.exec(QStringLiteral("PRAGMA user_version"));
    const int version = query.next() ? query.value(0).toInt() : 0;
    if (version > kSchemaVersion) {
        if (error)
            *error =
                QStringLiteral("the call history %1 was written by a newer Paybench").arg(m_path);
        db.close();
        return false;
    }
    for (const char *statement : kSchema) {
        if (!query.exec(QString::fromLatin1(statement))) {
            if (error)
                *error = QStringLiteral("cannot prepare the call history: %1")
                             .arg(query.lastError().text());
            db.close();
            return false;
        }
    }
    // Substring search through a trigram index, so a search does not read every row; without
    // FTS5 in the SQLite library, search falls back to LIKE over the rows.
    m_textIndex = query.exec(QStringLiteral(
        "CREATE VIRTUAL TABLE IF NOT EXISTS calls_text USING fts5(text, tokenize='trigram')"));
    query.exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion));
    m_open = true;
    return true;
}

HistoryEntry CallHistory::entryFor(const contract::CallResult &result)
{
    const contract::PreparedCall &call = result.call;
    HistoryEntry entry;
    entry.startedAt = result.response.startedAt.isValid() ? result.response.startedAt.toUTC()
                                                          : QDateTime::currentDateTimeUtc();
    entry.provider = call.providerCode;
    entry.function = functionSlug(call.function);
    entry.profile = call.profile->name();
    entry.url = call.url.isValid() ? call.url.toString() : call.masker.mask(call.target);
    entry.httpStatus = result.response.outcome == contract::TransportOutcome::Completed
                           ? result.response.httpStatus
                           : 0;
    entry.failure = contract::failureClassName(result.failure);
    entry.verdict = contract::severityName(result.verdict().result());
    // The worst verdict among the Openfront versions that judged the call; empty when none did.
    contract::Verdict versions;
    for (const contract::ProfileVerdict &judged : result.runtime)
        versions.findings += judged.verdict.findings;
    entry.openfrontVerdict =
        result.runtime.isEmpty() ? QString() : contract::severityName(versions.result());
    entry.totalMs = result.response.timings.totalMs;
    entry.firstByteMs = result.response.timings.firstByteMs;
    entry.requestBytes = result.response.timings.requestBytes;
    entry.responseBytes = result.response.timings.responseBytes;
    entry.paymentId =
        call.masker.mask(result.variables.value(QStringLiteral("paymentId"), call.paymentId));
    entry.report = json::stringify(contract::callReport(result));
    return entry;
}

qint64 CallHistory::record(const contract::CallResult &result, QString *error)
{
    if (!append({entryFor(result)}, error))
        return -1;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.exec(QStringLiteral("SELECT last_insert_rowid()"));
    const qint64 id = query.next() ? query.value(0).toLongLong() : -1;
    emit entryAdded(id);
    return id;
}

bool CallHistory::append(const QVector<HistoryEntry> &entries, QString *error)
{
    if (!m_open) {
        if (error)
            *error = QStringLiteral("the call history is not open");
        return false;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT INTO calls (started_at, provider, function, profile, url, http_status, failure, "
        "verdict, openfront_verdict, total_ms, first_byte_ms, request_bytes, response_bytes, "
        "payment_id, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    QSqlQuery text(db);
    if (m_textIndex)
        text.prepare(QStringLiteral("INSERT INTO calls_text (rowid, text) VALUES (?, ?)"));
    for (const HistoryEntry &entry : entries) {
        query.addBindValue(entry.startedAt.toMSecsSinceEpoch());
        query.addBindValue(notNull(entry.provider));
        query.addBindValue(notNull(entry.function));
        query.addBindValue(notNull(entry.profile));
        query.addBindValue(notNull(entry.url));
        query.addBindValue(entry.httpStatus);
        query.addBindValue(notNull(entry.failure));
        query.addBindValue(notNull(entry.verdict));
        query.addBindValue(notNull(entry.openfrontVerdict));
        query.addBindValue(entry.totalMs);
        query.addBindValue(entry.firstByteMs);
        query.addBindValue(entry.requestBytes);
        query.addBindValue(entry.responseBytes);
        query.addBindValue(notNull(entry.paymentId));
        query.addBindValue(notNull(QString::fromUtf8(entry.report)));
        if (!query.exec()) {
            if (error)
                *error = QStringLiteral("cannot record the call: %1").arg(query.lastError().text());
            db.rollback();
            return false;
        }
        if (m_textIndex) {
            text.addBindValue(query.lastInsertId());
            text.addBindValue(searchText(entry));
            if (!text.exec()) {
                if (error)
                    *error =
                        QStringLiteral("cannot index the call: %1").arg(text.lastError().text());
                db.rollback();
                return false;
            }
        }
    }
    if (!db.commit()) {
        if (error)
            *error = QStringLiteral("cannot record the call: %1").arg(db.lastError().text());
        return false;
    }
    return true;
}

HistoryPage CallHistory::query(const HistoryFilter &filter, int limit,
                               const std::optional<HistoryCursor> &after) const
{
    HistoryPage page;
    if (!m_open || limit <= 0)
        return page;
    QStringList where;
    QVariantList values;
    if (!filter.provider.isEmpty()) {
        where << QStringLiteral("provider = ?");
        values << filter.provider;
    }
    if (!filter.function.isEmpty()) {
        where << QStringLiteral("function = ?");
        values << filter.function;
    }
    if (filter.httpStatus) {
        where << QStringLiteral("http_status = ?");
        values << *filter.httpStatus;
    }
    if (!filter.verdict.isEmpty()) {
        where << QStringLiteral("verdict = ?");
        values << filter.verdict;
    }
    if (filter.from.isValid()) {
        where << QStringLiteral("started_at >= ?");
        values << filter.from.toMSecsSinceEpoch();
    }
    if (filter.to.isValid()) {
        where << QStringLiteral("started_at < ?");
        values << filter.to.toMSecsSinceEpoch();
    }
    if (after) {
        where << QStringLiteral("(started_at, id) < (?, ?)");
        values << after->startedAtMs << after->id;
    }
    const QString order = QStringLiteral(" ORDER BY started_at DESC, id DESC");
    const auto whereClause = [](const QStringList &conditions) {
        return conditions.isEmpty()
                   ? QString()
                   : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    };
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    // One row more than asked tells whether there is a next page.
    const auto fetch = [&](const QString &sql, const QVariantList &binds) {
        QVector<HistoryEntry> rows;
        QSqlQuery query(db);
        query.setForwardOnly(true);
        query.prepare(sql);
        for (const QVariant &value : binds)
            query.addBindValue(value);
        if (query.exec()) {
            while (query.next() && rows.size() <= limit)
                rows.append(readEntry(query));
        }
        return rows;
    };
    const QString columns = QLatin1String(kColumns);
    QVector<HistoryEntry> rows;
    if (filter.text.isEmpty()) {
        rows = fetch(QStringLiteral("SELECT %1 FROM calls").arg(columns) + whereClause(where) +
                         order + QStringLiteral(" LIMIT %1").arg(limit + 1),
                     values);
    } else {
        const QString like = QStringLiteral(
            "(url LIKE ? ESCAPE '\\' OR payment_id LIKE ? ESCAPE '\\' OR provider LIKE ? "
            "ESCAPE '\\' OR function LIKE ? ESCAPE '\\' OR failure LIKE ? ESCAPE '\\')");
        const QString pattern = QLatin1Char('%') + escapeLike(filter.text) + QLatin1Char('%');
        QVariantList likeValues;
        for (int i = 0; i < 5; ++i)
            likeValues << pattern;
        // A common term is found among the newest rows: look there first, which reads a bounded
        // number of rows. Only when that window is full and not enough matched does the search
        // go to the whole table (through the trigram index when there is one).
        constexpr int kWindow = 2000;
        const QString window = QStringLiteral("SELECT %1 FROM calls").arg(columns) +
                               whereClause(where) + order +
                               QStringLiteral(" LIMIT %1").arg(kWindow);
        rows = fetch(QStringLiteral("SELECT * FROM (%1) WHERE %2").arg(window, like) + order +
                         QStringLiteral(" LIMIT %1").arg(limit + 1),
                     values + likeValues);
        if (rows.size() <= limit) {
            QSqlQuery count(db);
            count.prepare(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM calls") +
                          whereClause(where) + order + QStringLiteral(" LIMIT %1)").arg(kWindow));
            for (const QVariant &value : std::as_const(values))
                count.addBindValue(value);
            const bool windowFull =
                count.exec() && count.next() && count.value(0).toInt() == kWindow;
            if (windowFull) {
                QStringList all = where;
                QVariantList allValues = values;
                if (m_textIndex && filter.text.size() >= 3) {
                    QString phrase = filter.text;
                    phrase.replace(QLatin1Char('"'), QLatin1String("\"\""));
                    all << QStringLiteral(
                        "id IN (SELECT rowid FROM calls_text WHERE calls_text MATCH ?)");
                    allValues << QLatin1Char('"') + phrase + QLatin1Char('"');
                } else {
                    all << like;
                    allValues += likeValues;
                }
                rows =
                    fetch(QStringLiteral("SELECT %1 FROM calls").arg(columns) + whereClause(all) +
                              order + QStringLiteral(" LIMIT %1").arg(limit + 1),
                          allValues);
            }
        }
    }
    if (rows.size() > limit) {
        rows.resize(limit);
        page.next = HistoryCursor{rows.last().startedAt.toMSecsSinceEpoch(), rows.last().id};
    }
    page.entries = rows;
    return page;
}

std::optional<HistoryEntry> CallHistory::entry(qint64 id) const
{
    if (!m_open)
        return std::nullopt;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(
        QStringLiteral("SELECT %1, report FROM calls WHERE id = ?").arg(QLatin1String(kColumns)));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    HistoryEntry entry = readEntry(query);
    entry.report = query.value(15).toString().toUtf8();
    return entry;
}

QStringList CallHistory::providers() const
{
    QStringList result;
    if (!m_open)
        return result;
    // A skip-scan over the provider index: one probe per distinct provider.
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    QString current;
    while (true) {
        query.prepare(QStringLiteral("SELECT MIN(provider) FROM calls WHERE provider > ?"));
        query.addBindValue(current);
        if (!query.exec() || !query.next() || query.value(0).isNull())
            break;
        current = query.value(0).toString();
        result << current;
    }
    return result;
}

bool CallHistory::remove(qint64 id)
{
    if (!m_open)
        return false;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("DELETE FROM calls WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec() || query.numRowsAffected() != 1)
        return false;
    if (m_textIndex) {
        query.prepare(QStringLiteral("DELETE FROM calls_text WHERE rowid = ?"));
        query.addBindValue(id);
        query.exec();
    }
    return true;
}

qint64 CallHistory::recordRun(const RunRecord &run, QString *error)
{
    if (!m_open) {
        if (error)
            *error = QStringLiteral("the call history is not open");
        return -1;
    }
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("INSERT INTO runs (finished_at, provider, kind, verdict, report) "
                                 "VALUES (?, ?, ?, ?, ?)"));
    query.addBindValue(run.finishedAt.toMSecsSinceEpoch());
    query.addBindValue(run.provider);
    query.addBindValue(run.kind);
    query.addBindValue(run.verdict);
    query.addBindValue(QString::fromUtf8(run.report));
    if (!query.exec()) {
        if (error)
            *error = query.lastError().text();
        return -1;
    }
    return query.lastInsertId().toLongLong();
}

std::optional<RunRecord> CallHistory::latestRun(const QString &provider, const QString &kind) const
{
    if (!m_open)
        return std::nullopt;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("SELECT id, finished_at, verdict, report FROM runs WHERE "
                                 "provider = ? AND kind = ? ORDER BY finished_at DESC, id DESC "
                                 "LIMIT 1"));
    query.addBindValue(provider);
    query.addBindValue(kind);
    if (!query.exec() || !query.next())
        return std::nullopt;
    RunRecord run;
    run.id = query.value(0).toLongLong();
    run.finishedAt = QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), QTimeZone::utc());
    run.provider = provider;
    run.kind = kind;
    run.verdict = query.value(2).toString();
    run.report = query.value(3).toString().toUtf8();
    return run;
}

bool CallHistory::clear()
{
    if (!m_open)
        return false;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(QStringLiteral("DELETE FROM calls")) ||
        !query.exec(QStringLiteral("DELETE FROM runs")))
        return false;
    if (m_textIndex)
        query.exec(QStringLiteral("DELETE FROM calls_text"));
    emit cleared();
    return true;
}

} // namespace paybench::client

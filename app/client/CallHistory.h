#pragma once

#include "CallResult.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QVector>

#include <optional>

namespace paybench::client {

// One stored call. `report` is the masked JSON of contract::callReport(): no secret in it.
struct HistoryEntry {
    qint64 id = 0;
    QDateTime startedAt; // UTC, millisecond precision
    QString provider;
    QString function; // slug: "create-payment"
    QString profile;  // "documented", "openfront@55912a7", ...
    QString url;
    int httpStatus = 0; // 0 when no HTTP answer arrived
    QString failure;    // contract::failureClassName(), "none" when none
    QString verdict;    // "pass", "warning", "failure"
    QString openfrontVerdict;
    qint64 totalMs = -1;
    qint64 firstByteMs = -1;
    qint64 requestBytes = 0;
    qint64 responseBytes = 0;
    QString paymentId;
    QByteArray report; // empty in query pages; filled by CallHistory::entry()
};

struct HistoryFilter {
    QString provider;
    QString function;
    std::optional<int> httpStatus;
    QString verdict;
    QDateTime from; // inclusive; invalid = open
    QDateTime to;   // exclusive; invalid = open
    QString text;   // substring of url, payment id, provider, function or failure
};

// Keyset paging: the last row of a page; the next page starts strictly after it.
struct HistoryCursor {
    qint64 startedAtMs = 0;
    qint64 id = 0;
};

struct HistoryPage {
    QVector<HistoryEntry> entries; // newest first
    std::optional<HistoryCursor> next;
};

// A run of many calls, such as a conformance run, kept as its whole report (already masked).
struct RunRecord {
    qint64 id = -1;
    QDateTime finishedAt;
    QString provider;
    QString kind;    // "conformance"
    QString verdict; // "pass", "warning", "failure", "cancelled"
    QByteArray report;
};

// Every call on record, in SQLite through Qt Sql. Indexed by time and by each filterable column
// so that a filtered page stays fast with millions of rows; pages are keyset-based (no OFFSET).
class CallHistory final : public QObject
{
    Q_OBJECT
public:
    // An empty path means history.sqlite in QStandardPaths::AppDataLocation.
    explicit CallHistory(const QString &databasePath = {}, QObject *parent = nullptr);
    ~CallHistory() override;
    Q_DISABLE_COPY_MOVE(CallHistory)

    static QString defaultPath();

    bool open(QString *error);
    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] QString path() const { return m_path; }

    // Stores a call (masked); the new id, or -1 and *error.
    qint64 record(const contract::CallResult &result, QString *error = nullptr);
    // Stores many entries in one transaction (imports, benchmarks).
    bool append(const QVector<HistoryEntry> &entries, QString *error = nullptr);

    [[nodiscard]] HistoryPage query(const HistoryFilter &filter, int limit = 50,
                                    const std::optional<HistoryCursor> &after = std::nullopt) const;
    // With its report.
    [[nodiscard]] std::optional<HistoryEntry> entry(qint64 id) const;
    [[nodiscard]] QStringList providers() const;
    bool remove(qint64 id);
    bool clear();

    static HistoryEntry entryFor(const contract::CallResult &result);

    // Stores the masked report of a run of many calls; the new id, or -1 and *error.
    qint64 recordRun(const RunRecord &run, QString *error = nullptr);
    // The newest run of that kind for the provider.
    [[nodiscard]] std::optional<RunRecord> latestRun(const QString &provider,
                                                     const QString &kind) const;

signals:
    void entryAdded(qint64 id);
    void cleared();

private:
    QString m_path;
    QString m_connection;
    bool m_open = false;
    bool m_textIndex = false; // FTS5 trigram index available
};

} // namespace paybench::client

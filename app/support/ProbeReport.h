#pragma once

#include "Finding.h"
#include "OrderedJson.h"

#include <QDateTime>
#include <QString>
#include <QUrl>
#include <QVector>

namespace paybench::support {

// One step of probing one URL: dns, tcp, tls, http-get, http-post.
struct ProbeStep {
    QString name;
    contract::Severity severity = contract::Severity::Pass;
    bool skipped = false;
    qint64 elapsedMs = -1;
    QString summary; // one line: "2 addresses: 127.0.0.1, ::1"
    QString advice;  // what to do when it is not a pass
    json::OrderedValue details = json::OrderedValue::object();
};

struct ProbeTarget {
    QString label; // the function slug, or the URL
    QUrl url;
    QVector<ProbeStep> steps;
    [[nodiscard]] contract::Severity result() const;
};

struct ProbeReport {
    QDateTime startedAt;
    QVector<ProbeTarget> targets;
    bool cancelled = false;
    [[nodiscard]] contract::Severity result() const;
};

json::OrderedValue probeReportJson(const ProbeReport &report);
// A table for a terminal: one line per step, the verdict first.
QString probeReportText(const ProbeReport &report);

} // namespace paybench::support

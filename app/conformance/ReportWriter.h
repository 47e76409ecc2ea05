#pragma once

#include "ConformanceReport.h"
#include "OrderedJson.h"

#include <QByteArray>
#include <QVector>

namespace paybench::conformance {

// The three report formats of one or several providers' runs. All three are rendered from the
// JSON document, which is masked with each provider's secrets as a whole: no credential value
// can reach a report, whatever a check's message or evidence holds.

// {tool, version, generatedAt, summary, runs: [{provider, ..., checks: [{..., calls}]}]}
json::OrderedValue reportDocument(const QVector<ConformanceReport> &reports);
QByteArray toJson(const QVector<ConformanceReport> &reports);
// JUnit XML: one testsuite per provider and profile, one testcase per check; failures carry the
// message and the evidence, skipped checks their reason, warnings go to system-out.
QByteArray toJunitXml(const QVector<ConformanceReport> &reports);
// One self-contained HTML page (inline CSS, no script), readable when printed.
QByteArray toHtml(const QVector<ConformanceReport> &reports);

// One check's evidence as plain text, masked: advice, notes, each call's request and answer.
QString evidenceText(const ConformanceReport &report, int checkIndex);

enum class ReportFormat { Json, JunitXml, Html };
QByteArray renderReport(ReportFormat format, const QVector<ConformanceReport> &reports);

} // namespace paybench::conformance

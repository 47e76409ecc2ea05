#pragma once

#include <QString>
#include <QVector>

namespace paybench::contract {

enum class Severity { Pass, Warning, Failure };

QString severityName(Severity severity); // "pass", "warning", "failure"

// One observation about an answer: what was looked at (a JSON path such as `$.capturedAmount`,
// or empty for the exchange as a whole), what the contract expects, what came, and what to do.
struct Finding {
    Severity severity = Severity::Pass;
    QString code; // stable id for scripts and conformance checks: "missing-field", "timeout", ...
    QString path;
    QString message; // one line: "capturedAmount is missing"
    QString expected;
    QString actual;
    QString advice; // one plain sentence; empty for a pass
};

// A list of findings and the worst severity among them.
struct Verdict {
    QVector<Finding> findings;

    [[nodiscard]] Severity result() const;
    [[nodiscard]] bool hasFailure() const { return result() == Severity::Failure; }
    [[nodiscard]] const Finding *find(const QString &code) const;
    void add(Severity severity, const QString &code, const QString &path, const QString &message,
             const QString &expected = {}, const QString &actual = {}, const QString &advice = {});
};

} // namespace paybench::contract

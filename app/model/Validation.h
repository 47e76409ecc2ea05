#pragma once

#include "Workspace.h"

#include <QString>
#include <QVector>

namespace paybench {

enum class Severity { Warning, Error };

enum class ItemKind { Workspace, Platform, Provider, Region };

// One thing wrong with one field of one item, said so a person can fix it.
struct Finding {
    Severity severity = Severity::Error;
    ItemKind kind = ItemKind::Workspace;
    QString item;    // platform name, provider code or region code
    QString field;   // e.g. "createPaymentFunction", "code", "credentials.apiKey"
    QString message; // "must be an absolute http(s) URL or one of stripe, paypal, manual"

    // "platform \"Demo\": createPaymentFunction: ..."
    [[nodiscard]] QString toString() const;
};

QString severityName(Severity severity);
QString itemKindName(ItemKind kind);

// A function target: a built-in adapter name or an absolute http(s) URL with a host.
// Plain http:// to a host other than loopback is a warning: credentials travel in every body.
QVector<Finding> validateTarget(const QString &platformName, const QString &field,
                                const QString &target);
QVector<Finding> validatePlatform(const Platform &platform, const Workspace &context);
QVector<Finding> validateProvider(const ProviderInstance &provider, const Workspace &context);
QVector<Finding> validateRegion(const Region &region, const Workspace &context);
QVector<Finding> validateWorkspace(const Workspace &workspace);

bool isValidProviderCode(const QString &code);
bool hasErrors(const QVector<Finding> &findings);

} // namespace paybench

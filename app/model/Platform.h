#pragma once

#include "PaymentFunction.h"

#include <QString>

#include <array>

namespace paybench {

// A CA bundle is a few kilobytes: larger files are not read whole (and fail as "no certificate").
inline constexpr qint64 kMaxCaCertificateFileBytes = 1'048'576;

// What the Openfront docs call a payment provider platform: a name and six function targets,
// each a built-in adapter name or an absolute http(s) URL.
struct Platform {
    QString name;
    std::array<QString, 6> targets;
    // A PEM file of CA certificates trusted for this platform's https:// targets in addition to
    // the system's (a gateway's own test CA). Empty: the system's only.
    QString caCertificateFile;

    [[nodiscard]] const QString &target(PaymentFunction function) const;
    void setTarget(PaymentFunction function, const QString &value);
    // Fills the six targets with the conventional paths below baseUrl ("/api/create-payment", ...).
    void setBaseUrl(const QString &baseUrl);
    // The common base URL when all six targets are the conventional paths below one; else empty.
    [[nodiscard]] QString baseUrl() const;

    friend bool operator==(const Platform &a, const Platform &b)
    {
        return a.name == b.name && a.targets == b.targets &&
               a.caCertificateFile == b.caCertificateFile;
    }
    friend bool operator!=(const Platform &a, const Platform &b) { return !(a == b); }
};

} // namespace paybench

// Only Qt values inside: moved by memcpy when a QList grows (10,000 providers load faster).
Q_DECLARE_TYPEINFO(paybench::Platform, Q_RELOCATABLE_TYPE);

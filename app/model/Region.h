#pragma once

#include <QString>
#include <QStringList>

namespace paybench {

// A sales region: where a provider instance is offered, and in which currency.
struct Region {
    QString code;
    QString name;
    QString currency;      // ISO 4217, upper case
    QStringList countries; // ISO 3166-1 alpha-2, upper case

    friend bool operator==(const Region &a, const Region &b)
    {
        return a.code == b.code && a.name == b.name && a.currency == b.currency &&
               a.countries == b.countries;
    }
    friend bool operator!=(const Region &a, const Region &b) { return !(a == b); }
};

} // namespace paybench

// Only Qt values inside: moved by memcpy when a QList grows (10,000 providers load faster).
Q_DECLARE_TYPEINFO(paybench::Region, Q_RELOCATABLE_TYPE);

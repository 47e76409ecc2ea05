#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace paybench {

struct CurrencyInfo {
    QString code;
    int minorUnits = 2; // digits after the decimal point: 0 for JPY, 3 for KWD
    QString name;
};

// ISO 4217 active currencies.
std::optional<CurrencyInfo> currencyInfo(const QString &code);
bool isKnownCurrency(const QString &code);
QStringList currencyCodes();
// The zero-decimal list Openfront itself uses (openfront-runtime.md), which differs from ISO.
bool isOpenfrontZeroDecimal(const QString &code);

} // namespace paybench

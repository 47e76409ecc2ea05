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
// The 19 codes Openfront's PayPal adapter treats as having no minor unit
// (docs/openfront-runtime.md), which differs from ISO.
bool isOpenfrontZeroDecimal(const QString &code);
// Openfront's Currency.noDivisionCurrency, what create-payment's cart carries: true only for
// JPY, KRW and VND, in any case (both 55912a7 and e23341c).
bool isOpenfrontNoDivisionCurrency(const QString &code);

} // namespace paybench

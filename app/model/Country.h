#pragma once

#include <QString>
#include <QStringList>

namespace paybench {

// ISO 3166-1 alpha-2 codes of countries and territories.
bool isKnownCountry(const QString &code);
QStringList countryCodes();

} // namespace paybench

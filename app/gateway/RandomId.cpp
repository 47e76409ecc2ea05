#include "RandomId.h"

#include <QRandomGenerator>

#include <algorithm>

namespace paybench::gateway {

QString randomId(QStringView prefix, int hexDigits)
{
    static const char hex[] = "0123456789abcdef";
    quint32 words[4];
    Q_ASSERT(hexDigits >= 0 && hexDigits <= int(sizeof(words)) * 2);
    // Whole words in one call: the global generator takes a lock per call.
    QRandomGenerator::global()->fillRange(words);
    QString id(prefix.size() + hexDigits, Qt::Uninitialized);
    QChar *out = std::copy(prefix.begin(), prefix.end(), id.data());
    for (int i = 0; i < hexDigits; ++i)
        *out++ = QLatin1Char(hex[(words[i / 8] >> (4 * (i % 8))) & 0xF]);
    return id;
}

} // namespace paybench::gateway

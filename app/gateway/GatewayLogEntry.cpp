#include "GatewayLogEntry.h"

namespace paybench::gateway {

QString GatewayLogEntry::toLine() const
{
    QString line = QStringLiteral("%1 %2 %3 %4 %5 ms")
                       .arg(at.toUTC().toString(Qt::ISODateWithMs), method, path,
                            status ? QString::number(status) : QStringLiteral("-"))
                       .arg(elapsedMs, 0, 'f', 2);
    if (!paymentId.isEmpty())
        line += QLatin1Char(' ') + paymentId;
    if (!note.isEmpty())
        line += QStringLiteral(" (") + note + QLatin1Char(')');
    return line;
}

} // namespace paybench::gateway

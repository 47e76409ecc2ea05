#include "RequestParts.h"

#include <QCryptographicHash>

namespace paybench::contract::request {

using json::OrderedValue;

OrderedValue str(const QString &value)
{
    return OrderedValue::string(value);
}

OrderedValue num(qint64 value)
{
    return OrderedValue::number(static_cast<double>(value));
}

OrderedValue credentialsObject(const CallTarget &target)
{
    OrderedValue credentials = OrderedValue::object();
    for (const Credential &credential : target.credentials)
        credentials.setMember(credential.key, str(credential.value));
    return credentials;
}

QString recordId(const CallTarget &target)
{
    return QStringLiteral("cm") +
           QString::fromLatin1(
               QCryptographicHash::hash(target.code.toUtf8(), QCryptographicHash::Sha256)
                   .toHex()
                   .left(23));
}

} // namespace paybench::contract::request

// Version 1 named functions by slug under "functions", kept credentials as one flat object with
// every value in the file, and had no workspace id. Old files are few and small, so they are
// read as a tree and rewritten, and only the version-2 reader interprets a workspace.
#include "WorkspaceMigration.h"

#include "PaymentFunction.h"

#include <QJsonObject>
#include <QStringList>
#include <QUuid>

namespace paybench {
namespace {

using json::OrderedValue;

// The items of a list member; none when it is missing or (with *error) not a list.
QVector<OrderedValue> listMember(const OrderedValue &v1, QLatin1String name, QString *error)
{
    const OrderedValue *value = v1.member(name);
    if (value && value->type() != OrderedValue::Type::Array && error->isEmpty())
        *error = QStringLiteral("workspace.%1 must be a list").arg(name);
    return value ? value->items() : QVector<OrderedValue>();
}

// The item itself when it is an object; an empty object (and *error) when not.
OrderedValue objectItem(const OrderedValue &item, QLatin1String list, qsizetype index,
                        QString *error)
{
    if (item.isObject())
        return item;
    if (error->isEmpty())
        *error = QStringLiteral("%1[%2] must be an object").arg(list).arg(index);
    return OrderedValue::object();
}

OrderedValue migratePlatform(const OrderedValue &old)
{
    // A missing name or function stays missing: reading the result names it.
    OrderedValue platform = OrderedValue::object();
    if (const OrderedValue *name = old.member(QLatin1String("name")))
        platform.setMember(QStringLiteral("name"), *name);
    if (const OrderedValue *functions = old.member(QLatin1String("functions"))) {
        for (PaymentFunction function : kAllPaymentFunctions) {
            if (const OrderedValue *target = functions->member(functionSlug(function)))
                platform.setMember(functionField(function), *target);
        }
    }
    return platform;
}

OrderedValue migrateProvider(OrderedValue provider, qsizetype index,
                             QVector<MigratedSecret> *secrets)
{
    QStringList secretKeys;
    if (const OrderedValue *keys = provider.member(QLatin1String("secretKeys"))) {
        for (const OrderedValue &key : keys->items())
            secretKeys.append(key.toString());
    }
    OrderedValue credentials = OrderedValue::array();
    if (const OrderedValue *old = provider.member(QLatin1String("credentials"))) {
        // As a QJsonObject, as version 1 was read: keys sorted, the last of a repeated key.
        const QJsonObject oldCredentials = old->toQJson().toObject();
        for (auto it = oldCredentials.begin(); it != oldCredentials.end(); ++it) {
            const QString key = it.key();
            // Numbers and booleans become their text, as version 1 sent them.
            const QString value = it.value().toVariant().toString();
            OrderedValue credential =
                OrderedValue::object({{QStringLiteral("key"), OrderedValue::string(key)}});
            if (secretKeys.contains(key)) {
                credential.setMember(QStringLiteral("secret"), OrderedValue::boolean(true));
                secrets->append(MigratedSecret{index, key, value});
            } else {
                credential.setMember(QStringLiteral("value"), OrderedValue::string(value));
            }
            credentials.append(credential);
        }
    }
    provider.setMember(QStringLiteral("credentials"), credentials);
    return provider;
}

} // namespace

QByteArray migrateVersion1(const OrderedValue &v1, QVector<MigratedSecret> *secrets, QString *error)
{
    OrderedValue v2 = v1;
    v2.setMember(QStringLiteral("version"), OrderedValue::number(2));
    v2.setMember(QStringLiteral("id"),
                 OrderedValue::string(QUuid::createUuid().toString(QUuid::WithoutBraces)));

    const QLatin1String platformsName("platforms");
    OrderedValue platforms = OrderedValue::array();
    const QVector<OrderedValue> oldPlatforms = listMember(v1, platformsName, error);
    for (qsizetype i = 0; i < oldPlatforms.size(); ++i)
        platforms.append(migratePlatform(objectItem(oldPlatforms.at(i), platformsName, i, error)));
    v2.setMember(platformsName, platforms);

    const QLatin1String providersName("providers");
    OrderedValue providers = OrderedValue::array();
    const QVector<OrderedValue> oldProviders = listMember(v1, providersName, error);
    for (qsizetype i = 0; i < oldProviders.size(); ++i)
        providers.append(
            migrateProvider(objectItem(oldProviders.at(i), providersName, i, error), i, secrets));
    v2.setMember(providersName, providers);
    return error->isEmpty() ? json::stringify(v2) : QByteArray();
}

} // namespace paybench

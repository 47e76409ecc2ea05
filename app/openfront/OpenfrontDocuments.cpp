#include "OpenfrontDocuments.h"

#include "PaymentFunction.h"

namespace paybench::openfront {

QJsonObject requestBody(const GraphqlOperation &operation)
{
    return QJsonObject{{QStringLiteral("query"), operation.document},
                       {QStringLiteral("variables"), operation.variables}};
}

QString providerSelection()
{
    QString functions;
    for (PaymentFunction function : kAllPaymentFunctions)
        functions += QLatin1Char(' ') + functionField(function);
    return QStringLiteral("id name code isInstalled credentials metadata%1 "
                          "regions { id code name currency { code } countries { iso2 } }")
        .arg(functions);
}

GraphqlOperation providersQuery(const QStringList &codes)
{
    QJsonObject where;
    if (!codes.isEmpty())
        where.insert(QStringLiteral("code"),
                     QJsonObject{{QStringLiteral("in"), QJsonArray::fromStringList(codes)}});
    return {QStringLiteral("reading the store's payment providers"),
            QStringLiteral("query PaybenchProviders($where: PaymentProviderWhereInput!) { "
                           "paymentProviders(where: $where) { %1 } }")
                .arg(providerSelection()),
            QJsonObject{{QStringLiteral("where"), where}}};
}

GraphqlOperation regionsQuery(const QStringList &codes)
{
    return {QStringLiteral("reading the store's regions"),
            QStringLiteral("query PaybenchRegions($where: RegionWhereInput!) { "
                           "regions(where: $where) { id code } }"),
            QJsonObject{{QStringLiteral("where"),
                         QJsonObject{{QStringLiteral("code"),
                                      QJsonObject{{QStringLiteral("in"),
                                                   QJsonArray::fromStringList(codes)}}}}}}};
}

GraphqlOperation createProviderMutation(const QJsonObject &data)
{
    return {QStringLiteral("creating payment provider %1")
                .arg(data.value(QStringLiteral("code")).toString()),
            QStringLiteral("mutation PaybenchCreateProvider($data: PaymentProviderCreateInput!) { "
                           "createPaymentProvider(data: $data) { id code } }"),
            QJsonObject{{QStringLiteral("data"), data}}};
}

GraphqlOperation updateProviderMutation(const QString &code, const QJsonObject &data)
{
    return {QStringLiteral("updating payment provider %1").arg(code),
            QStringLiteral("mutation PaybenchUpdateProvider($where: "
                           "PaymentProviderWhereUniqueInput!, $data: PaymentProviderUpdateInput!) "
                           "{ updatePaymentProvider(where: $where, data: $data) { id code } }"),
            QJsonObject{{QStringLiteral("where"), QJsonObject{{QStringLiteral("code"), code}}},
                        {QStringLiteral("data"), data}}};
}

GraphqlOperation createProvidersMutation(const QJsonArray &records)
{
    return {
        QStringLiteral("creating payment providers"),
        QStringLiteral("mutation PaybenchCreateProviders($data: [PaymentProviderCreateInput!]!) "
                       "{ createPaymentProviders(data: $data) { id code } }"),
        QJsonObject{{QStringLiteral("data"), records}}};
}

GraphqlOperation webhookMutation(const QString &providerId, const QJsonValue &event,
                                 const QJsonObject &headers)
{
    return {QStringLiteral("passing a webhook to the store"),
            QStringLiteral("mutation PaybenchWebhook($providerId: ID!, $event: JSON!, $headers: "
                           "JSON!) { handlePaymentProviderWebhook(providerId: $providerId, event: "
                           "$event, headers: $headers) { success message statusCode error } }"),
            QJsonObject{{QStringLiteral("providerId"), providerId},
                        {QStringLiteral("event"), event},
                        {QStringLiteral("headers"), headers}}};
}

GraphqlOperation connectionTestQuery()
{
    return {QStringLiteral("testing the connection"),
            QStringLiteral("query PaybenchConnectionTest { paymentProvidersCount }"),
            {}};
}

} // namespace paybench::openfront

#pragma once

#include "GraphqlClient.h"

#include <QJsonArray>
#include <QStringList>

namespace paybench::openfront {

// The GraphQL operations Paybench sends to Openfront, written against the PaymentProvider and
// Region part of its schema (the same in versions A and B; see the fact sheet, section 5).

// {"query": document, "variables": variables}: what is POSTed, and what export-openfront
// --format graphql prints.
QJsonObject requestBody(const GraphqlOperation &operation);

// The fields read from a PaymentProvider, regions included (code, name, currency, countries).
QString providerSelection();

// paymentProviders(where: ...): every provider, or those with the given codes.
GraphqlOperation providersQuery(const QStringList &codes = {});
// regions(where: {code: {in: codes}}) { id code }
GraphqlOperation regionsQuery(const QStringList &codes);
// createPaymentProvider(data: PaymentProviderCreateInput!)
GraphqlOperation createProviderMutation(const QJsonObject &data);
// updatePaymentProvider(where: {code}, data: PaymentProviderUpdateInput!)
GraphqlOperation updateProviderMutation(const QString &code, const QJsonObject &data);
// createPaymentProviders(data: [PaymentProviderCreateInput!]!), as export-openfront prints it.
GraphqlOperation createProvidersMutation(const QJsonArray &records);
// handlePaymentProviderWebhook(providerId: ID!, event: JSON!, headers: JSON!)
GraphqlOperation webhookMutation(const QString &providerId, const QJsonValue &event,
                                 const QJsonObject &headers);
// paymentProvidersCount: a small authenticated query to test a connection.
GraphqlOperation connectionTestQuery();

} // namespace paybench::openfront

#pragma once

#include "LoopbackHttpServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>

namespace paybench::test {

// TEST DOUBLE, not Openfront: a loopback stand-in for a store's /api/graphql that knows only the
// PaymentProvider/Region operations Paybench sends. It refuses (GraphQL errors) a document whose
// operation name, declared variable types or root field differ from Openfront's schema (fact
// sheet, section 5), input fields that PaymentProviderCreateInput/UpdateInput lack, and regions
// not in {connect|set: [{code}]} shape; it answers 401 without the right Bearer key and keeps
// providers in memory.
class GraphqlStoreDouble
{
public:
    QString apiKey = QStringLiteral("of_test_key");
    QMap<QString, QJsonObject> providers; // by code, regions as a list of codes
    QStringList regionCodes{QStringLiteral("eu")};
    int writes = 0;
    QJsonObject lastWebhookHeaders; // the headers argument of the last webhook
    bool answerHtml = false;        // answer every request with an HTML page
    int refuseWithStatus = 0;       // answer every request with this status (403: a revoked key)
    // From this many writes on, a mutation is answered HTTP 200 with a GraphQL errors array
    // (as Keystone reports a failed resolver); -1: never.
    int failWritesFrom = -1;

    GraphqlStoreDouble()
        : server([this](const LoopbackHttpServer::Request &request) { return answer(request); })
    {}
    [[nodiscard]] QString url() const
    {
        return QStringLiteral("http://127.0.0.1:%1/api/graphql").arg(server.port());
    }
    LoopbackHttpServer server;

private:
    static LoopbackHttpServer::Answer errors(const QString &message)
    {
        return {400, "application/json",
                QJsonDocument(
                    QJsonObject{{QStringLiteral("errors"),
                                 QJsonArray{QJsonObject{{QStringLiteral("message"), message}}}}})
                    .toJson(QJsonDocument::Compact)};
    }
    static LoopbackHttpServer::Answer data(const QJsonObject &object)
    {
        return {200, "application/json",
                QJsonDocument(QJsonObject{{QStringLiteral("data"), object}})
                    .toJson(QJsonDocument::Compact)};
    }
    static bool validInput(const QJsonObject &data, const QString &relation)
    {
        static const QStringList fields{QStringLiteral("name"),
                                        QStringLiteral("code"),
                                        QStringLiteral("isInstalled"),
                                        QStringLiteral("credentials"),
                                        QStringLiteral("metadata"),
                                        QStringLiteral("createPaymentFunction"),
                                        QStringLiteral("capturePaymentFunction"),
                                        QStringLiteral("refundPaymentFunction"),
                                        QStringLiteral("getPaymentStatusFunction"),
                                        QStringLiteral("generatePaymentLinkFunction"),
                                        QStringLiteral("handleWebhookFunction"),
                                        QStringLiteral("regions")};
        for (auto it = data.begin(); it != data.end(); ++it) {
            if (!fields.contains(it.key()))
                return false;
        }
        if (!data.contains(QStringLiteral("regions")))
            return true;
        const QJsonObject regions = data.value(QStringLiteral("regions")).toObject();
        if (regions.keys() != QStringList{relation})
            return false;
        const QJsonArray list = regions.value(relation).toArray();
        for (const QJsonValue region : list) {
            if (region.toObject().keys() != QStringList{QStringLiteral("code")})
                return false;
        }
        return true;
    }
    static QStringList codesOf(const QJsonObject &data, const QString &relation)
    {
        QStringList codes;
        const QJsonArray list =
            data.value(QStringLiteral("regions")).toObject().value(relation).toArray();
        for (const QJsonValue region : list)
            codes.append(region.toObject().value(QStringLiteral("code")).toString());
        return codes;
    }
    QJsonObject stored(const QJsonObject &provider) const
    {
        QJsonObject out = provider;
        QJsonArray regions;
        const QJsonArray codes = provider.value(QStringLiteral("regions")).toArray();
        for (const QJsonValue code : codes)
            regions.append(QJsonObject{
                {QStringLiteral("id"), code},
                {QStringLiteral("code"), code},
                {QStringLiteral("name"), code},
                {QStringLiteral("currency"), QJsonObject{{QStringLiteral("code"), "eur"}}},
                {QStringLiteral("countries"), QJsonArray{}}});
        out.insert(QStringLiteral("regions"), regions);
        return out;
    }

    LoopbackHttpServer::Answer answer(const LoopbackHttpServer::Request &request)
    {
        if (answerHtml)
            return {200, "text/html", "<html>login</html>"};
        if (refuseWithStatus != 0)
            return {refuseWithStatus, "application/json", R"({"error":"Forbidden"})"};
        if (request.header("authorization") != "Bearer " + apiKey.toUtf8())
            return {401, "application/json", R"({"error":"Unauthorized"})"};
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        const QString query = body.value(QStringLiteral("query")).toString();
        const QJsonObject variables = body.value(QStringLiteral("variables")).toObject();
        auto is = [&](const char *pattern) {
            return QRegularExpression(QLatin1String(pattern)).match(query).hasMatch();
        };
        if (is(R"(^query \w+ \{ paymentProvidersCount \}$)"))
            return data({{QStringLiteral("paymentProvidersCount"), int(providers.size())}});
        if (is(R"(^query \w+\(\$where: PaymentProviderWhereInput!\) \{ paymentProviders\(where: \$where\) \{ id name code isInstalled credentials metadata createPaymentFunction capturePaymentFunction refundPaymentFunction getPaymentStatusFunction generatePaymentLinkFunction handleWebhookFunction regions \{ id code name currency \{ code \} countries \{ iso2 \} \} \} \}$)")) {
            const QJsonArray in = variables.value(QStringLiteral("where"))
                                      .toObject()
                                      .value(QStringLiteral("code"))
                                      .toObject()
                                      .value(QStringLiteral("in"))
                                      .toArray();
            QJsonArray list;
            for (const QJsonObject &provider : std::as_const(providers)) {
                if (in.isEmpty() || in.contains(provider.value(QStringLiteral("code"))))
                    list.append(stored(provider));
            }
            return data({{QStringLiteral("paymentProviders"), list}});
        }
        if (is(R"(^query \w+\(\$where: RegionWhereInput!\) \{ regions\(where: \$where\) \{ id code \} \}$)")) {
            QJsonArray list;
            for (const QString &code : std::as_const(regionCodes))
                list.append(
                    QJsonObject{{QStringLiteral("id"), code}, {QStringLiteral("code"), code}});
            return data({{QStringLiteral("regions"), list}});
        }
        if (failWritesFrom >= 0 && writes >= failWritesFrom &&
            is(R"(^mutation \w+\(\$(data|where):)")) {
            LoopbackHttpServer::Answer failed =
                errors(QStringLiteral("Access denied: the key may not write payment providers"));
            failed.status = 200;
            return failed;
        }
        if (is(R"(^mutation \w+\(\$data: PaymentProviderCreateInput!\) \{ createPaymentProvider\(data: \$data\) \{ id code \} \}$)")) {
            const QJsonObject input = variables.value(QStringLiteral("data")).toObject();
            if (!validInput(input, QStringLiteral("connect")))
                return errors(QStringLiteral("Variable \"$data\" got invalid value"));
            QJsonObject provider = input;
            provider.insert(QStringLiteral("id"),
                            QStringLiteral("id_") + input.value("code").toString());
            provider.insert(QStringLiteral("regions"),
                            QJsonArray::fromStringList(codesOf(input, QStringLiteral("connect"))));
            if (!provider.contains(QStringLiteral("credentials")))
                provider.insert(QStringLiteral("credentials"), QJsonObject());
            providers.insert(input.value(QStringLiteral("code")).toString(), provider);
            ++writes;
            return data({{QStringLiteral("createPaymentProvider"), provider}});
        }
        if (is(R"(^mutation \w+\(\$where: PaymentProviderWhereUniqueInput!, \$data: PaymentProviderUpdateInput!\) \{ updatePaymentProvider\(where: \$where, data: \$data\) \{ id code \} \}$)")) {
            const QJsonObject input = variables.value(QStringLiteral("data")).toObject();
            const QString code =
                variables.value(QStringLiteral("where")).toObject().value("code").toString();
            if (!validInput(input, QStringLiteral("set")) || !providers.contains(code))
                return errors(QStringLiteral("Variable \"$data\" got invalid value"));
            QJsonObject &provider = providers[code];
            for (auto it = input.begin(); it != input.end(); ++it)
                provider.insert(it.key(), it.key() == QLatin1String("regions")
                                              ? QJsonValue(QJsonArray::fromStringList(
                                                    codesOf(input, QStringLiteral("set"))))
                                              : it.value());
            ++writes;
            return data({{QStringLiteral("updatePaymentProvider"), provider}});
        }
        if (is(R"(^mutation \w+\(\$providerId: ID!, \$event: JSON!, \$headers: JSON!\) \{ handlePaymentProviderWebhook\(providerId: \$providerId, event: \$event, headers: \$headers\) \{ success message statusCode error \} \}$)")) {
            lastWebhookHeaders = variables.value(QStringLiteral("headers")).toObject();
            const QString type = variables.value(QStringLiteral("event"))
                                     .toObject()
                                     .value(QStringLiteral("type"))
                                     .toString();
            return data(
                {{QStringLiteral("handlePaymentProviderWebhook"),
                  QJsonObject{{QStringLiteral("success"), true},
                              {QStringLiteral("message"), QStringLiteral("handled ") + type},
                              {QStringLiteral("statusCode"), 200},
                              {QStringLiteral("error"), QJsonValue::Null}}}});
        }
        return errors(QStringLiteral("Syntax Error or unknown operation"));
    }
};

} // namespace paybench::test

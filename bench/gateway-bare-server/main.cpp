// The baseline for bench/gateway-vs-bare.sh: two bare Qt HttpServer routes that do the least a
// gateway must. create-payment parses the JSON body, checks the API key, keeps a small record
// under a new id and answers a JSON of the gateway's shape; get-payment-status parses the body,
// looks the id up and answers. No connection limits, no logging, no state file.
// With --stateless, create-payment keeps nothing: the latency floor of a route on this machine
// (a growing QHash stops the server while it rehashes, which shows in the p99).
#include <QCoreApplication>
#include <QHash>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <cstdio>

namespace {

struct Record {
    qint64 amount = 0;
    QString currency;
};

QHttpServerResponse error(const QString &message, QHttpServerResponse::StatusCode status)
{
    return QHttpServerResponse(QJsonObject{{QStringLiteral("error"), message}}, status);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool stateless = QCoreApplication::arguments().contains(QStringLiteral("--stateless"));
    const QString apiKey = QStringLiteral("bench-key");
    QHash<QString, Record> payments;
    QHttpServer server;

    server.route(
        QStringLiteral("/api/create-payment"), QHttpServerRequest::Method::Post,
        [&](const QHttpServerRequest &request) {
            const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
            if (body.value(QStringLiteral("provider"))
                    .toObject()
                    .value(QStringLiteral("credentials"))
                    .toObject()
                    .value(QStringLiteral("apiKey"))
                    .toString() != apiKey)
                return error(QStringLiteral("invalid API key"),
                             QHttpServerResponse::StatusCode::Unauthorized);
            const qint64 amount = body.value(QStringLiteral("amount")).toInteger();
            const QString currency = body.value(QStringLiteral("currency")).toString();
            quint32 words[3];
            QRandomGenerator::global()->fillRange(words);
            const QString id =
                QStringLiteral("pay_") +
                QString::fromLatin1(
                    QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
            if (!stateless)
                payments.insert(id, {amount, currency});
            const QJsonObject session{
                {QStringLiteral("paymentIntentId"), id},
                {QStringLiteral("clientSecret"), id + QStringLiteral("_secret")},
                {QStringLiteral("status"), QStringLiteral("authorized")},
                {QStringLiteral("amount"), amount},
                {QStringLiteral("currency"), currency}};
            return QHttpServerResponse(QJsonObject{{QStringLiteral("sessionData"), session},
                                                   {QStringLiteral("paymentId"), id},
                                                   {QStringLiteral("paymentIntentId"), id}});
        });

    server.route(
        QStringLiteral("/api/get-payment-status"), QHttpServerRequest::Method::Post,
        [&](const QHttpServerRequest &request) {
            const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
            const QString id = body.value(QStringLiteral("paymentId")).toString();
            const auto it = payments.constFind(id);
            if (it == payments.cend())
                return error(QStringLiteral("unknown payment"),
                             QHttpServerResponse::StatusCode::NotFound);
            return QHttpServerResponse(QJsonObject{
                {QStringLiteral("status"), QStringLiteral("authorized")},
                {QStringLiteral("amount"), it->amount},
                {QStringLiteral("currency"), it->currency},
                {QStringLiteral("data"), QJsonObject{{QStringLiteral("paymentId"), id},
                                                     {QStringLiteral("amount"), it->amount},
                                                     {QStringLiteral("currency"), it->currency}}}});
        });

    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    if (port == 0) {
        std::fprintf(stderr, "gateway-bare-server: cannot listen\n");
        return 1;
    }
    std::printf("listening on http://127.0.0.1:%u\n", unsigned(port));
    std::fflush(stdout);
    return QCoreApplication::exec();
}

#include "GraphqlClient.h"

#include "OpenfrontDocuments.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>

#include <optional>

namespace paybench::openfront {
namespace {

// The messages of a GraphQL errors array, joined; Keystone puts the reason in "message".
QString graphqlErrorText(const QJsonArray &errors)
{
    QStringList messages;
    for (const QJsonValue error : errors) {
        const QString message = error.toObject().value(QStringLiteral("message")).toString();
        messages.append(message.isEmpty() ? QStringLiteral("(an error without a message)")
                                          : message.left(500));
    }
    return messages.join(QStringLiteral("; "));
}

} // namespace

QString graphqlUrlProblem(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return QStringLiteral("\"%1\" is not an http(s) URL of a store's GraphQL API (such as "
                              "https://shop.example/api/graphql)")
            .arg(url.toDisplayString(QUrl::RemoveUserInfo));
    if (!url.userInfo().isEmpty())
        return QStringLiteral("the GraphQL URL must not hold a user name or password; the API "
                              "key is given separately");
    return {};
}

GraphqlClient::GraphqlClient(GraphqlEndpoint endpoint, QObject *parent)
    : QObject(parent), m_endpoint(std::move(endpoint)), m_network(new QNetworkAccessManager(this)),
      m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (!m_reply)
            return;
        m_timedOut = true;
        m_reply->abort();
    });
}

GraphqlClient::~GraphqlClient()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void GraphqlClient::finishLater(GraphqlResult result)
{
    QMetaObject::invokeMethod(
        this, [this, result = std::move(result)] { Q_EMIT requestFinished(result); },
        Qt::QueuedConnection);
}

void GraphqlClient::send(const GraphqlOperation &operation)
{
    const QString where =
        QStringLiteral("%1 at %2")
            .arg(operation.purpose, m_endpoint.url.toDisplayString(QUrl::RemoveUserInfo));
    if (isBusy()) {
        finishLater({GraphqlFailure::Connection,
                     where + QStringLiteral(": another request is still running"),
                     0,
                     {}});
        return;
    }
    if (const QString problem = graphqlUrlProblem(m_endpoint.url); !problem.isEmpty()) {
        finishLater(
            {GraphqlFailure::BadUrl, operation.purpose + QStringLiteral(": ") + problem, 0, {}});
        return;
    }
    m_purpose = where;
    m_timedOut = false;
    m_tooLarge = false;

    QNetworkRequest request(m_endpoint.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Authorization", "Bearer " + m_endpoint.apiKey.toUtf8());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    if (!m_endpoint.extraCaCertificates.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_endpoint.extraCaCertificates);
        request.setSslConfiguration(tls);
    }
    const QByteArray body = QJsonDocument(requestBody(operation)).toJson(QJsonDocument::Compact);
    m_reply = m_network->post(request, body);
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64) {
        if (received > kMaxAnswerBytes && m_reply) {
            m_tooLarge = true;
            m_reply->abort();
        }
    });
    connect(m_reply, &QNetworkReply::finished, this, &GraphqlClient::finishReply);
    m_timer->start(m_endpoint.timeoutMs);
}

void GraphqlClient::finishReply()
{
    m_timer->stop();
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    GraphqlResult result;
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    auto fail = [&](GraphqlFailure failure, const QString &what) {
        result.failure = failure;
        result.error = m_purpose + QStringLiteral(": ") + what;
        Q_EMIT requestFinished(result);
    };
    if (m_timedOut)
        return fail(GraphqlFailure::Timeout,
                    QStringLiteral("no answer within %1 s").arg(m_endpoint.timeoutMs / 1000.0));
    if (m_tooLarge)
        return fail(GraphqlFailure::TooLarge, QStringLiteral("the answer is larger than %1 MiB")
                                                  .arg(kMaxAnswerBytes / (qint64{1024} * 1024)));
    if (result.httpStatus == 401 || result.httpStatus == 403)
        return fail(GraphqlFailure::Unauthorized,
                    QStringLiteral("the store refused the API key (HTTP %1); check it with "
                                   "paybench-cli openfront connect")
                        .arg(result.httpStatus));
    const QNetworkReply::NetworkError error = reply->error();
    if (result.httpStatus == 0 && error != QNetworkReply::NoError) {
        if (error == QNetworkReply::SslHandshakeFailedError)
            return fail(GraphqlFailure::Tls,
                        QStringLiteral("TLS failed: %1").arg(reply->errorString()));
        return fail(GraphqlFailure::Connection,
                    QStringLiteral("cannot connect: %1").arg(reply->errorString()));
    }
    const QByteArray body = reply->readAll();
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject answer = document.object();
    // GraphQL servers answer errors with 400 and a JSON body; its errors say more than the code.
    if (parseError.error == QJsonParseError::NoError && document.isObject() &&
        answer.value(QStringLiteral("errors")).isArray() &&
        !answer.value(QStringLiteral("errors")).toArray().isEmpty())
        return fail(GraphqlFailure::GraphqlErrors,
                    QStringLiteral("the store answered with errors: %1")
                        .arg(graphqlErrorText(answer.value(QStringLiteral("errors")).toArray())));
    if (result.httpStatus < 200 || result.httpStatus > 299)
        return fail(
            GraphqlFailure::Http,
            QStringLiteral("HTTP %1 %2")
                .arg(result.httpStatus)
                .arg(QString::fromLatin1(
                    reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray())));
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return fail(GraphqlFailure::NotJson,
                    QStringLiteral("the answer is not a JSON object (%1 bytes starting \"%2\"); "
                                   "is this the store's /api/graphql URL?")
                        .arg(body.size())
                        .arg(QString::fromUtf8(body.left(40)).simplified()));
    if (!answer.value(QStringLiteral("data")).isObject())
        return fail(GraphqlFailure::NotJson, QStringLiteral("the answer has no data object"));
    result.data = answer.value(QStringLiteral("data")).toObject();
    Q_EMIT requestFinished(result);
}

GraphqlResult sendBlocking(const GraphqlEndpoint &endpoint, const GraphqlOperation &operation)
{
    GraphqlClient client(endpoint);
    QEventLoop loop;
    std::optional<GraphqlResult> result;
    QObject::connect(&client, &GraphqlClient::requestFinished, &loop,
                     [&](const GraphqlResult &finished) {
                         result = finished;
                         loop.quit();
                     });
    client.send(operation);
    loop.exec(); // the client's own timer bounds the wait
    return *result;
}

} // namespace paybench::openfront

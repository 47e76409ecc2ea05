#pragma once

// Loopback servers for the client tests: a minimal gateway on QHttpServer that follows the
// documented contract (with a few broken scenarios), and a raw TCP/TLS server for the answers
// QHttpServer cannot give (silence, redirects, TLS with a self-signed certificate).

#include "OrderedJson.h"
#include "WebhookSigner.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace testsupport {

inline const QString kApiKey = QStringLiteral("sk_test_ClientSuiteSecret123");
inline const QString kWebhookSecret = QStringLiteral("whsec_ClientSuiteWebhook456");

// A gateway under /<scenario>/api/<function>. Scenario "ok" honours the contract; the others
// break it in one way each.
class MiniGateway
{
public:
    MiniGateway()
    {
        m_server.route(QStringLiteral("/<arg>/api/<arg>"),
                       [this](const QString &scenario, const QString &function,
                              const QHttpServerRequest &request) {
                           return answer(scenario, function, request);
                       });
        // listen() is deprecated from Qt 6.8; a bound QTcpServer works on every version.
        auto *tcp = new QTcpServer(&m_server);
        if (tcp->listen(QHostAddress::LocalHost, 0))
            m_server.bind(tcp);
        m_port = tcp->serverPort();
    }

    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QString baseUrl(const QString &scenario) const
    {
        return QStringLiteral("http://127.0.0.1:%1/%2").arg(m_port).arg(scenario);
    }
    QByteArray lastBody;

private:
    QHttpServerResponse answer(const QString &scenario, const QString &function,
                               const QHttpServerRequest &request)
    {
        lastBody = request.body();
        if (request.method() != QHttpServerRequest::Method::Post)
            return QHttpServerResponse(QJsonObject{{"error", "Method not allowed"}},
                                       QHttpServerResponse::StatusCode::MethodNotAllowed);
        const auto parsed = paybench::json::parse(request.body());
        if (!parsed.value)
            return QHttpServerResponse(QJsonObject{{"error", "Malformed JSON"}},
                                       QHttpServerResponse::StatusCode::BadRequest);
        const QJsonObject body = parsed.value->toQJson().toObject();
        const QJsonObject credentials =
            body.value("provider").toObject().value("credentials").toObject();
        if (credentials.value("apiKey").toString() != kApiKey)
            return QHttpServerResponse(QJsonObject{{"error", "Invalid API key"}},
                                       QHttpServerResponse::StatusCode::Unauthorized);
        if (scenario == QLatin1String("html"))
            return QHttpServerResponse("text/html", "<html><body>Oops</body></html>");
        if (scenario == QLatin1String("empty"))
            return QHttpServerResponse("application/json", QByteArray());
        if (scenario == QLatin1String("crash"))
            return QHttpServerResponse("text/html", "<h1>Internal Server Error</h1>",
                                       QHttpServerResponse::StatusCode::InternalServerError);

        const QString paymentId = body.value("paymentId").toString();
        const double amount = body.value("amount").toDouble();
        if (function == QLatin1String("create-payment")) {
            ++m_payments;
            const QString id = QStringLiteral("pay_%1").arg(m_payments);
            if (scenario == QLatin1String("missing"))
                return QHttpServerResponse(QJsonObject{{"sessionData", QJsonObject{}}});
            return QHttpServerResponse(QJsonObject{
                {"sessionData", QJsonObject{{"clientSecret", id + "_secret"}}}, {"paymentId", id}});
        }
        if (function == QLatin1String("capture-payment")) {
            if (scenario == QLatin1String("types"))
                return QHttpServerResponse(
                    QJsonObject{{"success", "yes"},
                                {"transactionId", 12},
                                {"capturedAmount", QString::number(amount)}});
            return QHttpServerResponse(QJsonObject{{"success", true},
                                                   {"transactionId", "tx_" + paymentId},
                                                   {"capturedAmount", amount}});
        }
        if (function == QLatin1String("refund-payment"))
            return QHttpServerResponse(QJsonObject{
                {"success", true}, {"refundId", "re_" + paymentId}, {"refundedAmount", amount}});
        if (function == QLatin1String("get-payment-status"))
            return QHttpServerResponse(
                QJsonObject{{"status", scenario == QLatin1String("enum") ? "CAPTURED" : "captured"},
                            {"amount", 1999},
                            {"currency", "EUR"},
                            {"lastUpdated", "2026-11-24T06:00:00.000Z"}});
        if (function == QLatin1String("generate-payment-link"))
            return QHttpServerResponse(
                QJsonObject{{"url", "https://dashboard.example.com/payments/" + paymentId}});
        if (function == QLatin1String("handle-webhook")) {
            const QJsonObject headers = body.value("headers").toObject();
            // Signature over the raw body when Openfront gives it, else over the re-serialised
            // event (what the documentation's handler does).
            QByteArray raw = headers.value("__rawBody").toString().toUtf8();
            if (raw.isEmpty())
                raw = paybench::json::stringify(*parsed.value->member(QStringLiteral("event")));
            const paybench::webhook::WebhookSigner signer(paybench::webhook::Scheme::Gateway,
                                                          kWebhookSecret.toUtf8());
            const bool valid =
                signer
                    .verify(raw, {{QByteArray("x-gateway-signature"),
                                   headers.value("x-gateway-signature").toString().toUtf8()}})
                    .valid();
            if (!valid)
                return QHttpServerResponse(
                    QJsonObject{{"verified", false}, {"error", "Invalid webhook signature"}},
                    QHttpServerResponse::StatusCode::Forbidden);
            const QJsonObject event = body.value("event").toObject();
            return QHttpServerResponse(QJsonObject{
                {"verified", true},
                {"eventType", event.value("type")},
                {"paymentId",
                 event.value("data").toObject().value("payment").toObject().value("id")},
                {"shouldUpdatePayment", true}});
        }
        return QHttpServerResponse(QJsonObject{{"error", "unknown function"}},
                                   QHttpServerResponse::StatusCode::NotFound);
    }

    QHttpServer m_server;
    quint16 m_port = 0;
    int m_payments = 0;
};

// A self-signed certificate for 127.0.0.1 and localhost, generated now.
struct TestCertificate {
    QSslCertificate certificate;
    QSslKey key;
};

inline TestCertificate makeSelfSignedCertificate(int validSeconds = 3600)
{
    EVP_PKEY *pkey = EVP_EC_gen("P-256");
    X509 *x509 = X509_new();
    X509_set_version(x509, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x509), 42);
    X509_gmtime_adj(X509_getm_notBefore(x509), -60);
    X509_gmtime_adj(X509_getm_notAfter(x509), validSeconds);
    X509_set_pubkey(x509, pkey);
    X509_NAME *name = X509_get_subject_name(x509);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("Paybench Test"), -1, -1, 0);
    X509_set_issuer_name(x509, name);
    X509_EXTENSION *san =
        X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    X509_add_ext(x509, san, -1);
    X509_EXTENSION_free(san);
    X509_sign(x509, pkey, EVP_sha256());

    BIO *certBio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(certBio, x509);
    BIO *keyBio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(keyBio, pkey, nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long certLength = BIO_get_mem_data(certBio, &data);
    const QByteArray certPem(data, static_cast<qsizetype>(certLength));
    const long keyLength = BIO_get_mem_data(keyBio, &data);
    const QByteArray keyPem(data, static_cast<qsizetype>(keyLength));
    BIO_free(certBio);
    BIO_free(keyBio);
    X509_free(x509);
    EVP_PKEY_free(pkey);
    return {QSslCertificate(certPem, QSsl::Pem), QSslKey(keyPem, QSsl::Ec, QSsl::Pem)};
}

// Answers every request on a connection with one canned raw HTTP answer, or never answers
// (empty answer). With a certificate, it speaks TLS.
class RawServer : public QObject
{
public:
    explicit RawServer(QByteArray rawAnswer, const TestCertificate *tls = nullptr)
        : m_answer(std::move(rawAnswer))
    {
        if (tls) {
            auto *server = new QSslServer(this);
            QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
            configuration.setLocalCertificate(tls->certificate);
            configuration.setPrivateKey(tls->key);
            server->setSslConfiguration(configuration);
            m_server = server;
        } else {
            m_server = new QTcpServer(this);
        }
        QObject::connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_received += socket->readAll();
                    if (!m_answer.isEmpty() && m_received.contains("\r\n\r\n")) {
                        socket->write(m_answer);
                        socket->disconnectFromHost();
                    }
                });
            }
        });
        m_server->listen(QHostAddress::LocalHost, 0);
    }
    [[nodiscard]] quint16 port() const { return m_server->serverPort(); }
    QByteArray m_received;

private:
    QTcpServer *m_server = nullptr;
    QByteArray m_answer;
};

inline QByteArray rawJsonAnswer(const QByteArray &body)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace testsupport

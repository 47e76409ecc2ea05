#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace paybench::openfront {

// Where an Openfront store answers GraphQL, and with which key (Authorization: Bearer of_...).
struct GraphqlEndpoint {
    QUrl url;
    QString apiKey;
    int timeoutMs = 30'000;
    QList<QSslCertificate> extraCaCertificates; // trusted besides the system's (a test CA)
};

// One GraphQL operation: what it is for (named in every error), its document and variables.
struct GraphqlOperation {
    QString purpose; // "reading the store's payment providers"
    QString document;
    QJsonObject variables;
};

enum class GraphqlFailure {
    None,
    BadUrl,        // not an http(s) URL with a host
    Connection,    // refused, DNS, reset
    Tls,           // certificate or handshake
    Unauthorized,  // HTTP 401 or 403: wrong or missing API key
    Http,          // another non-2xx status
    NotJson,       // the answer is not a JSON object
    GraphqlErrors, // the answer has an errors array
    Timeout,
    TooLarge,
};

struct GraphqlResult {
    GraphqlFailure failure = GraphqlFailure::None;
    QString error; // plain words naming the operation and what failed; never the API key
    int httpStatus = 0;
    QJsonObject data;
    [[nodiscard]] bool ok() const { return failure == GraphqlFailure::None; }
};

// Sends one GraphQL operation at a time to an Openfront store with QNetworkAccessManager: POST
// of {"query", "variables"} with the Bearer key, no redirects followed, TLS always verified, the
// answer read up to 16 MiB, one time limit for the whole exchange. Every send() ends in exactly
// one requestFinished, from the event loop (also for a bad URL, or when a send is already
// running).
class GraphqlClient final : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxAnswerBytes = qint64{16} * 1024 * 1024;

    explicit GraphqlClient(GraphqlEndpoint endpoint, QObject *parent = nullptr);
    ~GraphqlClient() override;
    Q_DISABLE_COPY_MOVE(GraphqlClient)

    void send(const GraphqlOperation &operation);
    [[nodiscard]] bool isBusy() const { return !m_reply.isNull(); }

signals:
    void requestFinished(const paybench::openfront::GraphqlResult &result);

private:
    void finishLater(GraphqlResult result);
    void finishReply();

    GraphqlEndpoint m_endpoint;
    QNetworkAccessManager *m_network;
    QTimer *m_timer;
    QPointer<QNetworkReply> m_reply;
    QString m_purpose;
    bool m_timedOut = false;
    bool m_tooLarge = false;
};

// Checks that url can be a store's GraphQL endpoint; an error in plain words, or empty.
QString graphqlUrlProblem(const QUrl &url);

// Sends operation and waits for its answer in a local event loop (for the CLI).
GraphqlResult sendBlocking(const GraphqlEndpoint &endpoint, const GraphqlOperation &operation);

} // namespace paybench::openfront

Q_DECLARE_METATYPE(paybench::openfront::GraphqlResult)

#include "ConnectionGuard.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <utility>

namespace paybench::gateway {
namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 417:
        return "Expectation Failed";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Error";
    }
}

// A complete answer that closes the connection. Only fixed values go into headers: no request
// data is ever copied into one.
QByteArray refusal(int status, const QString &message, const QByteArray &allow = {})
{
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("error"), message}})
                                .toJson(QJsonDocument::Compact);
    QByteArray answer =
        "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
        "\r\nConnection: close\r\n";
    if (!allow.isEmpty())
        answer += "Allow: " + allow + "\r\n";
    return answer + "\r\n" + body;
}

bool isToken(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

bool isDigits(const QByteArray &text)
{
    if (text.isEmpty() || text.size() > 18)
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

struct Verdict {
    int status = 0; // 0: accepted
    QString reason;
    QByteArray allow;
    qint64 contentLength = 0;
    bool expectContinue = false;
    bool closeAfter = false; // HTTP/1.0 without keep-alive, or Connection: close
    QByteArray method;
    QByteArray path;
};

} // namespace

// The guard's view of one connection: where the current request is in the byte stream, and
// its deadline. A child of the socket, so it goes away with it.
class GuardedConnection final : public QObject
{
public:
    GuardedConnection(ConnectionGuard *guard, QTcpSocket *socket)
        : QObject(socket), m_guard(guard), m_socket(socket)
    {
        m_deadline.setSingleShot(true);
        connect(&m_deadline, &QTimer::timeout, this, &GuardedConnection::onDeadline);
        connect(socket, &QTcpSocket::readyRead, this, &GuardedConnection::onReadyRead);
        m_deadline.start(m_guard->m_limits.idleTimeoutMs);
    }
    ~GuardedConnection() override
    {
        if (m_guard)
            m_guard->forget(m_socket);
    }
    Q_DISABLE_COPY_MOVE(GuardedConnection)

    void requestDispatched()
    {
        // Qt HttpServer consumed the request; whatever it left unread was scanned already.
        m_scanned = m_socket->bytesAvailable();
    }

    void responseWritten()
    {
        m_awaitingResponse = false;
        if (m_closeAfterResponse) {
            // Qt HttpServer 6.4 ignores Connection: close; the guard honours it, once the
            // responder is gone: Qt HttpServer 6.8 deletes a connection that is no longer
            // connected when its responder goes, before the answer has left the socket buffer.
            m_refused = true;
            m_deadline.stop();
            QMetaObject::invokeMethod(
                this,
                [this] {
                    cutOffHttpServer();
                    m_socket->disconnectFromHost();
                },
                Qt::QueuedConnection);
            return;
        }
        if (!m_refused)
            m_deadline.start(m_guard->m_limits.idleTimeoutMs);
    }

    void markHandedOff() { m_handedOff = true; }

private:
    enum class Phase { Head, Body };

    void onReadyRead()
    {
        if (m_refused) {
            m_socket->readAll(); // discard: nobody will read it
            return;
        }
        const qint64 available = m_socket->bytesAvailable();
        if (available > m_scanned) {
            const QByteArray data = m_socket->peek(available);
            scan(data.mid(m_scanned));
            m_scanned = available;
        }
        if (m_refused || !m_guard)
            return;
        if (m_handedOff) {
            m_guard->m_current = m_socket;
        } else if (m_phase == Phase::Body || m_awaitingResponse) {
            // The first head is accepted: from now on Qt HttpServer reads this connection.
            // Bytes already buffered raise no new readyRead, so replay it for Qt HttpServer.
            m_guard->handOff(m_socket);
            m_guard->m_current = m_socket;
            Q_EMIT m_socket->readyRead();
        }
    }

    void scan(const QByteArray &data)
    {
        qsizetype pos = 0;
        while (pos < data.size() && !m_refused) {
            if (m_phase == Phase::Head) {
                if (m_awaitingResponse) {
                    refuse(400, QStringLiteral("pipelined requests are not supported: wait for "
                                               "each answer before sending the next request"));
                    return;
                }
                if (m_head.isEmpty())
                    m_deadline.start(m_guard->m_limits.requestTimeoutMs);
                // Search from a little before the new bytes: the blank line may straddle reads.
                const qsizetype searchFrom = qMax<qsizetype>(0, m_head.size() - 3);
                const qsizetype room = m_guard->m_limits.maxHeaderBytes - m_head.size();
                const qsizetype chunk = qMin<qsizetype>(data.size() - pos, room + 1);
                m_head.append(data.constData() + pos, chunk);
                const qsizetype end = m_head.indexOf("\r\n\r\n", searchFrom);
                if (end < 0) {
                    if (m_head.size() > m_guard->m_limits.maxHeaderBytes) {
                        refuse(431, QStringLiteral("request head over %1 bytes")
                                        .arg(m_guard->m_limits.maxHeaderBytes));
                        return;
                    }
                    pos += chunk;
                    continue;
                }
                const qsizetype headBytes = end + 4;
                pos += chunk - (m_head.size() - headBytes);
                m_head.truncate(end);
                const Verdict verdict = judge(m_head);
                m_head.clear();
                if (verdict.status != 0) {
                    refuse(verdict.status, verdict.reason, verdict.allow, verdict.method,
                           verdict.path);
                    return;
                }
                if (verdict.expectContinue && verdict.contentLength > 0)
                    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                m_bodyRemaining = verdict.contentLength;
                m_closeAfterResponse = verdict.closeAfter;
                m_phase = Phase::Body;
            }
            const qint64 take = qMin<qint64>(m_bodyRemaining, data.size() - pos);
            pos += take;
            m_bodyRemaining -= take;
            if (m_bodyRemaining == 0) {
                m_phase = Phase::Head;
                m_awaitingResponse = true;
                m_deadline.start(m_guard->m_limits.idleTimeoutMs);
            }
        }
    }

    Verdict judge(const QByteArray &head) const
    {
        Verdict v;
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() != 3 || !isToken(requestLine[0]) ||
            !requestLine[1].startsWith('/')) {
            v.status = 400;
            v.reason = QStringLiteral("malformed request line");
            return v;
        }
        v.method = requestLine[0];
        v.path = requestLine[1].left(requestLine[1].indexOf('?') < 0 ? requestLine[1].size()
                                                                     : requestLine[1].indexOf('?'));
        if (requestLine[2] != "HTTP/1.1" && requestLine[2] != "HTTP/1.0") {
            v.status = 505;
            v.reason = QStringLiteral("only HTTP/1.1 and HTTP/1.0 are spoken here");
            return v;
        }
        QList<QByteArray> hosts;
        QList<QByteArray> lengths;
        QByteArray origin;
        QByteArray expect;
        QByteArray connection;
        bool chunked = false;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray &raw = lines[i];
            if (!raw.endsWith('\r') && i + 1 < lines.size()) {
                v.status = 400;
                v.reason = QStringLiteral("header lines must end with CRLF");
                return v;
            }
            const QByteArray line = raw.endsWith('\r') ? raw.chopped(1) : raw;
            const qsizetype colon = line.indexOf(':');
            const QByteArray name = line.left(colon).toLower();
            if (colon <= 0 || !isToken(name)) {
                v.status = 400;
                v.reason = QStringLiteral("malformed header line %1").arg(i);
                return v;
            }
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "host")
                hosts.append(value);
            else if (name == "content-length")
                lengths.append(value);
            else if (name == "transfer-encoding")
                chunked = true;
            else if (name == "origin")
                origin = value;
            else if (name == "connection")
                connection = value.toLower();
            else if (name == "expect")
                expect = value.toLower();
        }
        if (hosts.size() != 1 || !m_guard->isAllowedHost(hosts.first())) {
            v.status = hosts.size() == 1 ? 403 : 400;
            v.reason = hosts.size() == 1
                           ? QStringLiteral("Host '%1' is not this machine (DNS rebinding "
                                            "protection); use 127.0.0.1 or localhost")
                                 .arg(QString::fromLatin1(hosts.first().left(100)))
                           : QStringLiteral("exactly one Host header is required");
            return v;
        }
        if (!origin.isEmpty() && origin != "null") {
            const QUrl url(QString::fromLatin1(origin));
            const QByteArray originHost = url.host().toLatin1();
            if (!url.isValid() ||
                !m_guard->isAllowedHost(originHost.contains(':') ? '[' + originHost + ']'
                                                                 : originHost)) {
                v.status = 403;
                v.reason = QStringLiteral("Origin '%1' is not allowed")
                               .arg(QString::fromLatin1(origin.left(100)));
                return v;
            }
        }
        const QByteArray allowed = m_guard->m_policy(v.path);
        if (allowed.isEmpty()) {
            v.status = 404;
            v.reason =
                QStringLiteral("no such route: %1 %2")
                    .arg(QString::fromLatin1(v.method), QString::fromLatin1(v.path.left(200)));
            return v;
        }
        if (v.method != allowed && !(allowed == "GET" && v.method == "HEAD")) {
            v.status = 405;
            v.reason =
                QStringLiteral("method not allowed: use %1").arg(QString::fromLatin1(allowed));
            v.allow = allowed;
            return v;
        }
        if (chunked) {
            v.status = 411;
            v.reason = QStringLiteral("chunked bodies are not accepted: send Content-Length");
            return v;
        }
        for (const QByteArray &length : lengths) {
            if (!isDigits(length) || length != lengths.first()) {
                v.status = 400;
                v.reason = QStringLiteral("invalid Content-Length");
                return v;
            }
        }
        v.contentLength = lengths.isEmpty() ? 0 : lengths.first().toLongLong();
        if (lengths.isEmpty() && v.method == "POST") {
            v.status = 411;
            v.reason = QStringLiteral("a POST needs a Content-Length");
            return v;
        }
        if (v.contentLength > m_guard->m_limits.maxBodyBytes) {
            v.status = 413;
            v.reason = QStringLiteral("body of %1 bytes is over the limit of %2 bytes")
                           .arg(v.contentLength)
                           .arg(m_guard->m_limits.maxBodyBytes);
            return v;
        }
        if (!expect.isEmpty() && expect != "100-continue") {
            v.status = 417;
            v.reason = QStringLiteral("only Expect: 100-continue is understood");
            return v;
        }
        v.expectContinue = !expect.isEmpty();
        v.closeAfter = connection.contains("close") ||
                       (requestLine[2] == "HTTP/1.0" && !connection.contains("keep-alive"));
        return v;
    }

    void refuse(int status, const QString &reason, const QByteArray &allow = {},
                const QByteArray &method = {}, const QByteArray &path = {})
    {
        m_refused = true;
        m_deadline.stop();
        if (m_handedOff)
            cutOffHttpServer();
        m_socket->write(refusal(status, reason, allow));
        m_socket->disconnectFromHost();
        if (m_guard)
            Q_EMIT m_guard->requestRefused(method, path, status, reason);
    }

    // Qt HttpServer never sees the bytes of a refused connection. It reads on readyRead from
    // the server itself (Qt 6.4) or from a per-connection object (Qt 6.8), so every readyRead
    // receiver but the guard's is cut off.
    void cutOffHttpServer()
    {
        QObject::disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
        connect(m_socket, &QTcpSocket::readyRead, this, &GuardedConnection::onReadyRead);
    }

    void onDeadline()
    {
        if (m_phase == Phase::Body || !m_head.isEmpty()) {
            refuse(408, QStringLiteral("request not received within %1 ms")
                            .arg(m_guard->m_limits.requestTimeoutMs));
        } else {
            // Idle, or an answer that never came (a timeout fault): close without a word.
            m_refused = true;
            if (m_handedOff)
                cutOffHttpServer();
            m_socket->abort();
        }
    }

    QPointer<ConnectionGuard> m_guard;
    QTcpSocket *m_socket;
    QTimer m_deadline;
    Phase m_phase = Phase::Head;
    QByteArray m_head;
    qint64 m_bodyRemaining = 0;
    qint64 m_scanned = 0; // bytes at the front of the socket buffer already scanned
    bool m_awaitingResponse = false;
    bool m_handedOff = false;
    bool m_refused = false;
    bool m_closeAfterResponse = false;
};

ConnectionGuard::ConnectionGuard(const GatewayLimits &limits, const QStringList &allowedHosts,
                                 RoutePolicy policy, QObject *parent)
    : QTcpServer(parent), m_limits(limits), m_allowedHosts(allowedHosts),
      m_policy(std::move(policy))
{}

ConnectionGuard::~ConnectionGuard()
{
    // Sockets go first, while the guard's members are still alive for their bookkeeping.
    const QList<QTcpSocket *> sockets = m_connections.keys();
    m_connections.clear();
    qDeleteAll(sockets);
}

bool ConnectionGuard::isAllowedHost(const QByteArray &hostHeader) const
{
    QByteArray host = hostHeader.trimmed().toLower();
    if (host.startsWith('[')) {
        host = host.mid(1, host.indexOf(']') - 1); // [::1]:8080
    } else if (host.count(':') == 1) {
        host.truncate(host.indexOf(':'));
    }
    if (host.isEmpty())
        return false;
    if (host == "localhost" ||
        m_allowedHosts.contains(QString::fromLatin1(host), Qt::CaseInsensitive))
        return true;
    // An IP literal cannot be re-pointed by DNS.
    return !QHostAddress(QString::fromLatin1(host)).isNull();
}

void ConnectionGuard::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    if (m_connections.size() >= m_limits.maxConnections) {
        socket->write(refusal(
            503, QStringLiteral("too many connections (limit %1)").arg(m_limits.maxConnections)));
        socket->disconnectFromHost();
        Q_EMIT requestRefused({}, {}, 503, QStringLiteral("connection limit reached"));
        return;
    }
    m_connections.insert(socket, new GuardedConnection(this, socket));
}

void ConnectionGuard::handOff(QTcpSocket *socket)
{
    GuardedConnection *connection = m_connections.value(socket);
    if (!connection)
        return;
    connection->markHandedOff();
    // Qt HttpServer deletes the connections it serves. Qt 6.8 parents the socket to its own
    // per-connection object, which may still hold it for an answer held back.
    disconnect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    addPendingConnection(socket);
    // Qt 6.4's QAbstractHttpServer takes connections on newConnection; later versions on
    // pendingConnectionAvailable, which addPendingConnection emits.
    Q_EMIT newConnection();
}

QTcpSocket *ConnectionGuard::takeDispatchedRequest()
{
    QTcpSocket *socket = std::exchange(m_current, nullptr);
    if (GuardedConnection *connection = m_connections.value(socket))
        connection->requestDispatched();
    return socket;
}

void ConnectionGuard::responseWritten(QTcpSocket *socket)
{
    if (GuardedConnection *connection = m_connections.value(socket))
        connection->responseWritten();
}

} // namespace paybench::gateway

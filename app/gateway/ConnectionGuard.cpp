#include "ConnectionGuard.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <optional>
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

QByteArrayView clip(QByteArrayView text, qsizetype length)
{
    return text.first(qMin(length, text.size()));
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

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// A request target of visible ASCII only, so Qt HttpServer reads the same request line.
bool isRequestTarget(QByteArrayView text)
{
    return text.startsWith('/') &&
           std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// The first byte of a TLS record that carries a handshake, as a ClientHello does.
constexpr char kTlsHandshake = 0x16;
// Blank lines a client may send before a request line (RFC 9112, section 2.2), as some send
// after a body. Qt HttpServer skips them too.
constexpr int kMaxBlankLineBytes = 4;

bool isDigits(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18)
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// A refusal the guard answers itself, in the request's turn.
struct Refusal {
    int status = 0;
    QString reason;
    QByteArray allow;
    QByteArray method;
    QByteArray path;
};

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

// The guard's view of one connection. Every byte the client sends is scanned once, in order: the
// guard knows where each request ends and keeps the complete ones (`m_ready`) in the socket's
// buffer until their turn. Bytes are hidden from Qt HttpServer with a read transaction on the
// socket (Qt HttpServer reads on from the transaction's position, so it sees nothing); the
// transaction is rolled back to show it the next complete request, and only when the previous
// answer was written. Qt HttpServer reads exactly one request per readyRead and stops at its
// end, so what it consumed is always a request the guard counted. A child of the socket, so it
// goes away with it.
class GuardedConnection final : public QObject
{
public:
    GuardedConnection(ConnectionGuard *guard, QTcpSocket *socket)
        : QObject(socket), m_guard(guard), m_socket(socket)
    {
        const GatewayLimits &limits = guard->m_limits;
        m_requestStart = guard->now(); // the first head is due from the connection's start
        m_idleSince = m_requestStart;
        m_deadline.setSingleShot(true);
        connect(&m_deadline, &QTimer::timeout, this, &GuardedConnection::onDeadline);
        connect(socket, &QTcpSocket::readyRead, this, &GuardedConnection::onReadyRead);
        // Requests held back wait in the socket's buffer; once it holds the largest request and
        // a bit, the socket stops reading and TCP makes the client wait.
        socket->setReadBufferSize(2 * qint64(limits.maxHeaderBytes) + limits.maxBodyBytes);
        rearm();
    }
    ~GuardedConnection() override
    {
        if (m_guard)
            m_guard->forget(m_socket);
    }
    Q_DISABLE_COPY_MOVE(GuardedConnection)

    // Qt HttpServer read the request shown to it (the front one) and is dispatching it.
    void requestDispatched()
    {
        if (m_ready.isEmpty())
            return;
        const Request request = m_ready.takeFirst();
        m_scanned -= request.bytes;
        m_awaitingResponse = true;
        m_closeAfterResponse = request.closeAfter;
        m_answerDue = m_guard->now();
        rearm();
    }

    void responseWritten()
    {
        if (!m_awaitingResponse || m_closing)
            return;
        m_awaitingResponse = false;
        m_answered = true;
        if (m_closeAfterResponse) {
            // Qt HttpServer 6.4 ignores Connection: close; the guard honours it, once the
            // responder is gone: Qt HttpServer 6.8 deletes a connection that is no longer
            // connected when its responder goes, before the answer has left the socket buffer.
            m_closing = true;
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
        const qint64 now = m_guard->now();
        m_idleSince = now;
        // A request begun while the answer was awaited gets its full time from now on.
        if (m_requestBegun)
            m_requestStart = now;
        if (!m_ready.isEmpty()) {
            // The next request waits in the buffer: a readyRead shows it to Qt HttpServer.
            QMetaObject::invokeMethod(m_socket, &QTcpSocket::readyRead, Qt::QueuedConnection);
        } else {
            answerInTurn();
        }
        rearm();
    }

    void markHandedOff() { m_handedOff = true; }

    // Nothing begun and nothing owed: the connection can be closed without losing a request.
    [[nodiscard]] bool isIdle() const
    {
        return !m_closing && !m_awaitingResponse && m_ready.isEmpty() && !m_refusal &&
               m_phase == Phase::Head && m_head.isEmpty();
    }
    [[nodiscard]] qint64 idleSince() const { return m_idleSince; }

    void closeIdle()
    {
        m_closing = true;
        m_deadline.stop();
        if (m_handedOff)
            cutOffHttpServer();
        m_socket->disconnectFromHost();
    }

private:
    enum class Phase { Head, Body };
    enum class Deadline { None, Answer, Head, Body, Idle };

    // A complete request at the front of the socket's buffer, not yet read by Qt HttpServer.
    struct Request {
        qint64 bytes = 0;
        bool closeAfter = false;
    };

    void onReadyRead()
    {
        if (m_closing) {
            discardInput(); // nobody will read it
            return;
        }
        if (!m_socket->isTransactionStarted()) {
            // Qt HttpServer was shown a request: hide everything again, past what was scanned.
            m_socket->startTransaction();
            if (m_scanned > 0)
                m_socket->skip(m_scanned);
        }
        const QByteArray fresh = m_socket->readAll(); // kept in the buffer by the transaction
        m_scanned += fresh.size();
        if (!fresh.isEmpty() && !m_inputEnded)
            scan(fresh);
        if (m_closing || !m_guard)
            return;
        if (!m_awaitingResponse && !m_ready.isEmpty())
            showFrontRequest();
        else if (!m_awaitingResponse)
            answerInTurn();
        rearm();
    }

    // Lets Qt HttpServer read the front request: its readyRead slot runs after the guard's.
    void showFrontRequest()
    {
        m_socket->rollbackTransaction();
        if (!m_handedOff) {
            // Qt HttpServer connects to readyRead on hand-off, too late for this emission.
            m_guard->handOff(m_socket);
            QMetaObject::invokeMethod(m_socket, &QTcpSocket::readyRead, Qt::QueuedConnection);
            return;
        }
        m_guard->m_current = m_socket;
    }

    // Once every earlier request is answered: the guard's own refusal, or the 100 Continue a
    // request's body waits for.
    void answerInTurn()
    {
        if (m_refusal) {
            const Refusal refusal = *m_refusal;
            refuse(refusal);
        } else if (m_continueOwed) {
            m_continueOwed = false;
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
    }

    void scan(const QByteArray &data)
    {
        const GatewayLimits &limits = m_guard->m_limits;
        qsizetype pos = 0;
        while (pos < data.size() && !m_inputEnded) {
            if (m_phase == Phase::Head) {
                if (!m_requestBegun) {
                    m_requestBegun = true;
                    if (m_answered || !m_ready.isEmpty() || m_awaitingResponse)
                        m_requestStart = m_guard->now();
                }
                if (m_head.isEmpty()) {
                    while (pos < data.size() && (data[pos] == '\r' || data[pos] == '\n') &&
                           m_blankBytes < kMaxBlankLineBytes) {
                        ++pos;
                        ++m_blankBytes;
                    }
                    if (pos == data.size())
                        return;
                }
                const qsizetype searchFrom = qMax<qsizetype>(0, m_head.size() - 3);
                const qsizetype room = limits.maxHeaderBytes - m_head.size();
                const qsizetype chunk = qMin<qsizetype>(data.size() - pos, room + 1);
                m_head.append(data.constData() + pos, chunk);
                if (!checkMethod())
                    return;
                const qsizetype end = m_head.indexOf("\r\n\r\n", searchFrom);
                if (end < 0) {
                    if (m_head.size() > limits.maxHeaderBytes) {
                        refuseInTurn({431,
                                      QStringLiteral("request head over %1 bytes")
                                          .arg(limits.maxHeaderBytes),
                                      {},
                                      {},
                                      {}});
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
                m_methodChecked = 0;
                if (verdict.status != 0) {
                    refuseInTurn({verdict.status, verdict.reason, verdict.allow, verdict.method,
                                  verdict.path});
                    return;
                }
                if (verdict.expectContinue && verdict.contentLength > 0) {
                    // The client sends the body once told to, and a 1xx must not cut into the
                    // answer to an earlier request.
                    if (m_ready.isEmpty() && !m_awaitingResponse)
                        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                    else
                        m_continueOwed = true;
                }
                m_requestBytes = m_blankBytes + headBytes;
                m_bodyRemaining = verdict.contentLength;
                m_requestCloseAfter = verdict.closeAfter;
                m_phase = Phase::Body;
            }
            const qint64 take = qMin<qint64>(m_bodyRemaining, data.size() - pos);
            pos += take;
            m_bodyRemaining -= take;
            m_requestBytes += take;
            if (m_bodyRemaining == 0) {
                m_ready.append({m_requestBytes, m_requestCloseAfter});
                // Nothing after Connection: close is read.
                m_inputEnded = m_requestCloseAfter;
                m_continueOwed = false;
                m_phase = Phase::Head;
                m_requestBegun = false;
                m_requestBytes = 0;
                m_blankBytes = 0;
            }
        }
    }

    // A request line starts with a method: anything else (a TLS hello on this plain HTTP port,
    // binary noise) is refused at its first byte rather than when the head times out.
    bool checkMethod()
    {
        if (m_methodChecked < 0)
            return true;
        for (qsizetype i = m_methodChecked; i < m_head.size(); ++i) {
            const char c = m_head[i];
            if (c == ' ' && i > 0) {
                m_methodChecked = -1;
                return true;
            }
            if (!isTokenChar(c)) {
                refuseInTurn({400,
                              m_head.front() == kTlsHandshake
                                  ? QStringLiteral("this is a plain HTTP port: a TLS handshake "
                                                   "is not understood here (use http://)")
                                  : QStringLiteral("malformed request line"),
                              {},
                              {},
                              {}});
                return false;
            }
        }
        m_methodChecked = m_head.size();
        return true;
    }

    // Every request's head passes here: it is read through views, with no copy per line.
    Verdict judge(const QByteArray &head) const
    {
        Verdict v;
        const QByteArrayView all(head);
        const qsizetype firstEnd = all.indexOf('\n');
        const QByteArrayView requestLine = (firstEnd < 0 ? all : all.first(firstEnd)).trimmed();
        // Exactly three parts separated by single spaces.
        const qsizetype space1 = requestLine.indexOf(' ');
        const qsizetype space2 = space1 < 0 ? -1 : requestLine.indexOf(' ', space1 + 1);
        const QByteArrayView method = requestLine.first(qMax<qsizetype>(space1, 0));
        const QByteArrayView target =
            space2 < 0 ? QByteArrayView() : requestLine.sliced(space1 + 1, space2 - space1 - 1);
        if (space2 < 0 || requestLine.indexOf(' ', space2 + 1) >= 0 || !isToken(method) ||
            !isRequestTarget(target)) {
            v.status = 400;
            v.reason = QStringLiteral("malformed request line");
            return v;
        }
        const QByteArrayView version = requestLine.sliced(space2 + 1);
        v.method = method.toByteArray();
        const qsizetype query = target.indexOf('?');
        v.path = (query < 0 ? target : target.first(query)).toByteArray();
        if (version != "HTTP/1.1" && version != "HTTP/1.0") {
            v.status = 505;
            v.reason = QStringLiteral("only HTTP/1.1 and HTTP/1.0 are spoken here");
            return v;
        }
        QVarLengthArray<QByteArrayView, 2> hosts;
        QVarLengthArray<QByteArrayView, 2> lengths;
        QByteArrayView origin;
        QByteArray expect;
        QByteArray connection;
        QByteArray upgrade;
        bool transferEncoding = false;
        auto is = [](QByteArrayView name, QByteArrayView known) {
            return name.compare(known, Qt::CaseInsensitive) == 0;
        };
        qsizetype lineStart = firstEnd < 0 ? all.size() : firstEnd + 1;
        for (int number = 1; firstEnd >= 0 && lineStart <= all.size(); ++number) {
            const qsizetype lineEnd = all.indexOf('\n', lineStart);
            const bool last = lineEnd < 0;
            const QByteArrayView raw =
                all.sliced(lineStart, (last ? all.size() : lineEnd) - lineStart);
            lineStart = last ? all.size() + 1 : lineEnd + 1;
            const bool crlf = raw.endsWith('\r');
            if (!crlf && !last) {
                v.status = 400;
                v.reason = QStringLiteral("header lines must end with CRLF");
                return v;
            }
            const QByteArrayView line = crlf ? raw.chopped(1) : raw;
            const qsizetype colon = line.indexOf(':');
            const QByteArrayView name = colon < 0 ? line : line.first(colon);
            if (colon <= 0 || !isToken(name)) {
                v.status = 400;
                v.reason = QStringLiteral("malformed header line %1").arg(number);
                return v;
            }
            const QByteArrayView value = line.sliced(colon + 1).trimmed();
            if (is(name, "host"))
                hosts.append(value);
            else if (is(name, "content-length"))
                lengths.append(value);
            else if (is(name, "transfer-encoding"))
                transferEncoding = true;
            else if (is(name, "origin"))
                origin = value;
            else if (is(name, "connection"))
                connection = value.toByteArray().toLower();
            else if (is(name, "expect"))
                expect = value.toByteArray().toLower();
            else if (is(name, "upgrade"))
                upgrade = value.toByteArray().toLower();
        }
        if (hosts.size() != 1 || !m_guard->isAllowedHost(hosts.first())) {
            v.status = hosts.size() == 1 ? 403 : 400;
            v.reason = hosts.size() == 1
                           ? QStringLiteral("Host '%1' is not this machine (DNS rebinding "
                                            "protection); use 127.0.0.1 or localhost")
                                 .arg(QString::fromLatin1(clip(hosts.first(), 100)))
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
                               .arg(QString::fromLatin1(clip(origin, 100)));
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
        // Chunked bodies are refused rather than decoded: every client of the gateway can send
        // Content-Length, and the guard's request boundaries stay one number.
        if (transferEncoding) {
            v.status = 411;
            v.reason = QStringLiteral(
                "Transfer-Encoding (chunked bodies) is not accepted: send a Content-Length");
            return v;
        }
        // Qt HttpServer would hand a WebSocket upgrade over instead of answering it.
        if (connection.contains("upgrade") && upgrade.contains("websocket")) {
            v.status = 400;
            v.reason = QStringLiteral("WebSocket upgrades are not served here");
            return v;
        }
        for (const QByteArrayView length : lengths) {
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
                       (version == "HTTP/1.0" && !connection.contains("keep-alive"));
        return v;
    }

    // The refusal is answered after every earlier request on the connection; nothing after the
    // refused request is read.
    void refuseInTurn(const Refusal &refusal)
    {
        m_inputEnded = true;
        if (m_ready.isEmpty() && !m_awaitingResponse)
            refuse(refusal);
        else
            m_refusal = refusal;
    }

    void refuse(const Refusal &refusal)
    {
        m_closing = true;
        m_refusal.reset();
        m_deadline.stop();
        if (m_handedOff)
            cutOffHttpServer();
        discardInput();
        m_socket->write(
            ::paybench::gateway::refusal(refusal.status, refusal.reason, refusal.allow));
        m_socket->disconnectFromHost();
        if (m_guard)
            Q_EMIT m_guard->requestRefused(refusal.method, refusal.path, refusal.status,
                                           refusal.reason);
    }

    void discardInput()
    {
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_socket->skip(m_socket->bytesAvailable());
    }

    // Qt HttpServer never sees the bytes of a refused connection. It reads on readyRead from
    // the server itself (Qt 6.4) or from a per-connection object (Qt 6.8), so every readyRead
    // receiver but the guard's is cut off.
    void cutOffHttpServer()
    {
        QObject::disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
        connect(m_socket, &QTcpSocket::readyRead, this, &GuardedConnection::onReadyRead);
    }

    // What the connection waits for now, and since when.
    [[nodiscard]] std::pair<Deadline, qint64> deadline() const
    {
        const GatewayLimits &limits = m_guard->m_limits;
        if (m_closing)
            return {Deadline::None, 0};
        if (m_awaitingResponse || !m_ready.isEmpty() || m_refusal)
            return {Deadline::Answer, m_answerDue + limits.idleTimeoutMs};
        if (m_phase == Phase::Body)
            return {Deadline::Body, m_requestStart + limits.requestTimeoutMs};
        if (!m_head.isEmpty() || !m_answered)
            return {Deadline::Head, m_requestStart + limits.headerTimeoutMs};
        return {Deadline::Idle, m_idleSince + limits.idleTimeoutMs};
    }

    void rearm()
    {
        const auto [kind, at] = deadline();
        if (kind == m_armedKind && at == m_armedAt)
            return; // restarting a timer on every read costs more than this comparison
        m_armedKind = kind;
        m_armedAt = at;
        if (kind == Deadline::None)
            m_deadline.stop();
        else
            m_deadline.start(int(qMax<qint64>(0, at - m_guard->now())));
    }

    void onDeadline()
    {
        const GatewayLimits &limits = m_guard->m_limits;
        switch (m_armedKind) {
        case Deadline::None:
            return;
        case Deadline::Answer:
            // An answer that never came (a timeout fault): close without a word.
            m_closing = true;
            if (m_handedOff)
                cutOffHttpServer();
            m_socket->abort();
            return;
        case Deadline::Body:
            refuse(
                {408,
                 QStringLiteral("request not received within %1 ms").arg(limits.requestTimeoutMs),
                 {},
                 {},
                 {}});
            return;
        case Deadline::Head:
            if (!m_head.isEmpty()) {
                refuse({408,
                        QStringLiteral("request head not received within %1 ms")
                            .arg(limits.headerTimeoutMs),
                        {},
                        {},
                        {}});
                return;
            }
            closeIdle(); // nothing was asked
            return;
        case Deadline::Idle:
            closeIdle();
            return;
        }
    }

    QPointer<ConnectionGuard> m_guard;
    QTcpSocket *m_socket;
    QTimer m_deadline;
    Deadline m_armedKind = Deadline::None;
    qint64 m_armedAt = -1;

    // The request being scanned.
    Phase m_phase = Phase::Head;
    QByteArray m_head;
    qsizetype m_methodChecked = 0; // bytes of m_head known to be method characters; -1: done
    int m_blankBytes = 0;
    qint64 m_bodyRemaining = 0;
    qint64 m_requestBytes = 0;
    bool m_requestCloseAfter = false;
    bool m_requestBegun = false;
    qint64 m_requestStart = 0;

    QList<Request> m_ready;
    std::optional<Refusal> m_refusal; // after the requests in m_ready
    qint64 m_scanned = 0;             // bytes at the front of the socket buffer already scanned
    bool m_inputEnded = false;        // after a refused request or Connection: close
    bool m_continueOwed = false;

    bool m_awaitingResponse = false;
    bool m_closeAfterResponse = false;
    qint64 m_answerDue = 0; // when the request being answered was dispatched
    bool m_answered = false;
    qint64 m_idleSince = 0;
    bool m_handedOff = false;
    bool m_closing = false;
};

ConnectionGuard::ConnectionGuard(const GatewayLimits &limits, const QStringList &allowedHosts,
                                 RoutePolicy policy, QObject *parent)
    : QTcpServer(parent), m_limits(limits), m_allowedHosts(allowedHosts),
      m_policy(std::move(policy))
{
    m_clock.start();
}

ConnectionGuard::~ConnectionGuard()
{
    // Sockets go first, while the guard's members are still alive for their bookkeeping.
    const QList<QTcpSocket *> sockets = m_connections.keys();
    m_connections.clear();
    qDeleteAll(sockets);
}

bool ConnectionGuard::isAllowedHost(QByteArrayView hostHeader) const
{
    // Nearly every request names the host the one before named: that answer is kept.
    if (!m_lastAllowedHost.isNull() && hostHeader == m_lastAllowedHost)
        return true;
    if (!isAllowedHostName(hostHeader))
        return false;
    m_lastAllowedHost = hostHeader.toByteArray();
    return true;
}

bool ConnectionGuard::isAllowedHostName(QByteArrayView hostHeader) const
{
    QByteArray host = hostHeader.trimmed().toByteArray().toLower();
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
    if (m_connections.size() >= m_limits.maxConnections && !closeLongestIdle()) {
        socket->write(refusal(
            503, QStringLiteral("too many connections (limit %1)").arg(m_limits.maxConnections)));
        socket->disconnectFromHost();
        Q_EMIT requestRefused({}, {}, 503, QStringLiteral("connection limit reached"));
        return;
    }
    m_connections.insert(socket, new GuardedConnection(this, socket));
}

// At the cap, as nginx reuses idle keep-alive connections: the connection idle the longest
// (nothing begun, nothing owed) makes room. A linear search, run only at the cap.
bool ConnectionGuard::closeLongestIdle()
{
    QTcpSocket *oldest = nullptr;
    qint64 oldestSince = 0;
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        if (it.value()->isIdle() && (!oldest || it.value()->idleSince() < oldestSince)) {
            oldest = it.key();
            oldestSince = it.value()->idleSince();
        }
    }
    if (!oldest)
        return false;
    GuardedConnection *connection = m_connections.value(oldest);
    forget(oldest); // counted out now: the socket itself goes once it has disconnected
    connection->closeIdle();
    return true;
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

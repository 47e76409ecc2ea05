#include "WebhookReceiver.h"

#include "WebhookLab.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace paybench::support {

WebhookSend replaySend(const CapturedWebhook &webhook)
{
    // Hop-by-hop and transport headers are the client's own; the rest is what was signed.
    static const QList<QByteArray> kDropped{
        "host",       "content-length", "connection", "accept-encoding", "accept-language",
        "user-agent", "accept"};
    WebhookMessage message;
    message.eventBody = webhook.body;
    message.body = webhook.body;
    for (const webhook::Header &header : webhook.headers) {
        if (kDropped.contains(header.first.toLower()))
            continue;
        message.headers.append(header);
        if (header.first.compare("content-type", Qt::CaseInsensitive) != 0)
            message.signatureHeaders.append(header);
    }
    WebhookSend send;
    send.wrap = WebhookWrap::Raw;
    send.scheme = webhook.verification.scheme;
    send.tamper = Tamper::Duplicate;
    if (const json::ParseResult parsed = json::parse(webhook.body); parsed.value) {
        send.eventId = webhookEventId(*parsed.value);
        if (const json::OrderedValue *type = parsed.value->member(QStringLiteral("type")))
            send.eventType = type->toString();
    }
    send.messages = {message};
    send.expected = ExpectedAnswer::Accept;
    send.expectation = QStringLiteral("a replay of a webhook received before: acknowledge it with "
                                      "2xx and ignore it (the event id was seen)");
    return send;
}

WebhookReceiver::WebhookReceiver(QObject *parent) : QObject(parent), m_server(new QTcpServer(this))
{
    qRegisterMetaType<paybench::support::CapturedWebhook>();
    connect(m_server, &QTcpServer::newConnection, this, &WebhookReceiver::accept);
}

WebhookReceiver::~WebhookReceiver()
{
    close();
}

void WebhookReceiver::setVerification(webhook::Scheme scheme, const QByteArray &secret)
{
    m_scheme = scheme;
    m_secret = secret;
}

quint16 WebhookReceiver::listen(quint16 port, const QHostAddress &address, QString *error)
{
    close();
    if (!m_server->listen(address, port)) {
        if (error)
            *error = m_server->errorString();
        return 0;
    }
    return m_server->serverPort();
}

void WebhookReceiver::close()
{
    m_server->close();
    const auto sockets = m_buffers.keys();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    m_buffers.clear();
}

quint16 WebhookReceiver::port() const
{
    return m_server->isListening() ? m_server->serverPort() : 0;
}

void WebhookReceiver::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        m_buffers.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
        // A client that never finishes its request does not keep the socket forever.
        QTimer::singleShot(kRequestTimeoutMs, socket, [this, socket] {
            if (m_buffers.contains(socket))
                answer(socket, 408, R"({"error":"request timeout"})");
        });
    }
}

void WebhookReceiver::read(QTcpSocket *socket)
{
    auto it = m_buffers.find(socket);
    if (it == m_buffers.end())
        return;
    QByteArray &buffer = *it;
    buffer += socket->readAll();
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (buffer.size() > kMaxHeadBytes)
            answer(socket, 431, R"({"error":"request head too large"})");
        return;
    }
    CapturedWebhook webhook;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    webhook.method = requestLine.value(0);
    webhook.path = requestLine.value(1);
    qint64 length = -1;
    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        webhook.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        if (webhook.headers.last().first.compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = false;
            length = webhook.headers.last().second.toLongLong(&ok);
            if (!ok)
                length = -2;
        }
    }
    if (webhook.method != "POST") {
        answer(socket, 405, R"({"error":"POST only"})");
        return;
    }
    if (length < 0) {
        answer(socket, length == -1 ? 411 : 400, R"({"error":"Content-Length required"})");
        return;
    }
    if (length > kOpenfrontMaxWebhookBytes) {
        answer(socket, 413, R"({"error":"payload too large"})");
        return;
    }
    if (buffer.size() < headEnd + 4 + length)
        return;
    webhook.body = buffer.mid(headEnd + 4, length);
    webhook.at = QDateTime::currentDateTimeUtc();
    webhook.verification = explainSignature(webhook.body, webhook.headers, m_secret, m_scheme);
    webhook.answeredStatus = webhook.verification.valid() ? 200 : 401;
    answer(socket, webhook.answeredStatus,
           webhook.verification.valid() ? QByteArrayLiteral(R"({"received":true})")
                                        : QByteArrayLiteral(R"({"error":"invalid signature"})"));
    m_captured.append(webhook);
    if (m_captured.size() > kMaxCaptured)
        m_captured.removeFirst();
    emit webhookCaptured(webhook);
}

void WebhookReceiver::answer(QTcpSocket *socket, int status, const QByteArray &body)
{
    m_buffers.remove(socket);
    socket->write("HTTP/1.1 " + QByteArray::number(status) +
                  " \r\nContent-Type: application/json\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
}

} // namespace paybench::support

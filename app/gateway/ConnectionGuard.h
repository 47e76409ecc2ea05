#pragma once

#include "GatewayConfig.h"

#include <QHash>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

namespace paybench::gateway {

class GuardedConnection;

// The listening socket handed to Qt HttpServer (QAbstractHttpServer::bind). Qt HttpServer 6.4
// sets no limits of its own: it buffers any body, keeps idle sockets forever and answers
// pipelined requests out of order. The guard reads every request head before Qt HttpServer
// gets the bytes (peeking at the socket buffer) and refuses, with its own JSON answer and a
// closed connection: bodies over the limit (413, before they are buffered), chunked bodies
// (411), unknown paths (404), other methods (405 with Allow), a Host or Origin that is not this
// machine (403, against DNS rebinding), heads too large (431), slow requests (408), pipelined
// requests (400), and connections over the cap (503). Idle connections are closed, and
// Connection: close (or HTTP/1.0 without keep-alive) is honoured after the answer.
class ConnectionGuard final : public QTcpServer
{
    Q_OBJECT

public:
    // The methods a path accepts ("POST", "GET"); empty for an unknown path.
    using RoutePolicy = std::function<QByteArray(const QByteArray &path)>;

    ConnectionGuard(const GatewayLimits &limits, const QStringList &allowedHosts,
                    RoutePolicy policy, QObject *parent = nullptr);
    ~ConnectionGuard() override;
    Q_DISABLE_COPY_MOVE(ConnectionGuard)

    // Called by the request handler: Qt HttpServer has read the request it is dispatching now.
    // Returns that request's connection (nullptr if none) and moves the guard's view of the
    // connection's buffer past the request. Told here rather than after Qt HttpServer's
    // readyRead slot because Qt 6.8 reconnects that slot after every answer, so it no longer
    // runs in a fixed order with the guard's.
    QTcpSocket *takeDispatchedRequest();
    // An answer was written on `socket`: it may take its next request.
    void responseWritten(QTcpSocket *socket);
    [[nodiscard]] int connectionCount() const { return int(m_connections.size()); }

    // True when `host` (a Host header or an Origin's host, port allowed) names this machine.
    [[nodiscard]] bool isAllowedHost(const QByteArray &host) const;

Q_SIGNALS:
    void requestRefused(const QByteArray &method, const QByteArray &path, int status,
                        const QString &reason);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    friend class GuardedConnection;
    void handOff(QTcpSocket *socket);
    void forget(QTcpSocket *socket)
    {
        m_connections.remove(socket);
        if (m_current == socket)
            m_current = nullptr;
    }

    GatewayLimits m_limits;
    QStringList m_allowedHosts;
    RoutePolicy m_policy;
    QTcpSocket *m_current = nullptr;
    QHash<QTcpSocket *, GuardedConnection *> m_connections;
};

} // namespace paybench::gateway

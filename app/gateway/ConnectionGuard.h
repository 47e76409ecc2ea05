#pragma once

#include "GatewayConfig.h"

#include <QElapsedTimer>
#include <QHash>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

namespace paybench::gateway {

class GuardedConnection;

// The listening socket handed to Qt HttpServer (QAbstractHttpServer::bind). Qt HttpServer sets
// no limits of its own: it buffers any body, keeps idle sockets forever, and Qt 6.4 answers
// pipelined requests out of order. The guard reads every byte before Qt HttpServer does and
// knows where each request ends (its head, then exactly Content-Length bytes of body), however
// the bytes are split: Qt HttpServer is shown one complete request at a time, and only once the
// answer to the previous one was written, so pipelined requests are answered in order. The
// guard refuses, with its own JSON answer (in its turn) and a closed connection: bodies over the
// limit (413, before they are buffered), chunked bodies (411), unknown paths (404), other methods
// (405 with Allow), a Host or Origin that is not this machine (403, against DNS rebinding), heads
// too large (431), slow requests (408), anything that is not HTTP (400 at its first byte, such
// as a TLS hello), and connections over the cap (503) when no connection is idle. A connection
// that sends no complete head in time is closed, as is an idle keep-alive connection after a
// while or when a new connection needs its place; Connection: close (or HTTP/1.0 without
// keep-alive) is honoured after the answer.
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
    // Returns that request's connection (nullptr if none). The guard showed Qt HttpServer that
    // request just before, in the same readyRead, so it is the one being dispatched.
    QTcpSocket *takeDispatchedRequest();
    // An answer was written on `socket`: it may take its next request.
    void responseWritten(QTcpSocket *socket);
    [[nodiscard]] int connectionCount() const { return int(m_connections.size()); }

    // True when `host` (a Host header or an Origin's host, port allowed) names this machine.
    [[nodiscard]] bool isAllowedHost(QByteArrayView host) const;

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
    bool closeLongestIdle();
    [[nodiscard]] bool isAllowedHostName(QByteArrayView host) const;
    [[nodiscard]] qint64 now() const { return m_clock.elapsed(); }

    GatewayLimits m_limits;
    QStringList m_allowedHosts;
    mutable QByteArray m_lastAllowedHost; // the last Host isAllowedHost() accepted
    RoutePolicy m_policy;
    QElapsedTimer m_clock;
    QTcpSocket *m_current = nullptr;
    QHash<QTcpSocket *, GuardedConnection *> m_connections;
};

} // namespace paybench::gateway
